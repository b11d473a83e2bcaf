//! `signpost check`: load and render the site without writing anything, then look for
//! what goes wrong quietly: broken links and anchors, images without alt text, headings
//! that skip a level, facts overdue for review, and translations that are missing, out of
//! date, unchecked, or missing UI messages.
//!
//! Steps: the build's own load and render (their errors and warnings come first), then one
//! pass over every text for anchors, images and headings, then the translation and review
//! reports, then Fluent messages that no template uses.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::content::{Document, Entry, Kind, TranslationStatus, read_text};
use crate::diagnostics::{Diagnostic, Diagnostics, line_col};
use crate::markdown::{Processed, RESERVED_IDS};
use crate::render::{Handouts, page_url, process_text, render_loaded};
use crate::site::{LoadOptions, Site};

/// Messages a site may define that no template names: the build reads them itself.
const IMPLICIT_MESSAGES: &[&str] = &["site-title"];

/// A finding as `--format json` writes it. This shape is stable: fields may be added, but
/// none is renamed or removed.
#[derive(serde::Serialize)]
pub struct JsonFinding<'a> {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// `error` or `warning`.
    pub severity: crate::diagnostics::Severity,
    pub message: &'a str,
}

/// The whole `--format json` report.
#[derive(serde::Serialize)]
pub struct JsonReport<'a> {
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<JsonFinding<'a>>,
}

impl<'a> JsonReport<'a> {
    pub fn new(findings: &'a Diagnostics) -> JsonReport<'a> {
        let errors = findings.errors().count();
        JsonReport {
            errors,
            warnings: findings.0.len() - errors,
            findings: findings
                .0
                .iter()
                .map(|d| JsonFinding {
                    file: d.path.to_string_lossy().replace('\\', "/"),
                    line: d.line,
                    column: d.col,
                    severity: d.severity,
                    message: &d.message,
                })
                .collect(),
        }
    }
}

/// Findings grouped by file, for people.
pub fn text_report(findings: &Diagnostics) -> String {
    let mut out = String::new();
    let mut current = None;
    for d in &findings.0 {
        if current != Some(&d.path) {
            out.push_str(&format!("{}{}\n", if current.is_some() { "\n" } else { "" }, d.path.display()));
            current = Some(&d.path);
        }
        let severity = match d.severity {
            crate::diagnostics::Severity::Error => "error",
            crate::diagnostics::Severity::Warning => "warning",
        };
        out.push_str(&format!("  {:>4}:{:<3} {severity:<7} {}\n", d.line, d.col, d.message));
    }
    let errors = findings.errors().count();
    out.push_str(&format!("\n{errors} errors, {} warnings\n", findings.0.len() - errors));
    out
}

/// Everything `check` finds in the site at `root`, sorted by file and position. `today`
/// decides which reviews are overdue.
pub fn check(root: &Path, today: jiff::civil::Date) -> Diagnostics {
    let load = LoadOptions { root: root.to_path_buf(), base_url: None, drafts: false };
    let (site, problems) = match Site::load(&load) {
        Ok(loaded) => loaded,
        Err(problems) => return problems,
    };
    let mut findings = match render_loaded(&site, problems, Handouts::Skip) {
        Ok(rendered) => rendered.warnings,
        Err(problems) => problems,
    };
    findings.extend(check_texts(&site));
    findings.extend(check_translations(&site));
    findings.extend(check_reviews(&site, today));
    findings.extend(check_messages(&site));
    findings.sorted()
}

/// A text as shown in one language.
struct Shown<'a> {
    entry: &'a Entry,
    lang: &'a str,
    doc: &'a Document,
    processed: Processed<'a>,
}

/// Anchors, alt text and heading order.
fn check_texts(site: &Site) -> Vec<Diagnostic> {
    let default = site.config.default_language();
    let shown: Vec<Shown> = site
        .content
        .entries
        .values()
        .flat_map(|entry| site.config.language_codes().map(move |lang| (entry, lang)))
        .map(|(entry, lang)| {
            let (doc, _) = entry.document(lang, default);
            // Broken links were reported by the render.
            Shown { entry, lang, doc, processed: process_text(site, lang, doc, &mut Vec::new()) }
        })
        .collect();
    let ids: HashMap<(&str, &str), HashSet<String>> = shown
        .iter()
        .map(|s| {
            let mut ids: HashSet<String> = s.processed.toc.iter().map(|t| t.id.clone()).collect();
            ids.extend(RESERVED_IDS.iter().map(|id| id.to_string()));
            ids.extend(s.processed.events.iter().filter_map(|e| match e {
                pulldown_cmark::Event::Start(pulldown_cmark::Tag::FootnoteDefinition(label)) => Some(label.to_string()),
                _ => None,
            }));
            ((s.entry.path.as_str(), s.lang), ids)
        })
        .collect();

    let mut findings = Vec::new();
    let mut seen_files = HashSet::new();
    for s in &shown {
        let at = |offset: usize| {
            let (line, col) = line_col(&s.doc.body, offset);
            (line + s.doc.body_line - 1, col)
        };
        let file = site.shown(&s.doc.file);
        let prefix = page_url(site, s.lang, "");
        for (url, offset) in &s.processed.places.links {
            let Some((page, anchor)) = url.split_once('#') else { continue };
            let target = if page.is_empty() {
                s.entry.path.as_str()
            } else if let Some(path) = page.strip_prefix(&prefix) {
                path.trim_end_matches('/')
            } else {
                continue;
            };
            let found = ids.get(&(target, s.lang)).is_some_and(|set| set.contains(anchor));
            if !found && site.content.entries.contains_key(target) {
                let page = if target.is_empty() { "the home page".to_string() } else { target.to_string() };
                findings.push(Diagnostic::error(
                    &file,
                    at(*offset),
                    format!(
                        "broken anchor `#{anchor}`: the `{}` version of {page} has no heading with that id",
                        s.lang
                    ),
                ));
            }
        }
        // Alt text and headings belong to the file, whatever language shows it.
        if !seen_files.insert(&s.doc.file) {
            continue;
        }
        for offset in &s.processed.places.images_without_alt {
            findings.push(Diagnostic::warning(
                &file,
                at(*offset),
                "image without alt text: describe it in the [brackets]",
            ));
        }
        let mut previous = 1;
        for (level, offset) in &s.processed.places.headings {
            if *level > previous + 1 {
                let message = format!("heading level skips from h{previous} to h{level}: use h{} here", previous + 1);
                findings.push(Diagnostic::warning(&file, at(*offset), message));
            }
            previous = *level;
        }
    }
    findings
}

