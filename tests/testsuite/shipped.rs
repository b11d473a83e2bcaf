//! The guides shipped in the repository's own content/ and locales/: complete, sourced,
//! translated into every language, and building without errors or missing strings.

use signpost::content::{Kind, TranslationStatus};
use signpost::{LoadOptions, Site};
use std::path::Path;

/// Every factsheet the site must carry.
const FACTSHEETS: &[&str] = &[
    "vote/who-can-vote",
    "vote/register-to-vote",
    "vote/voter-id",
    "join/trade-unions",
    "join/political-parties",
    "join/advocacy-groups",
    "safety/taking-part-safely",
    "safety/immigration-advice",
    "stand/standing-for-election",
    "organise/organising-in-your-community",
    "providers/supporting-clients",
];

const LANGUAGES: &[&str] = &["en", "ar", "fa", "uk", "pl", "es"];

/// Copies of official pages that must not be cited: the original is cited instead.
const MIRRORS: &[&str] = &[
    "sasastunts.com",
    "chattythat.news",
    "docslib.org",
    "readkong.com",
    "kuztomin.com",
    "altruwe.org",
    "fdocuments.net",
    "issuu.com",
    "amebaownd.com",
    "wikimili.com",
];

fn load() -> Site {
    let options = LoadOptions { root: Path::new(env!("CARGO_MANIFEST_DIR")).into(), base_url: None, drafts: false };
    match Site::load(&options) {
        Ok((site, problems)) => {
            assert!(!problems.has_errors(), "{problems}");
            site
        }
        Err(problems) => panic!("{problems}"),
    }
}

fn words(markdown: &str) -> usize {
    markdown.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

#[test]
fn site_is_configured_for_the_six_languages() {
    let site = load();
    let codes: Vec<&str> = site.config.language_codes().collect();
    assert_eq!(codes, LANGUAGES);
}

#[test]
fn every_factsheet_and_section_exists_in_every_language_as_a_current_draft() {
    let site = load();
    for path in FACTSHEETS {
        let entry = site.content.entries.get(*path).unwrap_or_else(|| panic!("missing factsheet {path}"));
        assert_eq!(entry.kind, Kind::Page);
    }
    for entry in site.content.entries.values() {
        for lang in &LANGUAGES[1..] {
            let translation = entry
                .translations
                .get(*lang)
                .unwrap_or_else(|| panic!("{} has no {lang} translation", entry.source.file.display()));
            let file = translation.doc.file.display();
            assert_eq!(translation.status, Some(TranslationStatus::Draft), "{file} must be marked status: draft");
            assert_eq!(translation.source_hash.as_deref(), Some(entry.source_hash.as_str()), "{file} is stale");
            assert!(
                !translation.doc.title.trim().is_empty() && !translation.doc.description.trim().is_empty(),
                "{file}"
            );
        }
    }
    let sections: Vec<&str> =
        site.content.entries.values().filter(|e| e.kind == Kind::Section).map(|e| e.path.as_str()).collect();
    assert_eq!(sections, ["", "join", "organise", "providers", "safety", "stand", "vote"]);
}

#[test]
fn every_factsheet_is_sourced_reviewed_and_shaped_for_readers() {
    let site = load();
    for path in FACTSHEETS {
        let entry = &site.content.entries[*path];
        let file = entry.source.file.display();
        assert!(entry.meta.reviewed.is_some(), "{file}: no reviewed date");
        assert!(entry.meta.audience.is_some(), "{file}: no audience");
        assert!(entry.meta.sources.len() >= 2, "{file}: cite at least two sources");
        for source in &entry.meta.sources {
            assert!(source.url.starts_with("https://") || source.url.starts_with("http://"), "{file}: {}", source.url);
            assert!(!source.title.trim().is_empty(), "{file}: a source without a title");
            assert!(!MIRRORS.iter().any(|m| source.url.contains(m)), "{file}: cite the original, not {}", source.url);
        }
        let body = &entry.source.body;
        let count = words(body);
        assert!((400..=1200).contains(&count), "{file}: {count} words (400 to 1200)");
        let headings: Vec<&str> = body.lines().filter_map(|l| l.strip_prefix("## ")).collect();
        assert_eq!(headings.first(), Some(&"In short"), "{file}: starts with In short");
        assert_eq!(headings.last(), Some(&"What you can do next"), "{file}: ends with next steps");
        assert!(!body.lines().any(|l| l.starts_with("# ")), "{file}: the title is the only h1");
        for (lang, translation) in &entry.translations {
            let translated: Vec<&str> = translation.doc.body.lines().filter(|l| l.starts_with("## ")).collect();
            assert_eq!(
                translated.len(),
                headings.len(),
                "{}: same sections as the {lang} source",
                translation.doc.file.display()
            );
        }
    }
}

#[test]
fn safety_pages_offer_a_quick_exit() {
    let site = load();
    for path in ["safety/taking-part-safely", "safety/immigration-advice"] {
        assert!(site.content.entries[path].meta.quick_exit, "{path}");
    }
}

#[test]
fn shipped_site_builds_without_errors_or_missing_strings() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_signpost"))
        .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(tempfile::tempdir().unwrap().path().join("public"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.is_empty(), "warnings: {stderr}");
}
