//! PDFs in process with typst, which shapes Arabic and Persian and lays them out right to
//! left: the fonts and `handouts/handout.typ` are loaded once ([`Typesetter`]); Markdown
//! becomes Typst markup with every piece of text as a string literal, so nothing in a
//! translation can be read as Typst code ([`markup`]).

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use std::collections::HashMap;
use typst::diag::{FileError, FileResult, Severity};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::theme::Layers;

/// The theme file that lays handouts out.
const TEMPLATE: &str = "handout.typ";
/// How many compilations a memoized typst result survives without being used.
const EVICT_AFTER: usize = 8;

/// Fonts, the typst standard library and the layout template, loaded once per build and
/// shared by every PDF.
pub struct Typesetter {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    template: Bytes,
}

/// What one PDF needs: the generated main file and its images.
pub struct PdfJob {
    /// Typst markup of the main file; it imports the template.
    pub main: String,
    /// SVG images (QR codes) by the file name the main file uses for them.
    pub svgs: Vec<(String, String)>,
    /// A stable name for the PDF's identifier, e.g. `ar/vote/voter-id/handout.pdf`.
    pub ident: String,
}

impl Typesetter {
    /// Loads the fonts (`fonts/*.ttf`, `*.otf`) and the template of every theme layer and the site.
    pub fn new(layers: &Layers) -> Result<Typesetter, String> {
        let mut fonts = Vec::new();
        let mut template = None;
        for layer in layers.all() {
            for file in &layer.fonts {
                if file.name.ends_with(".ttf") || file.name.ends_with(".otf") {
                    fonts.extend(Font::iter(Bytes::new(file.bytes.to_vec())));
                }
            }
            if let Some(file) = layer.handouts.iter().find(|f| f.name == TEMPLATE) {
                template = Some(file);
            }
        }
        let template = template.ok_or("the theme has no handouts/handout.typ")?;
        if fonts.is_empty() {
            return Err("the theme has no fonts/ for handouts".into());
        }
        Ok(Typesetter {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            template: Bytes::new(template.bytes.to_vec()),
        })
    }

    /// Typesets one PDF. Typst recurses deeply on long documents, so the thread needs a
    /// stack of [`STACK_SIZE`](super::STACK_SIZE).
    pub fn typeset(&self, job: &PdfJob) -> Result<Vec<u8>, String> {
        let world = HandoutWorld::new(self, job)?;
        let compiled = typst::compile(&world).output;
        // Typst memoizes across compilations and never forgets on its own: without this a
        // site of a few hundred guides holds gigabytes. Results used in the last few
        // compilations stay, so guides still share shaped text and fonts.
        typst::comemo::evict(EVICT_AFTER);
        let document: PagedDocument = compiled.map_err(|errors| {
            let messages: Vec<_> =
                errors.iter().filter(|e| e.severity == Severity::Error).map(|e| e.message.to_string()).collect();
            format!("typst: {}", messages.join("; "))
        })?;
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(job.ident.clone()),
            creator: Smart::Custom(Some("signpost".into())),
            ..typst_pdf::PdfOptions::default()
        };
        typst_pdf::pdf(&document, &options).map_err(|errors| {
            let messages: Vec<_> = errors.iter().map(|e| e.message.to_string()).collect();
            format!("typst pdf: {}", messages.join("; "))
        })
    }
}

/// The files one typst compilation can see: the main file, the template and the QR code.
struct HandoutWorld<'a> {
    typesetter: &'a Typesetter,
    main: Source,
    files: HashMap<FileId, Bytes>,
}

