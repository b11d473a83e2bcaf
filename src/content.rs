//! Loads `content/` into one in-memory model: every section and factsheet keyed by its
//! path, each holding its default-language source and its translations.
//!
//! Steps: walk the folder (walkdir, sorted), work out path, slug and language from each file
//! name, read and split the front matter, group translations under their source, drop
//! drafts, then link every entry to its parent section.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use unic_langid::LanguageIdentifier;
use walkdir::WalkDir;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};

/// Sections and factsheets of a site, keyed by path (`""` is the home section).
pub struct Content {
    pub entries: BTreeMap<String, Entry>,
    /// Drafts left out of this build, so a link to one gets a clear message.
    pub left_out: BTreeSet<String>,
}

/// A folder's `_index.md` (a section) or any other `.md` file (a factsheet).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Section,
    Page,
}

/// One section or factsheet in every language it exists in.
#[derive(Debug)]
pub struct Entry {
    pub kind: Kind,
    /// Path without language, e.g. `vote/register-to-vote`; `""` for the home section.
    pub path: String,
    /// Path of the section it belongs to (`None` only for the home section).
    pub parent: Option<String>,
    /// Child factsheets and sections in display order (sections only).
    pub children: Vec<String>,
    /// The default-language file.
    pub source: Document,
    /// Front-matter fields that only the source file carries.
    pub meta: SourceMeta,
    /// Hash of the source's translatable text; translations record it to spot staleness.
    pub source_hash: String,
    /// Translations by language code.
    pub translations: BTreeMap<String, Translation>,
}

/// The text of one file.
#[derive(Debug)]
pub struct Document {
    /// Path relative to the site root, e.g. `content/vote/register-to-vote.ar.md`.
    pub file: PathBuf,
    pub title: String,
    pub description: String,
    /// The Markdown after the front matter.
    pub body: String,
    /// Line of the file on which `body` starts, for messages about the Markdown.
    pub body_line: usize,
}

/// A translation file and what it says about itself.
#[derive(Debug)]
pub struct Translation {
    pub doc: Document,
    pub status: Option<TranslationStatus>,
    /// The source hash the translation was made from.
    pub source_hash: Option<String>,
}

/// Whether a fluent speaker has checked a translation.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TranslationStatus {
    /// Not yet checked (for example machine-assisted).
    Draft,
    /// Checked by a fluent speaker.
    Reviewed,
}

/// Who a factsheet is written for.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Migrants,
    Providers,
}

/// A source the facts come from.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceLink {
    pub title: String,
    pub url: String,
}

/// Front matter of a default-language file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceFrontMatter {
    title: String,
    #[serde(default)]
    description: String,
    reviewed: Option<jiff::civil::Date>,
    #[serde(default)]
    sources: Vec<SourceLink>,
    audience: Option<Audience>,
    #[serde(default)]
    weight: i64,
    #[serde(default)]
    quick_exit: bool,
    #[serde(default)]
    draft: bool,
}

/// The fields of a source file's front matter beyond its title and description.
#[derive(Debug, Default)]
pub struct SourceMeta {
    /// When someone last checked the facts.
    pub reviewed: Option<jiff::civil::Date>,
    /// Where the facts come from.
    pub sources: Vec<SourceLink>,
    pub audience: Option<Audience>,
    /// Order within its section (lower first).
    pub weight: i64,
    /// Show the quick-exit control.
    pub quick_exit: bool,
    /// Left out unless the build asks for drafts.
    pub draft: bool,
}

/// Front matter of a translation file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationFrontMatter {
    title: String,
    #[serde(default)]
    description: String,
    translation: Option<TranslationInfo>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationInfo {
    status: TranslationStatus,
    source_hash: Option<String>,
}

/// What a file's name says: which entry it belongs to and in which language.
#[derive(Debug, PartialEq, Eq)]
struct FileInfo {
    /// Path relative to the site root.
    file: PathBuf,
    kind: Kind,
    /// The entry's path without language.
    path: String,
    /// The language suffix (`ar` in `x.ar.md`), if any.
    lang: Option<String>,
}