/// Missing, stale, draft and untracked translations.
fn check_translations(site: &Site) -> Vec<Diagnostic> {
    let default = site.config.default_language();
    let mut findings = Vec::new();
    for entry in site.content.entries.values() {
        let source = site.shown(&entry.source.file);
        for lang in site.config.language_codes().filter(|l| *l != default) {
            let Some(translation) = entry.translations.get(lang) else {
                findings.push(Diagnostic::warning(
                    &source,
                    (1, 1),
                    format!("no `{lang}` translation: `{lang}` readers see this text"),
                ));
                continue;
            };
            let file = site.shown(&translation.doc.file);
            let line_of = |key: &str| line_of_key(&site.root.join(&translation.doc.file), key);
            match translation.source_hash.as_deref() {
                None => findings.push(Diagnostic::warning(
                    &file,
                    (1, 1),
                    "no `translation.source_hash`, so nobody can tell when it goes out of date: run `signpost i18n stamp` on it",
                )),
                Some(hash) if hash != entry.source_hash => findings.push(Diagnostic::warning(
                    &file,
                    line_of("source_hash"),
                    format!(
                        "stale translation: {} changed since it was translated; update it, then run `signpost i18n stamp`",
                        entry.source.file.display()
                    ),
                )),
                Some(_) => {}
            }
            if translation.status == Some(TranslationStatus::Draft) {
                findings.push(Diagnostic::warning(
                    &file,
                    line_of("status"),
                    "draft translation: not yet checked by a fluent speaker",
                ));
            }
        }
    }
    findings
}

/// Factsheets whose facts were last checked longer ago than `review_period_days`.
fn check_reviews(site: &Site, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let period = i64::from(site.config.review_period_days);
    let mut findings = Vec::new();
    for entry in site.content.entries.values().filter(|e| e.kind == Kind::Page) {
        let file = site.shown(&entry.source.file);
        let position = line_of_key(&site.root.join(&entry.source.file), "reviewed");
        match entry.meta.reviewed {
            None => findings.push(Diagnostic::warning(
                &file,
                (1, 1),
                "no `reviewed` date: add the date someone last checked the facts",
            )),
            Some(reviewed) => {
                let age = (today - reviewed).get_days() as i64;
                if age > period {
                    let message = format!(
                        "overdue for review: last checked {reviewed}, {age} days ago (the review period is {period} days)"
                    );
                    findings.push(Diagnostic::warning(&file, position, message));
                }
            }
        }
    }
    findings
}

/// Fluent messages of the default language that no template uses.
fn check_messages(site: &Site) -> Vec<Diagnostic> {
    let mut used = HashSet::new();
    for file in site.layers.all().flat_map(|layer| &layer.templates) {
        if let Ok(text) = file.text() {
            used.extend(message_keys(&text));
        }
    }
    site.i18n
        .default_messages()
        .filter(|(id, _)| !used.contains(*id) && !IMPLICIT_MESSAGES.contains(id))
        .map(|(id, definition)| {
            Diagnostic::warning(
                &definition.file,
                definition.position,
                format!("message `{id}` is never used by a template"),
            )
        })
        .collect()
}

/// The message ids a template names: `key="..."` or `key='...'`.
fn message_keys(template: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find("key=") {
        rest = &rest[i + 4..];
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
        if let Some(end) = rest[1..].find(quote) {
            keys.push(rest[1..1 + end].to_string());
        }
    }
    keys
}

/// Line and column of `key:` in a file's front matter (1:1 if not found).
fn line_of_key(path: &Path, key: &str) -> (usize, usize) {
    let Ok(text) = read_text(path) else { return (1, 1) };
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.strip_prefix(key).is_some_and(|rest| rest.starts_with(':')) {
            return (n + 1, line.len() - trimmed.len() + 1);
        }
        if n > 0 && line.trim_end() == "---" {
            break;
        }
    }
    (1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_message_keys_in_templates() {
        let keys = message_keys(r#"{{ t(key="a-b") }} {{ t(key='c', count=2) }} {{ key }} key=x"#);
        assert_eq!(keys, ["a-b", "c"]);
    }
}
