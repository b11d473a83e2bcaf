//! `signpost check`, `signpost i18n status` and `signpost new`.

use crate::common::TestSite;

fn check(site: &TestSite, extra: &[&str]) -> (bool, String) {
    let root = site.root().to_str().unwrap();
    let output = site.run(&[&["check", "--root", root], extra].concat(), &[]);
    (output.status.success(), String::from_utf8(output.stdout).unwrap())
}

fn json(site: &TestSite) -> serde_json::Value {
    serde_json::from_str(&check(site, &["--format", "json"]).1).unwrap()
}

/// Findings as `file:line:column severity message`, with the temporary root removed.
fn findings(site: &TestSite) -> Vec<String> {
    let root = site.root().to_str().unwrap().to_string() + "/";
    json(site)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {} {}",
                f["file"].as_str().unwrap().replace(&root, ""),
                f["line"],
                f["column"],
                f["severity"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect()
}

fn has(list: &[String], wanted: &str) -> bool {
    list.iter().any(|f| f.starts_with(wanted) || f.contains(wanted))
}

#[test]
fn reports_each_kind_of_finding_with_file_line_and_column() {
    let site = TestSite::new("basic");
    site.write("content/guides/beta.md", "---\ntitle: Beta guide\nweight: 10\nreviewed: 2020-01-01\n---\n\n## Who can join?\n\n#### Too deep\n\n![](/chart.png)\n\nSee [alpha](alpha.md#no-such-heading) and [here](#who-can-join).\n");
    site.write("locales/en/site.ftl", "site-title = Fixture Guides in English\nonly-in-english = Only in English\n");
    let list = findings(&site);
    let expected = [
        "content/guides/beta.md:13:5 error broken anchor `#no-such-heading`: the `en` version of guides/alpha has no heading with that id",
        "content/guides/beta.md:9:1 warning heading level skips from h2 to h4",
        "content/guides/beta.md:11:1 warning image without alt text",
        "content/guides/beta.md:4:1 warning overdue for review: last checked 2020-01-01",
        "content/guides/beta.md:1:1 warning no `ar` translation",
        "content/guides/alpha.ar.md:6:3 warning stale translation: content/guides/alpha.md changed",
        "content/guides/alpha.ar.md:5:3 warning draft translation",
        "content/_index.ar.md:1:1 warning no `translation.source_hash`",
        "locales/en/site.ftl:2:1 warning message `only-in-english` is never used by a template",
        "locales/en/site.ftl:2:1 warning message `only-in-english` has no `ar` translation",
    ];
    for wanted in expected {
        assert!(has(&list, wanted), "missing {wanted:?} in {list:#?}");
    }
    assert!(!list.iter().any(|f| f.contains("#who-can-join")), "a same-page anchor that exists is fine");
}

#[test]
fn exit_code_follows_errors_and_strict() {
    let site = TestSite::new("basic");
    let (ok, text) = check(&site, &[]);
    assert!(ok, "warnings alone pass: {text}");
    assert!(text.contains("0 errors, "), "{text}");
    let (strict, _) = check(&site, &["--strict"]);
    assert!(!strict, "--strict fails on warnings");

    site.write("content/guides/beta.md", "---\ntitle: Beta\n---\n\n[x](missing.md)\n");
    let (ok, text) = check(&site, &[]);
    assert!(!ok);
    assert!(text.contains("content/guides/beta.md\n"), "grouped by file: {text}");
    assert!(text.contains("5:1   error   broken link `missing.md`"), "{text}");
    assert!(!site.public().exists(), "check writes nothing");
}

#[test]
fn json_report_has_a_stable_shape() {
    let site = TestSite::new("basic");
    let report = json(&site);
    let keys: Vec<&str> = report.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["errors", "findings", "warnings"]);
    assert_eq!(report["errors"], 0);
    let first = &report["findings"][0];
    let mut keys: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["column", "file", "line", "message", "severity"]);
    assert_eq!(report["warnings"].as_u64().unwrap() as usize, report["findings"].as_array().unwrap().len());
}

#[test]
fn status_counts_each_language() {
    let site = TestSite::new("basic");
    let output = site.run(&["i18n", "status", "--root", site.root().to_str().unwrap()], &[]);
    let table = String::from_utf8(output.stdout).unwrap();
    let row = |lang: &str| table.lines().find(|l| l.starts_with(lang)).unwrap().split_whitespace().collect::<Vec<_>>();
    assert_eq!(row("ar"), ["ar", "6", "2", "0", "1", "1", "4", "96%"], "{table}");
    assert_eq!(row("pl"), ["pl", "6", "0", "0", "0", "0", "6", "96%"], "{table}");
    assert_eq!(row("pt-BR").last(), Some(&"3%"), "pt-BR has only site-title of its own: {table}");
}

#[test]
fn new_scaffolds_a_factsheet_and_a_translation() {
    let site = TestSite::new("basic");
    let root = site.root().to_str().unwrap();
    let output = site.run(&["new", "guides/postal-votes", "--root", root], &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(site.root().join("content/guides/postal-votes.md")).unwrap();
    for field in [
        "title: Postal votes",
        "description:",
        "reviewed:",
        "sources:",
        "audience:",
        "weight:",
        "quick_exit:",
        "draft: true",
    ] {
        assert!(text.contains(field), "{field}");
    }
    site.build_ok();
    assert!(!site.public().join("en/guides/postal-votes").exists(), "a new page is a draft");

    let output = site.run(&["new", "guides/beta", "--root", root, "--lang", "pl"], &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(site.root().join("content/guides/beta.pl.md")).unwrap();
    assert!(text.contains("status: draft") && text.contains("Anyone can join."), "{text}");
    site.build_ok();
    let page = site.page("pl/guides/beta/index.html");
    assert!(
        page.contains("Tego tłumaczenia nie sprawdziła") && !page.contains("Oryginał tej strony"),
        "a current draft"
    );

    let again = site.run(&["new", "guides/beta", "--root", root, "--lang", "pl"], &[]);
    assert!(!again.status.success(), "never overwrites");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

#[test]
fn reports_front_matter_fluent_and_template_errors() {
    let site = TestSite::new("basic");
    site.write("content/guides/beta.md", "---\ntitle: Beta\nwieght: 3\n---\n");
    assert!(has(&findings(&site), "content/guides/beta.md:3:1 error unknown field `wieght`"));

    let site = TestSite::new("basic");
    site.write("locales/en/site.ftl", "site-title = Fine\n\nbroken = { $x\n");
    assert!(has(&findings(&site), "locales/en/site.ftl:3:1 error Fluent syntax"));

    let site = TestSite::new("basic");
    site.write(
        "templates/section.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ page.missing }}{% endblock main %}\n",
    );
    let list = findings(&site);
    assert!(list.iter().any(|f| f.starts_with("templates/section.html:2:") && f.contains(" error ")), "{list:#?}");
}