impl Entry {
    /// An entry not yet placed among its siblings, without translations.
    fn new(kind: Kind, path: String, source: Document, meta: SourceMeta) -> Entry {
        let source_hash = source_hash(&source.title, &source.description, &source.body);
        Entry {
            kind,
            path,
            parent: None,
            children: Vec::new(),
            source,
            meta,
            source_hash,
            translations: BTreeMap::new(),
        }
    }

    /// The text to show in `lang`: its translation, or the source as a fallback.
    /// Returns the document and the language it is written in.
    pub fn document<'a>(&'a self, lang: &'a str, default_language: &'a str) -> (&'a Document, &'a str) {
        match self.translations.get(lang) {
            Some(t) => (&t.doc, lang),
            None => (&self.source, default_language),
        }
    }

    /// True when a translation records a source hash that no longer matches its source.
    pub fn is_stale(&self, lang: &str) -> bool {
        self.translations.get(lang).and_then(|t| t.source_hash.as_deref()).is_some_and(|hash| hash != self.source_hash)
    }
}

/// The hash a translation records in `translation.source_hash`: the first 8 hex digits of
/// the SHA-256 of the source's title, description and Markdown. Front matter such as
/// `weight` or `reviewed` is left out, so reordering a section does not mark pages stale.
pub fn source_hash(title: &str, description: &str, body: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [title, description, body] {
        hasher.update(part.trim().as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads a text file, dropping a UTF-8 byte-order mark and turning CRLF into LF.
pub fn read_text(path: &Path) -> std::io::Result<String> {
    let text = std::fs::read_to_string(path)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(if text.contains('\r') { text.replace("\r\n", "\n") } else { text.to_string() })
}

/// Splits `---` front matter from the body. Returns the YAML, the Markdown and the line
/// on which the Markdown starts.
fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text.strip_prefix("---\n")?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((yaml, body, yaml.matches('\n').count() + 3));
        }
        offset += line.len();
    }
    None
}

/// Loads every content file of the site. Problems go into `problems`; files with problems
/// are left out of the result.
pub fn load_content(root: &Path, config: &SiteConfig, include_drafts: bool, problems: &mut Diagnostics) -> Content {
    let files = find_content_files(root, config, problems);
    let parsed: Vec<Result<Parsed, Diagnostic>> =
        files.into_par_iter().map(|info| parse_file(root, info, config.default_language())).collect();
    let mut sources = BTreeMap::new();
    let mut translations: Vec<(FileInfo, Translation)> = Vec::new();
    for result in parsed {
        match result {
            Ok(Parsed::Source(info, doc, meta)) => {
                if let Some((other, _, _)) = sources.get(&(info.path.clone(), info.kind)) {
                    let other: &FileInfo = other;
                    problems.push(Diagnostic::error(
                        display_path(root, &info.file),
                        (1, 1),
                        format!("{} is the same page in the default language; keep one of them", other.file.display()),
                    ));
                    continue;
                }
                sources.insert((info.path.clone(), info.kind), (info, doc, meta));
            }
            Ok(Parsed::Translation(info, t)) => translations.push((info, t)),
            Err(d) => problems.push(d),
        }
    }

    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    let mut left_out = BTreeSet::new();
    for ((path, kind), (_, source, meta)) in sources {
        if let Some(other) = entries.get(&path) {
            problems.push(Diagnostic::error(
                display_path(root, &source.file),
                (1, 1),
                format!("{} has the same address; rename one of them", other.source.file.display()),
            ));
            continue;
        }
        if meta.draft && !include_drafts {
            left_out.insert(path);
            continue;
        }
        entries.insert(path.clone(), Entry::new(kind, path, source, meta));
    }
    for (info, translation) in translations {
        let lang = info.lang.clone().unwrap_or_default();
        match entries.get_mut(&info.path) {
            Some(entry) if entry.kind == info.kind => {
                entry.translations.insert(lang, translation);
            }
            _ if left_out.contains(&info.path) => {}
            _ => problems.push(Diagnostic::error(
                display_path(root, &info.file),
                (1, 1),
                format!("translation without a source: there is no {}", source_file_name(&info).display()),
            )),
        }
    }
    link_sections(root, &mut entries, problems);
    Content { entries, left_out }
}

