//! Printable handouts for every factsheet in every language, at the addresses in design.md:
//! `handout/` (print-ready HTML) and `handout.pdf`; for languages other than the default,
//! `handout-bilingual/` and `handout-bilingual.pdf` (the reader's language beside the
//! default language); per language, `handouts/` (an index) and `handouts/all.pdf` (a print
//! pack). Every handout ends with a QR code to the same guide online, in the same language.

mod cache;
mod typeset;

pub use cache::{Cache, cache_folder};

use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
use std::sync::OnceLock;
use tera::Context;

use crate::config::Direction;
use crate::content::{Entry, Kind, SourceLink};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::render::{OutputFile, page_context, page_url, permalink, process_text};
use crate::site::Site;
use crate::theme::Layers;
use cache::Fingerprint;
use typeset::{PdfJob, Typesetter, markup, qr_svg, sections, string};

/// The stack a thread needs to typeset: typst recurses deeply on long documents, and a
/// print pack of a few dozen guides overflows the usual 2 MiB. Only the part used is
/// ever committed, so a large reservation costs nothing.
pub const STACK_SIZE: usize = 256 << 20;

/// The fonts, typst library and template of a site's theme, loaded when the first PDF has
/// to be made: a rebuild in which nothing changed needs none. `serve` keeps one from one
/// request to the next until the site is loaded again.
#[derive(Default)]
pub struct LazyTypesetter(OnceLock<Result<Typesetter, String>>);

impl LazyTypesetter {
    fn typeset(&self, layers: &Layers, job: &PdfJob) -> Result<Vec<u8>, String> {
        self.0.get_or_init(|| Typesetter::new(layers)).as_ref().map_err(Clone::clone)?.typeset(job)
    }
}

/// What the handouts of one build share.
struct Maker<'a> {
    site: &'a Site,
    cache: &'a Cache,
    fingerprint: Fingerprint,
    typesetter: &'a LazyTypesetter,
}

impl<'a> Maker<'a> {
    fn new(site: &'a Site, cache: &'a Cache, typesetter: &'a LazyTypesetter) -> Maker<'a> {
        Maker { site, cache, fingerprint: Fingerprint::of_site(site), typesetter }
    }

    fn typeset(&self, job: &PdfJob) -> Result<Vec<u8>, String> {
        self.typesetter.typeset(&self.site.layers, job)
    }

    /// The cache keys of every guide in `lang`, in `guides` order.
    fn keys(&self, guides: &[&Entry], lang: &str) -> Vec<String> {
        guides.iter().map(|entry| self.fingerprint.guide(entry).key(entry, lang)).collect()
    }
}

/// One guide's text in one language, ready for the handout templates.
#[derive(Serialize)]
struct HandoutText<'a> {
    title: &'a str,
    /// The Markdown body as HTML.
    content: String,
    lang: &'a str,
    dir: Direction,
    /// The text is not in the reader's language: a missing translation, or the original
    /// on a bilingual handout. It then needs its own `lang` and `dir`.
    fallback: bool,
}

/// What the HTML handout templates see as `page`.
#[derive(Serialize)]
struct HandoutView<'a> {
    text: HandoutText<'a>,
    /// The default-language text, on bilingual handouts.
    original: Option<HandoutText<'a>>,
    /// The guide online.
    url: String,
    permalink: String,
    pdf_url: String,
    reviewed: Option<String>,
    sources: &'a [SourceLink],
    contact: Option<&'a str>,
}

/// A guide in the handout index.
#[derive(Serialize)]
struct IndexItem<'a> {
    title: &'a str,
    lang: &'a str,
    dir: Direction,
    html: String,
    pdf: String,
    bilingual_pdf: Option<String>,
}

