//! `signpost new`: a new factsheet with every front-matter field, or a translation of an
//! existing one that starts from the source text and records its hash.

use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::content::{read_text, translation_source};
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};

/// Creates `content/<section>/<slug>.md`, or its translation into `lang`. Returns the new
/// file's path relative to the site root. Never overwrites a file.
pub fn new_page(root: &Path, page: &str, lang: Option<&str>, today: jiff::civil::Date) -> Result<PathBuf, Diagnostics> {
    let config = SiteConfig::from_site_folder(root)?;
    let fail =
        |path: &Path, message: String| Diagnostics(vec![Diagnostic::error(display_path(root, path), (1, 1), message)]);
    let page = page.trim_matches('/');
    let valid =
        |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let Some((section, slug)) =
        page.rsplit_once('/').filter(|(section, slug)| section.split('/').all(valid) && valid(slug))
    else {
        return Err(fail(
            Path::new("content"),
            format!("`{page}` is not <section>/<slug> in lower-case letters, digits and hyphens"),
        ));
    };
    let folder = Path::new("content").join(section);
    if !root.join(&folder).join("_index.md").is_file() {
        return Err(fail(
            &folder,
            format!("there is no section `{section}`: create {}/_index.md first", folder.display()),
        ));
    }
    let source = folder.join(format!("{slug}.md"));
    let (file, text) = match lang {
        None => (source.clone(), new_source(slug, today)),
        Some(lang) if !config.is_language(lang) || lang == config.default_language() => {
            let message = format!("`{lang}` is not one of the site's other languages in site.yaml");
            return Err(fail(Path::new("site.yaml"), message));
        }
        Some(lang) => {
            let text = read_text(&root.join(&source))
                .map_err(|_| fail(&source, format!("there is no {} to translate", source.display())))?;
            let file = folder.join(format!("{slug}.{lang}.md"));
            let (_, hash) = translation_source(root, &file, &config).map_err(|d| Diagnostics(vec![d]))?;
            let text = new_translation(&text, &hash).map_err(|m| fail(&source, m))?;
            (file, text)
        }
    };
    if root.join(&file).exists() {
        return Err(fail(&file, format!("{} already exists; signpost new never overwrites a file", file.display())));
    }
    std::fs::write(root.join(&file), text).map_err(|e| fail(&file, format!("cannot write: {e}")))?;
    Ok(file)
}

/// A factsheet with every field, as a draft so that it is not published by accident.
fn new_source(slug: &str, today: jiff::civil::Date) -> String {
    let words = slug.replace('-', " ");
    let title = words[..1].to_uppercase() + &words[1..];
    format!(
        "---
title: {title}
description: One plain sentence that says what this guide helps with.
reviewed: {today}
sources:
  - title: The page the facts come from
    url: https://www.gov.uk/
audience: migrants
weight: 100
quick_exit: false
draft: true
---

## In short

- The most important thing, in one short sentence.

## What is the question a reader would ask?

Short sentences. Common words. One idea in each paragraph.

## What you can do next

1. A first step, with a link.
"
    )
}

/// A translation that starts from the source's title, description and text, to be
/// translated in place, marked as a draft, with the hash of the source it starts from.
fn new_translation(source: &str, hash: &str) -> Result<String, String> {
    let rest = source.strip_prefix("---\n").ok_or("the source has no front matter")?;
    let end = rest.find("\n---\n").ok_or("the source's front matter is not closed")?;
    let (yaml, body) = (&rest[..end + 1], &rest[end + 5..]);
    let field = |key: &str| {
        yaml.lines().find_map(|l| l.strip_prefix(key).and_then(|v| v.strip_prefix(':'))).map(str::trim).unwrap_or("")
    };
    Ok(format!(
        "---\ntitle: {}\ndescription: {}\ntranslation:\n  status: draft\n  source_hash: {hash}\n---\n{body}",
        field("title"),
        field("description")
    ))
}
