//! The render step: the loaded [`Site`] in, every output file in memory out, sorted by path.
//!
//! Each section and factsheet is rendered in every configured language, in parallel. A
//! language without a translation gets the default-language text inside its own interface,
//! marked with `lang`/`dir` and a notice. Then the language chooser, 404 page, sitemap,
//! robots.txt and static files.

use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use tera::Context;

use crate::config::Direction;
use crate::content::{Audience, Document, Entry, Kind, SourceLink, TranslationStatus};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::handouts::{Cache, render_handouts};
use crate::markdown::{self, TocEntry};
use crate::site::Site;

/// One file of the finished site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path inside the output folder, `/`-separated, e.g. `ar/vote/index.html`.
    pub path: String,
    pub body: Body,
}

/// What an output file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Bytes(Cow<'static, [u8]>),
    /// A file in the handout cache, linked into the output rather than copied.
    Cached(CachedFile),
}

/// A file in the handout cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedFile {
    pub path: PathBuf,
    /// Its inode number (0 where there are none), from the folder listing: an output file
    /// with the same one is already a link to it, so a rebuild need not touch it.
    pub inode: u64,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Cow<'static, [u8]>>) -> OutputFile {
        OutputFile { path: path.into(), body: Body::Bytes(bytes.into()) }
    }

    /// The file's contents, read from the cache if it is kept there.
    pub fn bytes(&self) -> std::io::Result<Cow<'_, [u8]>> {
        match &self.body {
            Body::Bytes(bytes) => Ok(Cow::Borrowed(bytes)),
            Body::Cached(cached) => std::fs::read(&cached.path).map(Cow::Owned),
        }
    }
}

/// The rendered site and what rendering it found.
pub struct Rendered {
    pub files: Vec<OutputFile>,
    /// Pages written per language, in configured order.
    pub pages_per_language: Vec<(String, usize)>,
    pub warnings: Diagnostics,
}

/// A page as templates see it.
#[derive(Serialize)]
struct PageView<'a> {
    kind: Kind,
    /// Path without language, `""` for the home page.
    path: &'a str,
    /// Address from the site root, e.g. `/ar/vote/`.
    url: String,
    /// Full address, for canonical links and sharing.
    permalink: String,
    title: &'a str,
    description: &'a str,
    /// The Markdown body as HTML.
    content: String,
    toc: Vec<TocEntry>,
    /// Language and direction of the text shown (the default language on a fallback page).
    content_lang: &'a str,
    content_dir: Direction,
    /// No translation exists: the default-language text is shown.
    fallback: bool,
    /// The source changed since the translation was made.
    stale: bool,
    /// No fluent speaker has checked the translation yet.
    draft: bool,
    reviewed: Option<Reviewed>,
    sources: &'a [SourceLink],
    audience: Option<Audience>,
    weight: i64,
    quick_exit: bool,
    /// This page in every language.
    translations: Vec<Alternate<'a>>,
    /// Sections from the home page down to this page's parent.
    breadcrumbs: Vec<Link<'a>>,
    /// Factsheets in this section, in weight order.
    pages: Vec<Link<'a>>,
    /// Sections inside this section.
    sections: Vec<Link<'a>>,
    /// The printable handout of a factsheet, when handouts are built.
    handout: Option<String>,
}

#[derive(Serialize)]
struct Reviewed {
    /// `2026-11-01`, for `<time datetime>`.
    iso: String,
    /// The date as the reader's language writes it.
    text: String,
}

/// The same page in one language.
#[derive(Serialize)]
struct Alternate<'a> {
    code: &'a str,
    name: &'a str,
    dir: Direction,
    url: String,
    permalink: String,
    /// This is the page being rendered.
    current: bool,
    /// A translation exists (else that page shows the default-language text).
    translated: bool,
}

/// A link to another section or factsheet, titled in the reader's language where possible.
#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
    /// Language and direction of the title.
    lang: &'a str,
    dir: Direction,
    /// Number of factsheets in it (sections only).
    count: usize,
}

/// A sitemap entry with its alternates.
#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    alternates: Vec<(String, String)>,
}

/// What a render does about the printable handouts.
#[derive(Clone, Copy)]
pub enum Handouts<'a> {
    /// Leave them out, links included (quick previews).
    Skip,
    /// Link to them but make none: `serve` makes each one when it is asked for.
    LinkOnly,
    /// Make them all, taking unchanged PDFs from the cache.
    Build(&'a Cache),
}