/// Renders every handout in parallel, taking those whose input is unchanged from `cache`.
pub fn render_handouts(site: &Site, cache: &Cache) -> Result<Vec<OutputFile>, Diagnostics> {
    let typesetter = LazyTypesetter::default();
    let maker = Maker::new(site, cache, &typesetter);
    let guides = guides(site);
    let languages: Vec<&str> = site.config.language_codes().collect();
    // Keys first: a print pack's key is made from the keys of its guides.
    let fingerprints: Vec<_> = guides.par_iter().map(|entry| maker.fingerprint.guide(entry)).collect();
    let keys: Vec<Vec<String>> = languages
        .par_iter()
        .map(|lang| guides.iter().zip(&fingerprints).map(|(entry, f)| f.key(entry, lang)).collect())
        .collect();
    let jobs: Vec<(usize, usize)> = (0..languages.len()).flat_map(|l| (0..guides.len()).map(move |g| (l, g))).collect();
    let results: Vec<Result<Vec<OutputFile>, Diagnostic>> = jobs
        .par_iter()
        .map(|&(l, g)| render_guide(&maker, guides[g], languages[l], &keys[l][g]))
        .chain(languages.par_iter().zip(&keys).map(|(lang, keys)| render_index(&maker, &guides, lang, keys)))
        .collect();
    let mut files = Vec::new();
    let mut problems = Diagnostics::default();
    for result in results {
        match result {
            Ok(list) => files.extend(list),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.has_errors() { Err(problems.sorted()) } else { Ok(files) }
}

/// The factsheets: sections get no handout.
fn guides(site: &Site) -> Vec<&Entry> {
    site.content.entries.values().filter(|e| e.kind == Kind::Page).collect()
}

/// The handouts that the output file `key` (e.g. `ar/vote/voter-id/handout.pdf`) belongs
/// to: every handout file of that guide in that language, or that language's index and
/// print pack. `None` when `key` is not a handout of this site.
pub fn render_requested(
    site: &Site,
    cache: &Cache,
    typesetter: &LazyTypesetter,
    key: &str,
) -> Option<Result<Vec<OutputFile>, Diagnostics>> {
    let (lang, rest) = key.split_once('/')?;
    let lang = site.config.language_codes().find(|code| *code == lang)?;
    let guide = if rest.starts_with("handouts/") {
        None
    } else {
        let entry_path = rest.find("/handout").map(|i| &rest[..i])?;
        Some(site.content.entries.get(entry_path).filter(|e| e.kind == Kind::Page)?)
    };
    let maker = Maker::new(site, cache, typesetter);
    let result = match guide {
        Some(entry) => render_guide(&maker, entry, lang, &maker.fingerprint.guide(entry).key(entry, lang)),
        None => {
            let guides = guides(site);
            render_index(&maker, &guides, lang, &maker.keys(&guides, lang))
        }
    };
    Some(result.map_err(|problem| Diagnostics(vec![problem])))
}

/// The handouts of one guide in one language, from the cache if its `key` is there.
fn render_guide(maker: &Maker, entry: &Entry, lang: &str, key: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    let folder = format!("{lang}/{}", entry.path);
    maker.cache.load_or_make(key, &folder, || make_guide(maker, entry, lang, &folder))
}

fn make_guide(maker: &Maker, entry: &Entry, lang: &str, folder: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    let site = maker.site;
    let default = site.config.default_language();
    let url = permalink(site, lang, &entry.path);
    let qr = qr_svg(&url).map_err(|m| Diagnostic::error(site.shown(&entry.source.file), (1, 1), m))?;
    let (text, events) = guide_text(site, lang, entry.document(lang, default));
    let mut view = HandoutView {
        text,
        original: None,
        url: page_url(site, lang, &entry.path),
        permalink: url.clone(),
        pdf_url: format!("{}handout.pdf", page_url(site, lang, &entry.path)),
        reviewed: entry.meta.reviewed.map(|d| site.i18n.format_date(lang, d)),
        sources: &entry.meta.sources,
        contact: site.config.handouts.contact.as_deref(),
    };
    let what = |kind: &str| format!("rendering the {kind} of {} in `{lang}`", site.shown(&entry.source.file).display());
    let mut files = vec![
        html_file(site, lang, "handout.html", &view, format!("{folder}/handout/index.html"), &what("handout"))?,
        OutputFile::new(format!("{folder}/handout/qr.svg"), qr.clone().into_bytes()),
    ];
    let main = format!(
        "#import \"handout.typ\": handout\n#show: handout.with({}, {})\n{}",
        document_args(site, lang, view.text.lang),
        guide_args(site, entry, lang, &url, "qr.svg"),
        markup(&events, origin(site))
    );
    let job = PdfJob { main, svgs: vec![("qr.svg".into(), qr.clone())], ident: format!("{folder}/handout.pdf") };
    files.push(pdf_file(maker, &job, entry)?);

    if lang != default {
        let (original, original_events) = guide_text(site, lang, (&entry.source, default));
        // Translations keep the source's sections, so row n holds section n in both
        // languages; a translation with fewer sections leaves its cells empty.
        let (reader, source) = (sections(&events), sections(&original_events));
        let cell = |list: &[&[pulldown_cmark::Event]], n: usize| {
            list.get(n).map_or(String::new(), |s| markup(s, origin(site)))
        };
        let rows: Vec<String> = (0..reader.len().max(source.len()))
            .map(|n| format!("([{}], [{}])", cell(&reader, n), cell(&source, n)))
            .collect();
        let side = |t: &HandoutText| {
            format!("(lang: {}, dir: {}, title: {})", typst_lang(t.lang), typst_dir(t.dir), string(t.title))
        };
        let main = format!(
            "#import \"handout.typ\": bilingual\n#bilingual({}, first: {}, second: {}, rows: ({},), {})\n",
            document_args(site, lang, lang),
            side(&view.text),
            side(&original),
            rows.join(", "),
            guide_args(site, entry, lang, &url, "qr.svg"),
        );
        view.original = Some(original);
        view.pdf_url = format!("{}handout-bilingual.pdf", page_url(site, lang, &entry.path));
        files.push(html_file(
            site,
            lang,
            "handout-bilingual.html",
            &view,
            format!("{folder}/handout-bilingual/index.html"),
            &what("bilingual handout"),
        )?);
        files.push(OutputFile::new(format!("{folder}/handout-bilingual/qr.svg"), qr.clone().into_bytes()));
        let job = PdfJob { main, svgs: vec![("qr.svg".into(), qr)], ident: format!("{folder}/handout-bilingual.pdf") };
        files.push(pdf_file(maker, &job, entry)?);
    }
    Ok(files)
}

/// `/<lang>/handouts/` and `/<lang>/handouts/all.pdf`, from the cache if none of the
/// guides (with cache keys `keys`) changed.
fn render_index(maker: &Maker, guides: &[&Entry], lang: &str, keys: &[String]) -> Result<Vec<OutputFile>, Diagnostic> {
    let key = maker.fingerprint.pack(lang, keys);
    let folder = format!("{lang}/handouts");
    maker.cache.load_or_make(&key, &folder, || make_index(maker, guides, lang, &folder))
}

fn make_index(maker: &Maker, guides: &[&Entry], lang: &str, folder: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    let site = maker.site;
    let default = site.config.default_language();
    let mut items = Vec::new();
    let mut pack = Vec::new();
    let mut svgs = Vec::new();
    for (i, entry) in guides.iter().enumerate() {
        let (doc, title_lang) = entry.document(lang, default);
        let base = page_url(site, lang, &entry.path);
        items.push(IndexItem {
            title: &doc.title,
            lang: title_lang,
            dir: site.config.direction(title_lang),
            html: format!("{base}handout/"),
            pdf: format!("{base}handout.pdf"),
            bilingual_pdf: (lang != default).then(|| format!("{base}handout-bilingual.pdf")),
        });
        let url = permalink(site, lang, &entry.path);
        let name = format!("qr-{i}.svg");
        svgs.push((
            name.clone(),
            qr_svg(&url).map_err(|m| Diagnostic::error(site.shown(&entry.source.file), (1, 1), m))?,
        ));
        let (text, events) = guide_text(site, lang, (doc, title_lang));
        pack.push(format!(
            "text(lang: {}, guide({})[{}])",
            typst_lang(text.lang),
            guide_args(site, entry, lang, &url, &name),
            markup(&events, origin(site))
        ));
    }
    let title = site
        .i18n
        .t(lang, "handouts-title", None)
        .map_err(|m| Diagnostic::error(site.shown(Path::new("locales")), (1, 1), m))?;
    let main = format!(
        "#import \"handout.typ\": pack, guide\n#pack({}, title: {}, guides: ({},))\n",
        document_args(site, lang, lang),
        string(&title),
        pack.join(",\n")
    );
    let mut context = page_context(site, lang, true);
    context.insert("items", &items);
    context.insert("pack_url", &format!("{}handouts/all.pdf", page_url(site, lang, "")));
    let what = format!("rendering the handout index in `{lang}`");
    let html = site.templates.render("handouts.html", &context, &what)?;
    let job = PdfJob { main, svgs, ident: format!("{folder}/all.pdf") };
    let pdf = maker.typeset(&job).map_err(|m| Diagnostic::error(site.shown(Path::new("themes")), (1, 1), m))?;
    Ok(vec![OutputFile::new(format!("{folder}/index.html"), html.into_bytes()), OutputFile::new(job.ident, pdf)])
}

/// A guide's text from `doc`, with links resolved in the reader's language `lang`.
fn guide_text<'a>(
    site: &'a Site,
    lang: &'a str,
    (doc, content_lang): (&'a crate::content::Document, &'a str),
) -> (HandoutText<'a>, Vec<pulldown_cmark::Event<'a>>) {
    // Problems in the text were reported when its web page was rendered.
    let processed = process_text(site, lang, doc, &mut Vec::new());
    let text = HandoutText {
        title: &doc.title,
        content: markdown::html(&processed),
        lang: content_lang,
        dir: site.config.direction(content_lang),
        fallback: content_lang != lang,
    };
    (text, processed.events)
}

/// `lang:` and `site:` for a handout document in `lang` whose text is in `text_lang`.
fn document_args(site: &Site, lang: &str, text_lang: &str) -> String {
    format!("lang: {}, site: {}", typst_lang(text_lang), string(&site.i18n.site_title(lang, &site.config)))
}

/// Typst takes a bare language (`pt` for `pt-BR`): enough for shaping, direction and
/// hyphenation.
fn typst_lang(code: &str) -> String {
    string(&code.split('-').next().unwrap_or(code).to_ascii_lowercase())
}

fn typst_dir(dir: Direction) -> &'static str {
    match dir {
        Direction::Ltr => "ltr",
        Direction::Rtl => "rtl",
    }
}

