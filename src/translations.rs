//! The translation workflow: `signpost i18n stamp` records which version of the source a
//! translation matches; `signpost i18n status` sums up where each language stands.

use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::content::{TranslationStatus, check_translation_text, translation_source};
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::site::{LoadOptions, Site};

/// Where one language stands.
#[derive(Debug, PartialEq, Eq)]
pub struct StatusRow {
    pub lang: String,
    pub default: bool,
    /// Sections and factsheets in the site.
    pub pages: usize,
    pub translated: usize,
    /// Translations marked `status: reviewed` and `status: draft`.
    pub reviewed: usize,
    pub draft: usize,
    /// Translations whose source changed since they were made.
    pub stale: usize,
    pub missing: usize,
    /// UI messages translated, and how many there are.
    pub messages: (usize, usize),
}

/// One row per configured language, in configured order.
pub fn status(root: &Path) -> Result<Vec<StatusRow>, Diagnostics> {
    let load = LoadOptions { root: root.to_path_buf(), base_url: None, drafts: false };
    let (site, _) = Site::load(&load)?;
    let entries = &site.content.entries;
    let default = site.config.default_language();
    Ok(site
        .config
        .language_codes()
        .map(|lang| {
            let translations: Vec<_> = entries.values().filter_map(|e| e.translations.get(lang)).collect();
            let is_default = lang == default;
            StatusRow {
                lang: lang.to_string(),
                default: is_default,
                pages: entries.len(),
                translated: if is_default { entries.len() } else { translations.len() },
                reviewed: translations.iter().filter(|t| t.status == Some(TranslationStatus::Reviewed)).count(),
                draft: translations.iter().filter(|t| t.status == Some(TranslationStatus::Draft)).count(),
                stale: entries.values().filter(|e| e.is_stale(lang)).count(),
                missing: if is_default { 0 } else { entries.len() - translations.len() },
                messages: site.i18n.coverage(lang),
            }
        })
        .collect())
}

/// The rows as a table for the terminal.
pub fn status_table(rows: &[StatusRow]) -> String {
    let mut out = format!(
        "{:<14} {:>5} {:>10} {:>8} {:>5} {:>5} {:>7} {:>11}\n",
        "language", "pages", "translated", "reviewed", "draft", "stale", "missing", "UI messages"
    );
    for row in rows {
        let name = if row.default { format!("{} (source)", row.lang) } else { row.lang.clone() };
        let (have, total) = row.messages;
        let percent = (have * 100).checked_div(total).unwrap_or(100);
        out.push_str(&format!(
            "{:<14} {:>5} {:>10} {:>8} {:>5} {:>5} {:>7} {:>10}%\n",
            name, row.pages, row.translated, row.reviewed, row.draft, row.stale, row.missing, percent
        ));
    }
    out
}

/// What stamping one file did.
#[derive(Debug, PartialEq, Eq)]
pub struct Stamped {
    /// The translation, relative to the site root.
    pub file: PathBuf,
    pub hash: String,
    /// False when the file already recorded this hash.
    pub changed: bool,
}

