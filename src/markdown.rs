//! Markdown to HTML: pulldown-cmark with every option set in one place, then small passes
//! over the events before HTML is written:
//!
//! 1. headings get stable, unique, readable ids and go into the table of contents;
//! 2. links to content files (`../vote/x.md`, `@/vote/x.md`) become URLs in the reader's
//!    language, and links with unsafe schemes (`javascript:`) are dropped;
//! 3. footnote labels get an `fn-` prefix so they cannot collide with heading ids.
//!
//! Raw HTML, which translators could use to inject script, is cleaned by ammonia.

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;
use std::sync::LazyLock;

use crate::diagnostics::{Diagnostic, line_col};

/// Ids the theme's templates use; headings never take them.
pub const RESERVED_IDS: &[&str] = &["main", "toc", "sources", "languages", "notices", "top"];

/// Link schemes a page may use.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// One heading of a page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Where a Markdown text comes from and how its links to other content files resolve.
pub struct Source<'a> {
    /// The file as messages name it.
    pub shown: &'a Path,
    /// Folder of the file inside `content/`, e.g. `vote` (`""` at the top).
    pub folder: &'a str,
    /// Line of the file on which the Markdown starts.
    pub first_line: usize,
}

/// Parser options, all in one place.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A Markdown text after the passes, ready for any writer (HTML for pages, Typst for
/// handouts).
pub struct Processed<'a> {
    pub events: Vec<Event<'a>>,
    pub toc: Vec<TocEntry>,
    /// The text holds raw HTML, so HTML written from it must be cleaned.
    pub has_raw_html: bool,
    /// Where things are, as byte offsets into the Markdown, for `signpost check`.
    pub places: Places,
}

/// Byte offsets of what `signpost check` looks at.
#[derive(Debug, Default)]
pub struct Places {
    /// Every link and image address after rewriting, with its offset.
    pub links: Vec<(String, usize)>,
    /// Images whose alternative text is empty.
    pub images_without_alt: Vec<usize>,
    /// Every heading's level, in order.
    pub headings: Vec<(u8, usize)>,
}

/// Writes processed Markdown as HTML (cleaned if it held raw HTML).
pub fn html(processed: &Processed) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, processed.events.iter().cloned().flat_map(wrap_tables));
    if processed.has_raw_html { clean(&html) } else { html }
}

/// Cleans HTML written from Markdown that held raw HTML.
pub fn clean(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// Parses `markdown` and runs the passes: links resolved or dropped, footnotes prefixed,
/// heading ids assigned. `resolve` turns a content file path (`vote/x.md`) into its URL in
/// the reader's language, or says why it cannot. Problems are added to `problems`.
pub fn process<'a>(
    markdown: &'a str,
    source: &Source,
    resolve: &dyn Fn(&str) -> Result<String, String>,
    problems: &mut Vec<Diagnostic>,
) -> Processed<'a> {
    let at = |offset: usize| {
        let (line, col) = line_col(markdown, offset);
        (line + source.first_line - 1, col)
    };
    let mut events: Vec<(Event, std::ops::Range<usize>)> =
        Parser::new_ext(markdown, options()).into_offset_iter().collect();

    let mut has_raw_html = false;
    let mut dropped_link = false;
    for (event, range) in events.iter_mut() {
        match event {
            Event::Html(_) | Event::InlineHtml(_) => has_raw_html = true,
            Event::Start(Tag::Link { link_type, dest_url, .. } | Tag::Image { link_type, dest_url, .. })
                if !matches!(link_type, LinkType::Email) =>
            {
                match rewrite_link(dest_url, source.folder, resolve) {
                    Ok(Some(url)) => *dest_url = url.into(),
                    Ok(None) => {}
                    Err(message) => {
                        problems.push(Diagnostic::error(source.shown, at(range.start), message));
                    }
                }
                if !is_safe_url(dest_url) {
                    problems.push(Diagnostic::warning(
                        source.shown,
                        at(range.start),
                        format!("link to `{dest_url}` removed: only http, https, mailto and tel links are allowed"),
                    ));
                    dropped_link = true;
                    *event = Event::Text(CowStr::Borrowed(""));
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) if dropped_link => {
                dropped_link = false;
                *event = Event::Text(CowStr::Borrowed(""));
            }
            Event::FootnoteReference(label) => *label = format!("fn-{label}").into(),
            Event::Start(Tag::FootnoteDefinition(label)) => *label = format!("fn-{label}").into(),
            _ => {}
        }
    }
    let toc = assign_heading_ids(&mut events);
    let places = find_places(&events);
    Processed { events: events.into_iter().map(|(event, _)| event).collect(), toc, has_raw_html, places }
}