/// The arguments of the template's `guide`: labels, review date, sources, contact, address.
fn guide_args(site: &Site, entry: &Entry, lang: &str, url: &str, qr: &str) -> String {
    let label = |key: &str| string(&site.i18n.t(lang, key, None).unwrap_or_default());
    let sources: Vec<String> =
        entry.meta.sources.iter().map(|s| format!("(title: {}, url: {})", string(&s.title), string(&s.url))).collect();
    let (doc, _) = entry.document(lang, site.config.default_language());
    format!(
        "title: {}, labels: (sources: {}, reviewed: {}, online: {}), reviewed: {}, sources: ({}), contact: {}, url: {}, qr: {}",
        string(&doc.title),
        label("sources-heading"),
        label("last-checked"),
        label("handout-online"),
        entry.meta.reviewed.map_or("none".into(), |d| string(&site.i18n.format_date(lang, d))),
        sources.iter().map(|s| format!("{s},")).collect::<String>(),
        site.config.handouts.contact.as_deref().map_or("none".into(), string),
        string(url),
        string(qr),
    )
}

/// `https://example.org` for `https://example.org/guides`: root-relative links already
/// carry the base path.
fn origin(site: &Site) -> &str {
    let base = site.config.base_url();
    &base[..base.len() - site.config.base_path().len()]
}

fn html_file(
    site: &Site,
    lang: &str,
    template: &str,
    view: &HandoutView,
    path: String,
    what: &str,
) -> Result<OutputFile, Diagnostic> {
    let mut context: Context = page_context(site, lang, true);
    context.insert("page", view);
    let html = site.templates.render(template, &context, what)?;
    Ok(OutputFile::new(path, html.into_bytes()))
}

fn pdf_file(maker: &Maker, job: &PdfJob, entry: &Entry) -> Result<OutputFile, Diagnostic> {
    let bytes = maker.typeset(job).map_err(|message| {
        Diagnostic::error(maker.site.shown(&entry.source.file), (1, 1), format!("{}: {message}", job.ident))
    })?;
    Ok(OutputFile::new(job.ident.clone(), bytes))
}
