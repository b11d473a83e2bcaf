//! `signpost build` on the fixture sites under tests/fixtures/.

use crate::common::{TestSite, main_of, snapshot};

#[test]
fn every_page_is_written_in_every_language() {
    let site = TestSite::new("basic");
    let stdout = site.build_ok();
    assert!(stdout.starts_with("Built 24 pages (en 6, ar 6, pl 6, pt-BR 6) in "), "{stdout}");
    for lang in ["en", "ar", "pl", "pt-BR"] {
        for path in ["", "guides/", "guides/alpha/", "guides/beta/", "guides/deep/", "guides/deep/gamma/"] {
            assert!(site.public().join(lang).join(path).join("index.html").is_file(), "{lang}/{path}");
        }
    }
    for file in ["index.html", "404.html", "sitemap.xml", "robots.txt", "style.css", "extra.css"] {
        assert!(site.public().join(file).is_file(), "{file}");
    }
    assert!(!site.public().join("en/guides/draft-page").exists(), "drafts are left out");
}

#[test]
fn drafts_are_built_when_asked() {
    let site = TestSite::new("basic");
    let output = site.build(&["--drafts"]);
    assert!(output.status.success());
    assert!(site.page("ar/guides/draft-page/index.html").contains("Draft page"));
}

#[test]
fn missing_translation_falls_back_with_a_notice_and_language_marks() {
    let site = TestSite::new("basic");
    site.build_ok();
    let html = site.page("ar/guides/beta/index.html");
    assert!(html.starts_with("<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">"));
    assert!(html.contains(r#"<h1 lang="en" dir="ltr">Beta guide</h1>"#), "{html}");
    assert!(html.contains(r#"<div class="content" id="text" lang="en" dir="ltr">"#));
    assert!(html.contains("هذه الصفحة غير مترجمة بعد"), "the notice is in the reader's language");
    assert!(html.contains("انتقل إلى المحتوى الرئيسي"), "the interface is in the reader's language");
    let translated = site.page("en/guides/beta/index.html");
    assert!(!translated.contains("class=\"notice\""));
}

#[test]
fn stale_and_draft_translations_say_so() {
    let site = TestSite::new("basic");
    site.build_ok();
    let html = site.page("ar/guides/alpha/index.html");
    assert!(html.contains("تغيّرت النسخة الأصلية"), "stale notice");
    assert!(html.contains("لم يراجع هذه الترجمة"), "draft notice");
    assert!(html.contains("<h1>دليل ألفا</h1>"), "a translation carries no fallback marks");
}

#[test]
fn direction_follows_the_language() {
    let site = TestSite::new("basic");
    site.build_ok();
    assert!(site.page("ar/index.html").contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(site.page("pl/index.html").contains(r#"<html lang="pl" dir="ltr">"#));
    assert!(site.page("pt-BR/index.html").contains(r#"<html lang="pt-BR" dir="ltr">"#));
}

#[test]
fn every_page_links_its_alternates_and_canonical() {
    let site = TestSite::new("basic");
    site.build_ok();
    let html = site.page("pl/guides/alpha/index.html");
    assert!(html.contains(r#"<link rel="canonical" href="https://guides.example.org/help/pl/guides/alpha/">"#));
    for lang in ["en", "ar", "pl", "pt-BR"] {
        let link = format!(
            r#"<link rel="alternate" hreflang="{lang}" href="https://guides.example.org/help/{lang}/guides/alpha/">"#
        );
        assert!(html.contains(&link), "{link}");
    }
    assert!(html.contains(
        r#"<link rel="alternate" hreflang="x-default" href="https://guides.example.org/help/en/guides/alpha/">"#
    ));
    assert!(
        html.contains(r#"<a href="/help/ar/guides/alpha/" lang="ar" hreflang="ar" dir="rtl">العربية</a>"#),
        "language switcher"
    );
}

#[test]
fn the_root_chooses_a_language_by_its_own_name() {
    let site = TestSite::new("basic");
    site.build_ok();
    let html = site.page("index.html");
    assert!(html.contains(r#"<a href="/help/ar/" lang="ar" hreflang="ar" dir="rtl"><span class="name">العربية</span> <span class="prompt">اختر لغتك</span></a>"#), "{html}");
    assert!(html.contains(r#"<span class="name">Polski</span> <span class="prompt">Wybierz język</span>"#));
}

#[test]
fn sitemap_lists_every_page_with_its_alternates() {
    let site = TestSite::new("basic");
    site.build_ok();
    let xml = site.page("sitemap.xml");
    assert_eq!(xml.matches("<url>").count(), 24);
    assert!(xml.contains("<loc>https://guides.example.org/help/ar/guides/beta/</loc>"));
    assert_eq!(xml.matches(r#"hreflang="x-default""#).count(), 24);
    assert!(xml.contains(
        r#"<xhtml:link rel="alternate" hreflang="pt-BR" href="https://guides.example.org/help/pt-BR/guides/beta/"/>"#
    ));
}

#[test]
fn links_to_content_files_resolve_in_the_page_language() {
    let site = TestSite::new("basic");
    site.build_ok();
    let html = site.page("pl/guides/alpha/index.html");
    assert!(html.contains(r##"<a href="/help/pl/guides/beta/#who-can-join">beta</a>"##));
    assert!(html.contains(r#"<a href="/help/pl/guides/deep/gamma/">deep</a>"#));
    assert!(html.contains(r#"<a href="/help/pl/guides/">the section</a>"#));
    let gamma = site.page("ar/guides/deep/gamma/index.html");
    assert!(gamma.contains(r#"<a href="/help/ar/guides/alpha/">alpha</a>"#), "BOM and CRLF file parsed");
}

#[test]
fn sections_list_their_guides_in_weight_order_with_plural_counts() {
    let site = TestSite::new("basic");
    site.build_ok();
    let html = site.page("en/guides/index.html");
    let beta = html.find("Beta guide").unwrap();
    let alpha = html.find("Alpha guide").unwrap();
    assert!(beta < alpha, "weight 10 before weight 20");
    assert!(html.contains(">2 guides<"));
    assert!(site.page("ar/guides/index.html").contains(">دليلان<"), "Arabic dual");
    assert!(site.page("pl/guides/index.html").contains(">2 poradniki<"));
}

#[test]
fn factsheets_show_review_date_toc_and_sources() {
    let site = TestSite::new("basic");
    site.build_ok();
    let html = site.page("en/guides/alpha/index.html");
    assert!(html.contains(r#"Last checked: <time datetime="2026-11-01">1 November 2026</time>"#));
    assert!(html.contains(r##"<li><a href="#first-heading">First heading</a></li>"##));
    assert!(html.contains(r#"<h2 id="first-heading">First heading</h2>"#));
    assert!(html.contains(r#"<a href="https://www.gov.uk/" lang="en" dir="ltr">GOV.UK</a>"#));
    assert!(site.page("pl/guides/alpha/index.html").contains("1 listopada 2026"));
    assert_eq!(html.matches("<h1").count(), 1);
    for landmark in ["<header", "<nav", "<main", "<footer", r##"href="#main""##] {
        assert!(html.contains(landmark), "{landmark}");
    }
}

#[test]
fn site_title_message_replaces_the_configured_title_per_language() {
    let site = TestSite::new("basic");
    site.build_ok();
    assert!(site.page("en/index.html").contains("Fixture Guides in English"));
    assert!(site.page("ar/index.html").contains("أدلة الاختبار"));
    assert!(site.page("pt-BR/index.html").contains("Guias de teste"), "pt-BR falls back to pt");
}

#[test]
fn missing_messages_are_reported_and_fall_back() {
    let site = TestSite::new("basic");
    let output = site.build(&[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("locales/en/site.ftl:2:1: warning: message `only-in-english` has no `ar` translation"),
        "{stderr}"
    );
    assert!(stderr.contains("message `skip-to-content` has no `pt-BR` translation"));
    let html = site.page("pt-BR/index.html");
    assert!(html.contains(">Skip to main content<"), "falls back to the default language, never a raw key");
    let quiet = site.build(&["--quiet"]);
    assert!(quiet.status.success());
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());
}

#[test]
fn raw_html_from_translators_is_sanitised() {
    let site = TestSite::new("basic");
    site.build_ok();
    let html = site.page("ar/guides/alpha/index.html");
    let main = main_of(&html);
    assert!(!main.contains("<script"), "{main}");
    assert!(!main.contains("onclick"));
    assert!(main.contains("<p>نص</p>"));
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let site = TestSite::new("basic");
    site.build_ok();
    assert!(site.page("robots.txt").contains("# overridden by the site"));
    assert_eq!(site.page("extra.css"), "body { color: black; }\n");
    site.write("templates/404.html", "{% extends \"base.html\" %}{% block main %}<h1>Lost</h1>{% endblock main %}");
    site.build_ok();
    assert!(site.page("404.html").contains("<h1>Lost</h1>"));
}

#[test]
fn base_url_flag_moves_every_link() {
    let site = TestSite::new("basic");
    let output = site.build(&["--base-url", "http://127.0.0.1:1111"]);
    assert!(output.status.success());
    let html = site.page("en/guides/alpha/index.html");
    assert!(html.contains(r#"<link rel="canonical" href="http://127.0.0.1:1111/en/guides/alpha/">"#));
    assert!(html.contains(r#"href="/style.css""#));
}

#[test]
fn errors_are_all_reported_with_file_line_and_column() {
    let site = TestSite::new("broken");
    let output = site.build(&[]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let root = site.root().display().to_string();
    let expected = [
        "content/guides/links.fr.md:1:1: error: language `fr` is not configured in site.yaml",
        "content/guides/links.md:7:23: error: broken link `missing.md`: there is no content/guides/missing.md",
        "content/guides/orphan.ar.md:1:1: error: translation without a source",
        "content/guides/typo.md:3:1: error: unknown field `descripton`",
    ];
    for line in expected {
        assert!(stderr.contains(&format!("{root}/{line}")), "missing {line:?} in\n{stderr}");
    }
    assert!(stderr.contains("Build failed with 4 errors; the previous output is unchanged."));
    assert!(!site.public().exists());
}

#[test]
fn template_and_fluent_errors_name_their_file() {
    let site = TestSite::new("basic");
    site.write("locales/en/site.ftl", "site-title = Fine\n\nbroken = { $name\n");
    let stderr = String::from_utf8(site.build(&[]).stderr).unwrap();
    assert!(stderr.contains("locales/en/site.ftl:3:1: error: Fluent syntax"), "{stderr}");

    let site = TestSite::new("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.nope }}\n{% endblock main %}\n",
    );
    let stderr = String::from_utf8(site.build(&[]).stderr).unwrap();
    assert!(stderr.contains("templates/page.html:3:"), "{stderr}");
    assert!(stderr.contains("content/guides/alpha.md"), "names the page being rendered: {stderr}");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::new("basic");
    site.build_ok();
    let before = snapshot(&site.public());
    site.write("content/guides/beta.md", "---\ntitle: Beta\nweight: ten\n---\n");
    let output = site.build(&[]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("content/guides/beta.md:3:9: error:"), "{stderr}");
    assert_eq!(snapshot(&site.public()), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.new") || n.starts_with(".public.old"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_rebuild_puts_right_what_was_changed_in_the_output() {
    let site = TestSite::new("basic");
    site.build_ok();
    site.build_ok(); // the second build records the output
    assert!(site.root().join(".public-cache/output-record").is_file());
    let before = snapshot(&site.public());
    let public = site.public();
    std::fs::remove_file(public.join("en/guides/alpha/index.html")).unwrap();
    std::fs::write(public.join("ar/guides/beta/index.html"), "edited in place").unwrap();
    std::fs::write(public.join("en/guides/stray.html"), "not the site's").unwrap();
    std::fs::create_dir_all(public.join("en/guides/deep/stray/empty")).unwrap();
    site.build_ok();
    assert_eq!(snapshot(&site.public()), before);
    assert!(!public.join("en/guides/deep/stray").exists(), "folders the site does not have are removed");
}

#[test]
fn output_is_byte_identical_whatever_the_thread_count() {
    let site = TestSite::new("basic");
    let root = site.root().to_str().unwrap();
    let one = site.root().join("out-one");
    let many = site.root().join("out-many");
    let first = site.run(&["build", "--root", root, "--output", one.to_str().unwrap()], &[("RAYON_NUM_THREADS", "1")]);
    let second =
        site.run(&["build", "--root", root, "--output", many.to_str().unwrap()], &[("RAYON_NUM_THREADS", "8")]);
    assert!(first.status.success() && second.status.success());
    let (a, b) = (snapshot(&one), snapshot(&many));
    assert_eq!(a.len(), 103);
    assert!(a == b, "two builds differ");
}

#[test]
fn refuses_an_output_folder_that_would_delete_the_site() {
    let site = TestSite::new("basic");
    for output in [".", "content"] {
        let out = site.root().join(output);
        let result = site.build(&["--output", out.to_str().unwrap()]);
        assert!(!result.status.success());
        assert!(String::from_utf8_lossy(&result.stderr).contains("refusing to use"));
    }
    assert!(site.root().join("content/_index.md").is_file());
}

#[test]
fn fallback_page_snapshot() {
    let site = TestSite::new("basic");
    site.build_ok();
    insta::assert_snapshot!(site.page("ar/guides/beta/index.html"));
}

#[test]
fn help_explains_each_subcommand() {
    let site = TestSite::new("basic");
    let help = String::from_utf8(site.run(&["--help"], &[]).stdout).unwrap();
    assert!(help.contains("build  Build the site"), "{help}");
    let build_help = String::from_utf8(site.run(&["build", "--help"], &[]).stdout).unwrap();
    for flag in ["--root", "--output", "--base-url", "--drafts", "--quiet", "--verbose"] {
        assert!(build_help.contains(flag), "{flag}");
    }
}

#[test]
fn another_theme_changes_only_what_it_ships() {
    let site = TestSite::new("basic");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}theme: plain\n"));
    std::fs::create_dir_all(site.root().join("themes/plain/templates")).unwrap();
    std::fs::create_dir_all(site.root().join("themes/plain/locales/en")).unwrap();
    site.write("themes/plain/templates/page.html", "<p>{{ t(key=\"plain-hello\") }} {{ page.title }}</p>\n");
    site.write("themes/plain/locales/en/plain.ftl", "plain-hello = Plain\n");
    site.build_ok();
    assert_eq!(site.page("en/guides/beta/index.html"), "<p>Plain Beta guide</p>\n");
    assert!(site.page("en/guides/index.html").contains("<main"), "other templates come from the default theme");

    site.write("site.yaml", &format!("{yaml}theme: missing\n"));
    let stderr = String::from_utf8(site.build(&[]).stderr).unwrap();
    assert!(stderr.contains("site.yaml:13:8: error: theme `missing` not found"), "{stderr}");
}