/// Renders every page of the site, and the handouts as `handouts` says. Errors (broken
/// links, template errors) are collected from all pages before giving up.
pub fn render_site(site: &Site, handouts: Handouts) -> Result<Rendered, Diagnostics> {
    let config = &site.config;
    let (mut files, mut problems) = render_entries(site, site.content.entries.values(), handouts);
    for file in [render_chooser(site), render_not_found(site), render_sitemap(site), render_robots(site)] {
        match file {
            Ok(file) => files.push(file),
            Err(d) => problems.push(d),
        }
    }
    for file in site.layers.statics() {
        files.push(OutputFile::new(file.name.clone(), file.bytes.clone()));
    }
    if let Handouts::Build(cache) = handouts {
        match render_handouts(site, cache) {
            Ok(handout_files) => files.extend(handout_files),
            Err(handout_problems) => problems.extend(handout_problems),
        }
    }
    if problems.has_errors() {
        return Err(problems.sorted());
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if let Some(twice) = files.windows(2).find(|w| w[0].path == w[1].path) {
        let message = format!("two outputs would be written to {}: rename the static file", twice[0].path);
        return Err(Diagnostics(vec![Diagnostic::error(site.shown(Path::new("static")), (1, 1), message)]));
    }
    let count = site.content.entries.len();
    let pages_per_language = config.language_codes().map(|lang| (lang.to_string(), count)).collect();
    Ok(Rendered { files, pages_per_language, warnings: problems.sorted() })
}

/// Renders the sections and factsheets at `paths` in every language: after an edit in
/// `serve`, the pages it can change. Gives the files and warnings, or the problems.
pub fn render_pages(
    site: &Site,
    paths: &[&str],
    handouts: Handouts,
) -> Result<(Vec<OutputFile>, Diagnostics), Diagnostics> {
    let (files, problems) = render_entries(site, paths.iter().filter_map(|p| site.content.entries.get(*p)), handouts);
    if problems.has_errors() { Err(problems.sorted()) } else { Ok((files, problems.sorted())) }
}

/// Renders `entries` in every language, in parallel.
fn render_entries<'a>(
    site: &Site,
    entries: impl Iterator<Item = &'a Entry>,
    handouts: Handouts,
) -> (Vec<OutputFile>, Diagnostics) {
    let linked = !matches!(handouts, Handouts::Skip);
    let jobs: Vec<(&Entry, &str)> =
        entries.flat_map(|e| site.config.language_codes().map(move |lang| (e, lang))).collect();
    let results: Vec<(Result<OutputFile, Diagnostic>, Vec<Diagnostic>)> = jobs
        .par_iter()
        .map(|(entry, lang)| {
            let mut problems = Vec::new();
            let file = render_entry(site, entry, lang, linked, &mut problems);
            (file, problems)
        })
        .collect();
    let mut problems = Diagnostics::default();
    let mut files = Vec::with_capacity(results.len() + 8);
    for (file, page_problems) in results {
        problems.extend(page_problems);
        match file {
            Ok(file) => files.push(file),
            Err(d) => problems.push(d),
        }
    }
    (files, problems)
}

/// Renders a site whose load found `load_problems` (warnings, or errors in the content).
/// Fails with the problems of both steps if either found an error; otherwise the warnings
/// of both come back in [`Rendered::warnings`].
pub fn render_loaded(site: &Site, mut load_problems: Diagnostics, handouts: Handouts) -> Result<Rendered, Diagnostics> {
    match render_site(site, handouts) {
        Ok(mut rendered) => {
            load_problems.extend(std::mem::take(&mut rendered.warnings));
            rendered.warnings = load_problems.sorted();
            if rendered.warnings.has_errors() { Err(rendered.warnings) } else { Ok(rendered) }
        }
        Err(render_problems) => {
            load_problems.extend(render_problems);
            Err(load_problems.sorted())
        }
    }
}

/// A document's Markdown, processed with its links resolved in `lang`.
pub fn process_text<'a>(
    site: &Site,
    lang: &str,
    doc: &'a Document,
    problems: &mut Vec<Diagnostic>,
) -> markdown::Processed<'a> {
    let folder = doc.file.parent().and_then(|p| p.strip_prefix("content").ok()).unwrap_or(Path::new(""));
    let folder = folder.to_string_lossy().replace('\\', "/");
    let shown = site.shown(&doc.file);
    let source = markdown::Source { shown: &shown, folder: &folder, first_line: doc.body_line };
    markdown::process(&doc.body, &source, &|target| resolve_content_link(site, lang, target), problems)
}

