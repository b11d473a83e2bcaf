//! `signpost i18n ...`: the translation workflow.

use crate::common::TestSite;

#[test]
fn stamp_records_the_source_hash_and_nothing_else() {
    let site = TestSite::new("basic");
    let file = "content/guides/alpha.ar.md";
    let before = std::fs::read_to_string(site.root().join(file)).unwrap();
    site.build_ok();
    assert!(site.page("ar/guides/alpha/index.html").contains("تغيّرت النسخة الأصلية"), "stale before");

    let output = site.run(
        &["i18n", "stamp", "--root", site.root().to_str().unwrap(), site.root().join(file).to_str().unwrap()],
        &[],
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("content/guides/alpha.ar.md: stamped ("), "{stdout}");

    let after = std::fs::read_to_string(site.root().join(file)).unwrap();
    let hash = after.lines().find_map(|l| l.trim().strip_prefix("source_hash: ")).unwrap();
    assert_eq!(hash.len(), 8);
    assert_eq!(after, before.replace("source_hash: 00000000", &format!("source_hash: {hash}")));

    site.build_ok();
    assert!(!site.page("ar/guides/alpha/index.html").contains("تغيّرت النسخة الأصلية"), "no longer stale");
    let again = site.run(
        &["i18n", "stamp", "--root", site.root().to_str().unwrap(), site.root().join(file).to_str().unwrap()],
        &[],
    );
    assert!(String::from_utf8(again.stdout).unwrap().contains("already up to date"));
}

#[test]
fn stamp_refuses_files_that_are_not_translations() {
    let site = TestSite::new("basic");
    let root = site.root().to_str().unwrap();
    let source = site.root().join("content/guides/beta.md");
    let output = site.run(&["i18n", "stamp", "--root", root, source.to_str().unwrap()], &[]);
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("content/guides/beta.md:1:1: error: not a translation"), "{stderr}");

    site.write("content/guides/nothing.pl.md", "---\ntitle: Nic\n---\n");
    let orphan = site.root().join("content/guides/nothing.pl.md");
    let output = site.run(&["i18n", "stamp", "--root", root, orphan.to_str().unwrap()], &[]);
    assert!(String::from_utf8(output.stderr).unwrap().contains("translation without a source"));
    assert_eq!(std::fs::read_to_string(&orphan).unwrap(), "---\ntitle: Nic\n---\n", "left unchanged");
}