fn find_places(events: &[(Event, std::ops::Range<usize>)]) -> Places {
    let mut places = Places::default();
    for (i, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => places.links.push((dest_url.to_string(), range.start)),
            Event::Start(Tag::Image { dest_url, .. }) => {
                places.links.push((dest_url.to_string(), range.start));
                let alt = events[i + 1..]
                    .iter()
                    .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Image)))
                    .any(|(e, _)| matches!(e, Event::Text(t) if !t.trim().is_empty()));
                if !alt {
                    places.images_without_alt.push(range.start);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => places.headings.push((*level as u8, range.start)),
            _ => {}
        }
    }
    places
}

/// Puts each table in a box that scrolls sideways on narrow screens (so the page itself
/// never does) and can take keyboard focus, so keyboard users can scroll it too.
fn wrap_tables(event: Event) -> impl Iterator<Item = Event> {
    let (before, after) = match event {
        Event::Start(Tag::Table(_)) => (Some(r#"<div class="table-scroll" tabindex="0">"#), None),
        Event::End(TagEnd::Table) => (None, Some("</div>\n")),
        _ => (None, None),
    };
    let html = |text: &'static str| Event::Html(CowStr::Borrowed(text));
    before.map(html).into_iter().chain(std::iter::once(event)).chain(after.map(html))
}

/// Gives every heading an id (its `{#id}` if set, else one made from its text), unique
/// within the page, and returns the table of contents.
fn assign_heading_ids(events: &mut [(Event, std::ops::Range<usize>)]) -> Vec<TocEntry> {
    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { .. }) = events[i].0 {
            let mut title = String::new();
            let mut end = i + 1;
            while end < events.len() && !matches!(events[end].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(text) | Event::Code(text) = &events[end].0 {
                    title.push_str(text);
                }
                end += 1;
            }
            if let Event::Start(Tag::Heading { level, id, .. }) = &mut events[i].0 {
                let wanted = match id {
                    Some(explicit) => explicit.to_string(),
                    None => heading_id(&title),
                };
                let wanted = if wanted.is_empty() { format!("section-{}", toc.len() + 1) } else { wanted };
                let mut unique = wanted.clone();
                let mut n = 1;
                while !used.insert(unique.clone()) {
                    unique = format!("{wanted}-{n}");
                    n += 1;
                }
                *id = Some(unique.clone().into());
                toc.push(TocEntry { level: *level as u8, id: unique, title: title.trim().to_string() });
            }
            i = end;
        }
        i += 1;
    }
    toc
}