impl<'a> HandoutWorld<'a> {
    fn new(typesetter: &'a Typesetter, job: &PdfJob) -> Result<HandoutWorld<'a>, String> {
        let id = |name: &str| {
            let path = VirtualPath::new(name).map_err(|e| format!("bad file name {name}: {e:?}"))?;
            Ok::<_, String>(RootedPath::new(VirtualRoot::Project, path).intern())
        };
        let mut files = HashMap::new();
        files.insert(id(TEMPLATE)?, typesetter.template.clone());
        for (name, svg) in &job.svgs {
            files.insert(id(name)?, Bytes::new(svg.clone().into_bytes()));
        }
        Ok(HandoutWorld { typesetter, main: Source::new(id("main.typ")?, job.main.clone()), files })
    }
}

impl World for HandoutWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.typesetter.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.typesetter.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.get(&id).cloned().ok_or_else(|| FileError::NotFound(format!("{id:?}").into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.typesetter.fonts.get(index).cloned()
    }

    /// Handouts carry no date of their own, so the same input gives the same bytes.
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

/// A Typst string literal holding `text` exactly.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Typst markup for processed Markdown events. Text goes in as string literals, so no
/// character in it has a meaning in Typst. Root-relative links get `origin` in front, as
/// paper has no address bar. Raw HTML (already cleaned for the web page) is left out.
pub fn markup(events: &[Event], origin: &str) -> String {
    let mut out = String::new();
    for event in events {
        match event {
            Event::Text(text) => {
                out.push('#');
                out.push_str(&string(text));
            }
            Event::Code(code) => out.push_str(&format!("#raw({})", string(code))),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push_str("#linebreak()"),
            Event::Rule => out.push_str("#line(length: 100%, stroke: 0.5pt)\n"),
            Event::FootnoteReference(label) => {
                out.push_str(&format!("#super({})", string(label.trim_start_matches("fn-"))))
            }
            Event::TaskListMarker(done) => out.push_str(if *done { "☑ " } else { "☐ " }),
            Event::Start(tag) => out.push_str(&open(tag, origin)),
            Event::End(tag) => out.push_str(close(*tag)),
            Event::Html(_) | Event::InlineHtml(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }
    out
}

fn open(tag: &Tag, origin: &str) -> String {
    match tag {
        Tag::Paragraph => String::new(),
        Tag::Heading { level, .. } => format!("#heading(level: {})[", heading_level(*level)),
        Tag::BlockQuote(_) => "#quote(block: true)[".into(),
        Tag::CodeBlock(_) => "#block[".into(),
        Tag::List(None) => "#list(tight: true, ".into(),
        Tag::List(Some(start)) => format!("#enum(tight: true, start: {start}, "),
        Tag::Item => "[".into(),
        Tag::FootnoteDefinition(label) => format!("#block[#super({}) ", string(label.trim_start_matches("fn-"))),
        Tag::Table(alignments) => format!("#table(columns: {}, ", alignments.len().max(1)),
        Tag::TableHead => "table.header(".into(),
        Tag::TableRow => String::new(),
        Tag::TableCell => "[".into(),
        Tag::Emphasis => "#emph[".into(),
        Tag::Strong => "#strong[".into(),
        Tag::Strikethrough => "#strike[".into(),
        Tag::Link { dest_url, .. } => {
            let url = if dest_url.starts_with('/') { format!("{origin}{dest_url}") } else { dest_url.to_string() };
            format!("#link({})[", string(&url))
        }
        Tag::Image { .. } => "#[".into(),
        _ => "#[".into(),
    }
}

fn close(tag: TagEnd) -> &'static str {
    match tag {
        TagEnd::Paragraph => "\n\n",
        TagEnd::Heading(_) => "]\n",
        TagEnd::BlockQuote(_) | TagEnd::CodeBlock | TagEnd::FootnoteDefinition => "]\n",
        TagEnd::List(_) => ")\n",
        TagEnd::Item => "], ",
        TagEnd::Table => ")\n",
        TagEnd::TableHead => "), ",
        TagEnd::TableRow => "",
        TagEnd::TableCell => "], ",
        _ => "]",
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    // The guide's title is level 1 in the handout; Markdown headings start at 2.
    (level as u8).max(2)
}

/// Splits processed events into sections at each level-2 heading (for bilingual rows).
pub fn sections<'a, 'e>(events: &'a [Event<'e>]) -> Vec<&'a [Event<'e>]> {
    let mut starts: Vec<usize> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e, Event::Start(Tag::Heading { level: HeadingLevel::H2, .. })))
        .map(|(i, _)| i)
        .collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    starts
        .iter()
        .enumerate()
        .map(|(n, &start)| &events[start..starts.get(n + 1).copied().unwrap_or(events.len())])
        .collect()
}

/// The QR code for `url` as SVG, black on white.
pub fn qr_svg(url: &str) -> Result<String, String> {
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(|e| format!("cannot make a QR code for {url}: {e}"))?;
    Ok(code.render::<qrcode::render::svg::Color>().min_dimensions(160, 160).quiet_zone(true).build())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Source as MarkdownSource, process};
    use std::path::Path;

    fn events(markdown: &str) -> String {
        let source = MarkdownSource { shown: Path::new("a.md"), folder: "", first_line: 1 };
        let processed = process(markdown, &source, &|_| Ok("/en/x/".into()), &mut Vec::new());
        markup(&processed.events, "https://example.org")
    }

    #[test]
    fn text_is_always_a_string_literal() {
        let out = events("Costs £500 #1 *really* [GOV.UK](https://gov.uk) // not a comment \"quoted\" $x$ <b>");
        assert!(out.starts_with(r##"#"Costs £500 #1 "#emph[#"really"]"##), "{out}");
        assert!(out.contains(r##"#link("https://gov.uk")[#"GOV.UK"]"##));
        assert!(out.contains(r##"#" // not a comment \"quoted\" $x$ ""##), "{out}");
    }

    #[test]
    fn structure_becomes_typst_calls() {
        let out =
            events("## Who?\n\n- one\n- two\n\n1. a\n2. b\n\n| x | y |\n| - | - |\n| 1 | 2 |\n\nSee [that](@/x.md).\n");
        assert!(out.contains(r##"#heading(level: 2)[#"Who?"]"##), "{out}");
        assert!(out.contains(r##"#list(tight: true, [#"one"], [#"two"], )"##), "{out}");
        assert!(out.contains(r##"#enum(tight: true, start: 1, [#"a"], [#"b"], )"##));
        assert!(out.contains(r##"#table(columns: 2, table.header([#"x"], [#"y"], ), [#"1"], [#"2"], )"##), "{out}");
        assert!(out.contains(r##"#link("https://example.org/en/x/")"##));
    }

    #[test]
    fn sections_split_at_level_two_headings() {
        let source = MarkdownSource { shown: Path::new("a.md"), folder: "", first_line: 1 };
        let processed =
            process("Intro\n\n## A\n\nx\n\n### A1\n\n## B\n\ny\n", &source, &|_| Err(String::new()), &mut Vec::new());
        let parts = sections(&processed.events);
        assert_eq!(parts.len(), 3);
        assert!(matches!(parts[1][0], Event::Start(Tag::Heading { level: HeadingLevel::H2, .. })));
    }
}