/// Records the current hash of each translation's source in its `translation.source_hash`,
/// changing nothing else in the file. `files` are relative to the site root. Files that
/// cannot be stamped are reported; the others are still stamped.
pub fn stamp(root: &Path, files: &[PathBuf]) -> Result<Vec<Stamped>, Diagnostics> {
    let config = SiteConfig::from_site_folder(root)?;
    let mut stamped = Vec::new();
    let mut problems = Diagnostics::default();
    for file in files {
        match stamp_file(root, file, &config) {
            Ok(result) => stamped.push(result),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.has_errors() { Err(problems) } else { Ok(stamped) }
}

fn stamp_file(root: &Path, file: &Path, config: &SiteConfig) -> Result<Stamped, Diagnostic> {
    let shown = display_path(root, file);
    let (_, hash) = translation_source(root, file, config)?;
    let text = std::fs::read_to_string(root.join(file))
        .map_err(|err| Diagnostic::error(&shown, (1, 1), format!("cannot read the file: {err}")))?;
    let updated = with_source_hash(&text, &hash).map_err(|message| Diagnostic::error(&shown, (1, 1), message))?;
    if updated == text {
        return Ok(Stamped { file: file.to_path_buf(), hash, changed: false });
    }
    check_translation_text(root, file, &updated, config)?;
    write_replacing(&root.join(file), &updated)
        .map_err(|err| Diagnostic::error(&shown, (1, 1), format!("cannot write the file: {err}")))?;
    Ok(Stamped { file: file.to_path_buf(), hash, changed: true })
}

/// Writes through a temporary file beside `path`, so an interrupted write loses nothing.
fn write_replacing(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.stamp"));
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path)
}

/// `text` with `translation.source_hash` set to `hash`, editing only that value: the byte
/// order mark, line endings, comments and key order stay as they were. A missing
/// `source_hash` line is added to the `translation:` block; a missing block is added
/// (as `status: draft`) at the end of the front matter.
pub fn with_source_hash(text: &str, hash: &str) -> Result<String, String> {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let first = lines.first().map(|l| l.trim_start_matches('\u{feff}').trim_end()).unwrap_or_default();
    if first != "---" {
        return Err("no front matter: the file must start with a `---` line".into());
    }
    let close = (1..lines.len())
        .find(|&i| lines[i].trim_end() == "---")
        .ok_or("the front matter is not closed by a `---` line")?;
    let block = (1..close).find(|&i| {
        let line = lines[i].trim_end();
        line.starts_with("translation:") && !line.starts_with(' ')
    });

    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    match block {
        None => {
            let insert = format!("translation:{eol}  status: draft{eol}  source_hash: {hash}{eol}");
            out.insert(close, insert);
        }
        Some(start) => {
            let rest = lines[start].trim_end()["translation:".len()..].trim();
            if !rest.is_empty() && !rest.starts_with('#') {
                return Err("write `translation:` as a block (one key per line) so it can be stamped".into());
            }
            let end = (start + 1..close)
                .find(|&i| !lines[i].starts_with([' ', '\t']) && !lines[i].trim().is_empty())
                .unwrap_or(close);
            let existing = (start + 1..end).find(|&i| lines[i].trim_start().starts_with("source_hash:"));
            match existing {
                Some(i) => out[i] = replace_value(lines[i], hash),
                None => {
                    let indent = (start + 1..end)
                        .find(|&i| !lines[i].trim().is_empty())
                        .map(|i| &lines[i][..lines[i].len() - lines[i].trim_start().len()])
                        .unwrap_or("  ");
                    out.insert(end, format!("{indent}source_hash: {hash}{eol}"));
                }
            }
        }
    }
    Ok(out.concat())
}

/// `  source_hash: old  # note\n` → `  source_hash: new  # note\n`.
fn replace_value(line: &str, hash: &str) -> String {
    let key_end = line.find(':').map_or(line.len(), |i| i + 1);
    let after = &line[key_end..];
    let value_start = key_end + (after.len() - after.trim_start().len());
    let rest = &line[value_start..];
    let value_len = rest.find(|c: char| c.is_whitespace() || c == '#').unwrap_or(rest.len());
    format!("{}{hash}{}", &line[..value_start], &rest[value_len..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_value() {
        let text = "\u{feff}---\r\ntitle: T # keep\r\ntranslation:\r\n  # who did it\r\n  source_hash: 0000  # old\r\n  status: draft\r\ndescription: D\r\n---\r\nBody\r\n";
        let out = with_source_hash(text, "abcd1234").unwrap();
        assert_eq!(out, text.replace("source_hash: 0000", "source_hash: abcd1234"));
    }

    #[test]
    fn adds_a_missing_line_to_the_block() {
        let text = "---\ntitle: T\ntranslation:\n    status: reviewed\ndescription: D\n---\nBody\n";
        let out = with_source_hash(text, "abcd1234").unwrap();
        assert_eq!(
            out,
            "---\ntitle: T\ntranslation:\n    status: reviewed\n    source_hash: abcd1234\ndescription: D\n---\nBody\n"
        );
    }

    #[test]
    fn adds_a_missing_block_as_a_draft() {
        let out = with_source_hash("---\ntitle: T\n---\nBody\n", "abcd1234").unwrap();
        assert_eq!(out, "---\ntitle: T\ntranslation:\n  status: draft\n  source_hash: abcd1234\n---\nBody\n");
    }

    #[test]
    fn refuses_what_it_cannot_edit_safely() {
        assert!(with_source_hash("title: T\n", "x").is_err());
        assert!(with_source_hash("---\ntitle: T\n", "x").is_err());
        assert!(with_source_hash("---\ntranslation: {status: draft}\n---\n", "x").is_err());
    }
}