/// An id made from heading text: lower case, letters and digits of any script kept as they
/// are (an Arabic heading gets an Arabic id), spaces turned into hyphens, punctuation dropped.
pub fn heading_id(text: &str) -> String {
    let mut id = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || (!c.is_ascii() && !c.is_whitespace() && !is_punctuation(c)) {
            id.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_') && !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

/// Non-ASCII punctuation, symbols and invisible marks that have no place in an id.
fn is_punctuation(c: char) -> bool {
    matches!(c,
        '\u{00A0}'..='\u{00BF}' | '\u{00D7}' | '\u{00F7}' // Latin-1 punctuation and signs
        | '\u{060C}' | '\u{061B}' | '\u{061C}' | '\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}' // Arabic
        | '\u{2000}'..='\u{206F}' // general punctuation, bidi marks
        | '\u{2E00}'..='\u{2E7F}' | '\u{3000}'..='\u{303F}' // supplemental and CJK punctuation
        | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FF01}'..='\u{FF0F}')
}

/// Rewrites a link to a content file into its URL. Returns `Ok(None)` for links that are
/// not to content files (web addresses, anchors, plain paths), which stay as written.
fn rewrite_link(
    dest: &str,
    folder: &str,
    resolve: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Option<String>, String> {
    let (path, fragment) = match dest.find('#') {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    let target = if let Some(from_root) = path.strip_prefix("@/") {
        from_root.to_string()
    } else if path.ends_with(".md") && !has_scheme(path) && !path.starts_with('/') {
        join_relative(folder, path).ok_or_else(|| format!("link `{dest}` points outside content/"))?
    } else {
        return Ok(None);
    };
    let url = resolve(&target).map_err(|why| format!("broken link `{dest}`: {why}"))?;
    Ok(Some(format!("{url}{fragment}")))
}

/// `folder` joined with a relative path, with `.` and `..` worked out; `None` if it climbs
/// above `content/`.
fn join_relative(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

fn has_scheme(url: &str) -> bool {
    let end = url.find(['/', '?', '#']).unwrap_or(url.len());
    url[..end].contains(':')
}

fn is_safe_url(url: &str) -> bool {
    let trimmed: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    if !has_scheme(&trimmed) {
        return true;
    }
    let scheme = trimmed.split(':').next().unwrap_or_default().to_ascii_lowercase();
    SAFE_SCHEMES.contains(&scheme.as_str())
}

/// The cleaner for pages that contain raw HTML: it keeps what pulldown-cmark itself writes
/// (heading and footnote ids, footnote and alert classes, `lang`/`dir`) and drops scripts,
/// event handlers, styles and unsafe links.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["dir", "lang"])
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
        .add_allowed_classes("div", ["footnote-definition", "table-scroll"])
        .add_allowed_classes(
            "blockquote",
            [
                "markdown-alert-note",
                "markdown-alert-tip",
                "markdown-alert-important",
                "markdown-alert-warning",
                "markdown-alert-caution",
            ],
        )
        .url_schemes(SAFE_SCHEMES.iter().copied().collect());
    for tag in ["h1", "h2", "h3", "h4", "h5", "h6", "div", "li"] {
        builder.add_tag_attributes(tag, ["id"]);
    }
    builder.add_tag_attributes("div", ["tabindex"]);
    builder
});

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(target: &str) -> Result<String, String> {
        match target {
            "vote/register.md" | "vote/register.ar.md" => Ok("/ar/vote/register/".into()),
            "vote/_index.md" => Ok("/ar/vote/".into()),
            _ => Err(format!("there is no content/{target}")),
        }
    }

    /// The HTML and table of contents of `markdown`, and the problems found.
    struct Rendered {
        html: String,
        toc: Vec<TocEntry>,
    }

    fn render_str(markdown: &str) -> (Rendered, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let source = Source { shown: Path::new("content/join/unions.md"), folder: "join", first_line: 5 };
        let processed = process(markdown, &source, &resolve, &mut problems);
        (Rendered { html: html(&processed), toc: processed.toc }, problems)
    }

    #[test]
    fn heading_ids_are_readable_in_any_script_and_unique() {
        let (r, _) = render_str(
            "## Who can vote?\n\n## Who can vote?\n\n## من يمكنه التصويت؟\n\n## Хто може голосувати\n\n## Main\n\n## Custom {#mine}\n\n## !!!\n",
        );
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "who-can-vote",
                "who-can-vote-1",
                "من-يمكنه-التصويت",
                "хто-може-голосувати",
                "main-1",
                "mine",
                "section-7"
            ]
        );
        assert!(r.html.contains(r#"<h2 id="من-يمكنه-التصويت">"#));
        assert_eq!(r.toc[0].title, "Who can vote?");
    }

    #[test]
    fn links_to_content_files_resolve_in_the_readers_language() {
        let (r, problems) = render_str(
            "[a](../vote/register.md#when) [b](@/vote/register.md) [c](../vote/_index.md) [d](https://gov.uk) [e](#here)",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert!(r.html.contains(r#"href="/ar/vote/register/#when""#));
        assert!(r.html.contains(r#"href="/ar/vote/register/">b"#));
        assert!(r.html.contains(r#"href="/ar/vote/">c"#));
        assert!(r.html.contains(r#"href="https://gov.uk""#));
        assert!(r.html.contains(r##"href="#here""##));
    }

    #[test]
    fn broken_link_names_the_line_in_the_file() {
        let (_, problems) = render_str("Intro.\n\nSee [this](../vote/missing.md).\n");
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].col), (7, 5));
        assert!(problems[0].message.contains("broken link `../vote/missing.md`"), "{}", problems[0].message);
        let (_, problems) = render_str("[up](../../x.md)");
        assert!(problems[0].message.contains("outside content/"));
    }

    #[test]
    fn raw_html_and_unsafe_links_are_cleaned() {
        let (r, problems) = render_str(
            "<script>alert(1)</script>\n\n<p onclick=\"x()\" lang=\"en\">Hi</p>\n\n[x](javascript:alert(1)) [y]( JavaScript:alert(1))\n\n## Kept {#kept}\n",
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick"));
        assert!(!r.html.to_lowercase().contains("javascript"), "{}", r.html);
        assert!(r.html.contains(r#"<p lang="en">Hi</p>"#));
        assert!(r.html.contains(r#"<h2 id="kept">"#));
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn footnotes_get_a_prefix() {
        let (r, _) = render_str("Text[^1].\n\n[^1]: A note.\n");
        assert!(r.html.contains(r##"href="#fn-1""##), "{}", r.html);
        assert!(r.html.contains(r#"id="fn-1""#));
    }

    #[test]
    fn tables_and_strikethrough_work() {
        let (r, _) = render_str("| a | b |\n| - | - |\n| 1 | 2 |\n\n~~old~~\n");
        assert!(r.html.contains(r#"<div class="table-scroll" tabindex="0"><table>"#), "{}", r.html);
        assert!(r.html.contains("</table>\n</div>"));
        assert!(r.html.contains("<del>old</del>"));
    }
}