/// `/ar/vote/x/` under the site's base path.
pub fn page_url(site: &Site, lang: &str, path: &str) -> String {
    let base = site.config.base_path();
    if path.is_empty() { format!("{base}/{lang}/") } else { format!("{base}/{lang}/{path}/") }
}

/// The full address of a page.
pub fn permalink(site: &Site, lang: &str, path: &str) -> String {
    let base = site.config.base_url();
    if path.is_empty() { format!("{base}/{lang}/") } else { format!("{base}/{lang}/{path}/") }
}

/// Resolves a link to a content file (`vote/x.md`, `vote/x.ar.md`, `vote/_index.md`) to
/// that page's address in `lang`.
pub fn resolve_content_link(site: &Site, lang: &str, target: &str) -> Result<String, String> {
    let stem = target.strip_suffix(".md").ok_or_else(|| "only .md files are pages".to_string())?;
    let (folder, name) = stem.rsplit_once('/').unwrap_or(("", stem));
    let name = match name.rsplit_once('.') {
        Some((name, suffix)) if site.config.is_language(suffix) => name,
        _ => name,
    };
    let path = match (folder, name) {
        (folder, "_index") => folder.to_string(),
        ("", name) => name.to_string(),
        (folder, name) => format!("{folder}/{name}"),
    };
    if site.content.entries.contains_key(&path) {
        Ok(page_url(site, lang, &path))
    } else if site.content.left_out.contains(&path) {
        Err("that page is a draft, left out of this build (build with --drafts, or remove the link)".into())
    } else {
        Err(format!("there is no content/{target}"))
    }
}

fn render_entry(
    site: &Site,
    entry: &Entry,
    lang: &str,
    handouts: bool,
    problems: &mut Vec<Diagnostic>,
) -> Result<OutputFile, Diagnostic> {
    let config = &site.config;
    let default = config.default_language();
    let (doc, content_lang) = entry.document(lang, default);
    let body = process_text(site, lang, doc, problems);

    let translation = entry.translations.get(lang);
    let view = PageView {
        kind: entry.kind,
        path: &entry.path,
        url: page_url(site, lang, &entry.path),
        permalink: permalink(site, lang, &entry.path),
        title: &doc.title,
        description: &doc.description,
        content: markdown::html(&body),
        toc: body.toc,
        content_lang,
        content_dir: config.direction(content_lang),
        fallback: content_lang != lang,
        stale: entry.is_stale(lang),
        draft: translation.is_some_and(|t| t.status == Some(TranslationStatus::Draft)),
        reviewed: entry
            .meta
            .reviewed
            .map(|date| Reviewed { iso: date.to_string(), text: site.i18n.format_date(lang, date) }),
        sources: &entry.meta.sources,
        audience: entry.meta.audience,
        weight: entry.meta.weight,
        quick_exit: entry.meta.quick_exit,
        translations: alternates(site, entry, lang),
        breadcrumbs: breadcrumbs(site, entry, lang),
        pages: children(site, entry, lang, Kind::Page),
        sections: children(site, entry, lang, Kind::Section),
        handout: (handouts && entry.kind == Kind::Page)
            .then(|| format!("{}handout/", page_url(site, lang, &entry.path))),
    };
    let template = match (entry.kind, entry.path.is_empty()) {
        (Kind::Section, true) => "home.html",
        (Kind::Section, false) => "section.html",
        (Kind::Page, _) => "page.html",
    };
    let mut context = page_context(site, lang, handouts);
    context.insert("page", &view);
    let what = format!("rendering {} in `{lang}`", site.shown(&doc.file).display());
    let html = site.templates.render(template, &context, &what)?;
    let path =
        if entry.path.is_empty() { format!("{lang}/index.html") } else { format!("{lang}/{}/index.html", entry.path) };
    Ok(OutputFile::new(path, html.into_bytes()))
}