/// The default-language file a translation belongs to.
fn source_file_name(info: &FileInfo) -> PathBuf {
    let name = match info.kind {
        Kind::Section => "_index.md".to_string(),
        Kind::Page => format!("{}.md", info.path.rsplit('/').next().unwrap_or_default()),
    };
    info.file.with_file_name(name)
}

/// Walks `content/` in a stable order and works out each Markdown file's identity.
fn find_content_files(root: &Path, config: &SiteConfig, problems: &mut Diagnostics) -> Vec<FileInfo> {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        problems.push(Diagnostic::error(
            display_path(root, Path::new("content")),
            (1, 1),
            "there is no content/ folder: create it with an _index.md for the home page",
        ));
        return Vec::new();
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(&content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(&content_dir).to_path_buf();
                problems.push(Diagnostic::error(path, (1, 1), format!("cannot read: {err}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
        if entry.path().extension().is_none_or(|e| e != "md") {
            problems.push(Diagnostic::warning(
                display_path(root, &relative),
                (1, 1),
                "ignored: only .md files are read from content/ (put images and other files in static/)",
            ));
            continue;
        }
        match file_info(&relative, config) {
            Ok(info) => files.push(info),
            Err(message) => problems.push(Diagnostic::error(display_path(root, &relative), (1, 1), message)),
        }
    }
    files
}

/// Hidden files and editors' temporary files.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

/// Path, kind and language from a file name: `content/vote/x.ar.md` is the Arabic
/// translation of factsheet `vote/x`; `content/vote/_index.md` is section `vote`.
fn file_info(relative: &Path, config: &SiteConfig) -> Result<FileInfo, String> {
    let inside = relative.strip_prefix("content").unwrap_or(relative);
    let mut folders = Vec::new();
    for part in inside.parent().into_iter().flat_map(Path::components) {
        let part = part.as_os_str().to_str().ok_or("the folder name is not valid UTF-8")?;
        folders.push(part);
    }
    let stem = relative.file_stem().and_then(|s| s.to_str()).ok_or("the file name is not valid UTF-8")?;
    let (name, lang) = match stem.rsplit_once('.') {
        Some((name, suffix)) if suffix.parse::<LanguageIdentifier>().is_ok() => {
            if !config.is_language(suffix) {
                let known: Vec<_> = config.language_codes().collect();
                return Err(format!(
                    "language `{suffix}` is not configured in site.yaml (languages: {}); add it there or rename the file",
                    known.join(", ")
                ));
            }
            (name, (suffix != config.default_language()).then(|| suffix.to_string()))
        }
        _ => (stem, None),
    };
    let for_url = |s: &str| !s.is_empty() && !s.contains(['/', '\\', '?', '#', '%', ' ', '"', '<', '>']);
    if let Some(bad) = folders.iter().chain(std::iter::once(&name)).find(|s| !for_url(s) && **s != "_index") {
        return Err(format!("`{bad}` cannot be part of an address: use letters, digits and hyphens"));
    }
    let (kind, path) = if name == "_index" {
        (Kind::Section, folders.join("/"))
    } else {
        folders.push(name);
        (Kind::Page, folders.join("/"))
    };
    Ok(FileInfo { file: relative.to_path_buf(), kind, path, lang })
}

enum Parsed {
    Source(FileInfo, Document, SourceMeta),
    Translation(FileInfo, Translation),
}

/// Reads one file and deserialises its front matter by its role.
fn parse_file(root: &Path, info: FileInfo, default_language: &str) -> Result<Parsed, Diagnostic> {
    let shown = display_path(root, &info.file);
    let text = read_text(&root.join(&info.file))
        .map_err(|err| Diagnostic::error(&shown, (1, 1), format!("cannot read the file: {err}")))?;
    parse_text(&shown, info, &text, default_language)
}

/// Deserialises a file's text (already without BOM and CRLF) by its role.
fn parse_text(shown: &Path, info: FileInfo, text: &str, default_language: &str) -> Result<Parsed, Diagnostic> {
    let (yaml, body, body_line) = split_front_matter(text).ok_or_else(|| {
        Diagnostic::error(
            shown,
            (1, 1),
            "front matter missing or not closed: start the file with a `---` line, then the YAML, then another `---` line",
        )
    })?;
    let file = info.file.clone();
    let document = |title: String, description: String| Document {
        file: file.clone(),
        title,
        description,
        body: body.to_string(),
        body_line,
    };
    if info.lang.is_none() {
        let fm: SourceFrontMatter = crate::yaml::parse(yaml, shown, 2)?;
        if fm.title.trim().is_empty() {
            return Err(Diagnostic::error(shown, (2, 1), "`title` is empty"));
        }
        let meta = SourceMeta {
            reviewed: fm.reviewed,
            sources: fm.sources,
            audience: fm.audience,
            weight: fm.weight,
            quick_exit: fm.quick_exit,
            draft: fm.draft,
        };
        Ok(Parsed::Source(info, document(fm.title, fm.description), meta))
    } else {
        let fm: TranslationFrontMatter = crate::yaml::parse(yaml, shown, 2).map_err(|mut d| {
            if d.message.starts_with("unknown field") {
                d.message.push_str(&format!(
                    " (a translation sets only title, description and translation; the other fields come from the {default_language} file)"
                ));
            }
            d
        })?;
        if fm.title.trim().is_empty() {
            return Err(Diagnostic::error(shown, (2, 1), "`title` is empty"));
        }
        let (status, source_hash) = fm.translation.map_or((None, None), |t| (Some(t.status), t.source_hash));
        let doc = document(fm.title, fm.description);
        Ok(Parsed::Translation(info, Translation { doc, status, source_hash }))
    }
}

/// A translation file's source: its path (relative to the root) and its current hash.
pub fn translation_source(
    root: &Path,
    translation: &Path,
    config: &SiteConfig,
) -> Result<(PathBuf, String), Diagnostic> {
    let shown = display_path(root, translation);
    let info = file_info(translation, config).map_err(|message| Diagnostic::error(&shown, (1, 1), message))?;
    if info.lang.is_none() {
        let message = "not a translation: its name has no language suffix such as `.ar.md`";
        return Err(Diagnostic::error(&shown, (1, 1), message));
    }
    let source = FileInfo { file: source_file_name(&info), lang: None, ..info };
    let file = source.file.clone();
    if !root.join(&file).is_file() {
        let message = format!("translation without a source: there is no {}", file.display());
        return Err(Diagnostic::error(&shown, (1, 1), message));
    }
    match parse_file(root, source, config.default_language())? {
        Parsed::Source(_, doc, _) => Ok((file, source_hash(&doc.title, &doc.description, &doc.body))),
        Parsed::Translation(..) => Err(Diagnostic::error(&shown, (1, 1), "its source is itself a translation")),
    }
}

/// Checks that `text` is a valid translation file for `translation` (used before writing
/// an edited file back).
pub fn check_translation_text(
    root: &Path,
    translation: &Path,
    text: &str,
    config: &SiteConfig,
) -> Result<(), Diagnostic> {
    let shown = display_path(root, translation);
    let info = file_info(translation, config).map_err(|message| Diagnostic::error(&shown, (1, 1), message))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n");
    parse_text(&shown, info, &text, config.default_language()).map(|_| ())
}

/// Gives every entry its parent (the nearest section above it) and every section its
/// children in display order.
fn link_sections(root: &Path, entries: &mut BTreeMap<String, Entry>, problems: &mut Diagnostics) {
    if !entries.contains_key("") {
        problems.push(Diagnostic::error(
            display_path(root, Path::new("content/_index.md")),
            (1, 1),
            "the home page is missing: create content/_index.md with a title",
        ));
        return;
    }
    let sections: BTreeSet<String> =
        entries.values().filter(|e| e.kind == Kind::Section).map(|e| e.path.clone()).collect();
    let mut children: BTreeMap<String, Vec<(i64, String, String)>> = BTreeMap::new();
    for entry in entries.values_mut() {
        if entry.path.is_empty() {
            continue;
        }
        let mut parent = entry.path.as_str();
        let parent = loop {
            parent = parent.rfind('/').map_or("", |i| &parent[..i]);
            if sections.contains(parent) {
                break parent.to_string();
            }
        };
        children.entry(parent.clone()).or_default().push(display_order(entry));
        entry.parent = Some(parent);
    }
    for (section, mut list) in children {
        list.sort();
        if let Some(entry) = entries.get_mut(&section) {
            entry.children = list.into_iter().map(|(_, _, path)| path).collect();
        }
    }
}

/// Where an entry goes among its siblings: by weight, then title, then path.
fn display_order(entry: &Entry) -> (i64, String, String) {
    (entry.meta.weight, entry.source.title.to_lowercase(), entry.path.clone())
}

impl Content {
    /// Reads a factsheet's files again after one of them changed, and puts the new version
    /// in place (for `serve`). `None` when the change needs a full load instead: a file is
    /// gone, or the page became a draft. A file with problems gives the problems and
    /// leaves the content as it was.
    pub fn reload_page(
        &mut self,
        root: &Path,
        config: &SiteConfig,
        path: &str,
        include_drafts: bool,
    ) -> Option<Result<(), Diagnostics>> {
        let old = self.entries.get(path).filter(|e| e.kind == Kind::Page)?;
        let files: Vec<PathBuf> =
            std::iter::once(&old.source.file).chain(old.translations.values().map(|t| &t.doc.file)).cloned().collect();
        let mut problems = Diagnostics::default();
        let mut parsed = Vec::new();
        for file in files {
            if !root.join(&file).is_file() {
                return None;
            }
            match parse_file(root, file_info(&file, config).ok()?, config.default_language()) {
                Ok(p) => parsed.push(p),
                Err(d) => problems.push(d),
            }
        }
        if problems.has_errors() {
            return Some(Err(problems));
        }
        let mut parsed = parsed.into_iter();
        let Some(Parsed::Source(_, source, meta)) = parsed.next() else { return None };
        if meta.draft && !include_drafts {
            return None;
        }
        let translations = parsed
            .filter_map(|p| match p {
                Parsed::Translation(info, t) => Some((info.lang.unwrap_or_default(), t)),
                Parsed::Source(..) => None,
            })
            .collect();
        let parent = old.parent.clone();
        let entry = Entry { parent, translations, ..Entry::new(Kind::Page, path.to_string(), source, meta) };
        let parent = entry.parent.clone().unwrap_or_default();
        self.entries.insert(path.to_string(), entry);
        // A new weight or title can move the page among its siblings.
        let mut order: Vec<_> =
            self.entries[&parent].children.iter().map(|c| display_order(&self.entries[c])).collect();
        order.sort();
        if let Some(section) = self.entries.get_mut(&parent) {
            section.children = order.into_iter().map(|(_, _, path)| path).collect();
        }
        Some(Ok(()))
    }

    /// The factsheet a content file belongs to (`content/vote/x.ar.md` → `vote/x`), if it
    /// is one of this site's.
    pub fn page_of(&self, relative: &Path, config: &SiteConfig) -> Option<&Entry> {
        if !relative.starts_with("content") || relative.extension().is_none_or(|e| e != "md") {
            return None;
        }
        let info = file_info(relative, config).ok()?;
        self.entries.get(&info.path).filter(|e| e.kind == Kind::Page && info.kind == Kind::Page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SiteConfig {
        let yaml = "title: T\nbase_url: https://example.org\ndefault_language: en\nlanguages:\n  - {code: en, name: English}\n  - {code: ar, name: العربية}\n  - {code: pt-BR, name: Português}\n";
        SiteConfig::parse(yaml, Path::new("site.yaml")).unwrap()
    }

    #[test]
    fn file_names_give_path_kind_and_language() {
        let c = config();
        let info = file_info(Path::new("content/vote/register.ar.md"), &c).unwrap();
        assert_eq!((info.kind, info.path.as_str(), info.lang.as_deref()), (Kind::Page, "vote/register", Some("ar")));
        let info = file_info(Path::new("content/vote/_index.md"), &c).unwrap();
        assert_eq!((info.kind, info.path.as_str(), info.lang), (Kind::Section, "vote", None));
        let info = file_info(Path::new("content/_index.pt-BR.md"), &c).unwrap();
        assert_eq!((info.kind, info.path.as_str(), info.lang.as_deref()), (Kind::Section, "", Some("pt-BR")));
        let info = file_info(Path::new("content/a/b.en.md"), &c).unwrap();
        assert_eq!(info.lang, None, "the default language's suffix marks a source");
        let info = file_info(Path::new("content/v1.2.md"), &c).unwrap();
        assert_eq!(info.path, "v1.2", "a suffix that is no language code is part of the slug");
    }

    #[test]
    fn a_reloaded_page_takes_its_new_text_and_place() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.path().join("content").join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("_index.md", "---\ntitle: Home\n---\n");
        write("a.md", "---\ntitle: A\nweight: 1\n---\nOld.\n");
        write("b.md", "---\ntitle: B\nweight: 2\n---\n");
        write("a.ar.md", "---\ntitle: ا\n---\n");
        let c = config();
        let mut content = load_content(dir.path(), &c, false, &mut Diagnostics::default());
        assert_eq!(content.page_of(Path::new("content/a.ar.md"), &c).unwrap().path, "a");
        assert!(content.page_of(Path::new("templates/a.md"), &c).is_none());
        assert!(content.page_of(Path::new("content/_index.md"), &c).is_none(), "sections are not reloaded alone");

        write("a.md", "---\ntitle: A\nweight: 3\n---\nNew.\n");
        assert!(content.reload_page(dir.path(), &c, "a", false).unwrap().is_ok());
        assert_eq!(content.entries["a"].source.body, "New.\n");
        assert!(content.entries["a"].translations.contains_key("ar"));
        assert_eq!(content.entries[""].children, ["b", "a"], "the new weight moves it");

        write("a.md", "---\ntitle: [broken\n---\n");
        assert!(content.reload_page(dir.path(), &c, "a", false).unwrap().is_err());
        assert_eq!(content.entries["a"].source.body, "New.\n", "a broken file leaves the page as it was");
        write("a.md", "---\ntitle: A\ndraft: true\n---\n");
        assert!(content.reload_page(dir.path(), &c, "a", false).is_none(), "a new draft needs a full load");
    }

    #[test]
    fn unconfigured_language_is_an_error() {
        let err = file_info(Path::new("content/vote/x.fr.md"), &config()).unwrap_err();
        assert!(err.contains("`fr` is not configured"), "{err}");
    }

    #[test]
    fn front_matter_split_reports_body_line() {
        let (yaml, body, line) = split_front_matter("---\ntitle: x\na: b\n---\nHello\n").unwrap();
        assert_eq!((yaml, body, line), ("title: x\na: b\n", "Hello\n", 5));
        assert!(split_front_matter("title: x\n").is_none());
        assert!(split_front_matter("---\ntitle: x\n").is_none());
    }

    #[test]
    fn source_hash_ignores_surrounding_whitespace_only() {
        let a = source_hash("T", "D", "Body\n");
        assert_eq!(a.len(), 8);
        assert_eq!(a, source_hash("T", "D", "Body"));
        assert_ne!(a, source_hash("T", "D", "Body changed"));
    }
}