/// Values every page in `lang` needs; `handouts` says whether handouts are built.
pub fn page_context(site: &Site, lang: &str, handouts: bool) -> Context {
    let mut context = Context::new();
    context.insert("handouts", &handouts);
    context.insert("lang", lang);
    context.insert("dir", &site.config.direction(lang));
    context.insert("site_title", &site.i18n.site_title(lang, &site.config));
    context.insert("language_name", site.config.language(lang).map_or(lang, |l| l.name.as_str()));
    context
}

/// A link to `entry` as seen from a page in `lang`. Only section lists show how many
/// factsheets a section holds, so `count` is 0 unless `counted`: counting on every page's
/// breadcrumbs would make a build grow with the square of the number of factsheets.
fn link_to<'a>(site: &'a Site, entry: &'a Entry, lang: &'a str, counted: bool) -> Link<'a> {
    let (doc, title_lang) = entry.document(lang, site.config.default_language());
    let count =
        if counted { entry.children.iter().filter(|c| site.content.entries[*c].kind == Kind::Page).count() } else { 0 };
    Link {
        title: &doc.title,
        description: &doc.description,
        url: page_url(site, lang, &entry.path),
        lang: title_lang,
        dir: site.config.direction(title_lang),
        count,
    }
}

fn alternates<'a>(site: &'a Site, entry: &'a Entry, current: &str) -> Vec<Alternate<'a>> {
    site.config
        .languages
        .iter()
        .map(|l| {
            let code = l.code.value.as_str();
            Alternate {
                code,
                name: &l.name,
                dir: site.config.direction(code),
                url: page_url(site, code, &entry.path),
                permalink: permalink(site, code, &entry.path),
                current: code == current,
                translated: code == site.config.default_language() || entry.translations.contains_key(code),
            }
        })
        .collect()
}

fn breadcrumbs<'a>(site: &'a Site, entry: &'a Entry, lang: &'a str) -> Vec<Link<'a>> {
    let mut crumbs = Vec::new();
    let mut parent = entry.parent.as_deref();
    while let Some(path) = parent {
        let section = &site.content.entries[path];
        crumbs.push(link_to(site, section, lang, false));
        parent = section.parent.as_deref();
    }
    crumbs.reverse();
    crumbs
}

fn children<'a>(site: &'a Site, entry: &'a Entry, lang: &'a str, kind: Kind) -> Vec<Link<'a>> {
    entry
        .children
        .iter()
        .map(|path| &site.content.entries[path])
        .filter(|child| child.kind == kind)
        .map(|child| link_to(site, child, lang, kind == Kind::Section))
        .collect()
}

/// `/`: every language by its own name.
fn render_chooser(site: &Site) -> Result<OutputFile, Diagnostic> {
    let context = page_context(site, site.config.default_language(), false);
    let html = site.templates.render("chooser.html", &context, "rendering the language chooser /")?;
    Ok(OutputFile::new("index.html", html.into_bytes()))
}

/// `/404.html`, in the default language with a way into every language.
fn render_not_found(site: &Site) -> Result<OutputFile, Diagnostic> {
    let context = page_context(site, site.config.default_language(), false);
    let html = site.templates.render("404.html", &context, "rendering 404.html")?;
    Ok(OutputFile::new("404.html", html.into_bytes()))
}

/// `/sitemap.xml`: every page in every language, each with its alternates.
fn render_sitemap(site: &Site) -> Result<OutputFile, Diagnostic> {
    let mut urls = Vec::new();
    for entry in site.content.entries.values() {
        let alternates: Vec<(String, String)> = site
            .config
            .language_codes()
            .map(|code| (code.to_string(), permalink(site, code, &entry.path)))
            .chain(std::iter::once((
                "x-default".to_string(),
                permalink(site, site.config.default_language(), &entry.path),
            )))
            .collect();
        for code in site.config.language_codes() {
            urls.push(SitemapUrl { loc: permalink(site, code, &entry.path), alternates: alternates.clone() });
        }
    }
    let mut context = Context::new();
    context.insert("urls", &urls);
    let xml = site.templates.render("sitemap.xml", &context, "rendering sitemap.xml")?;
    Ok(OutputFile::new("sitemap.xml", xml.into_bytes()))
}

fn render_robots(site: &Site) -> Result<OutputFile, Diagnostic> {
    let text = site.templates.render("robots.txt", &Context::new(), "rendering robots.txt")?;
    Ok(OutputFile::new("robots.txt", text.into_bytes()))
}
