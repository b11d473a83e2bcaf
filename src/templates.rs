//! Tera, loaded once per build: the `t` function for UI strings, then the theme's
//! templates with the site's overrides on top.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tera::{Context, ErrorKind, Kwargs, State, Tera, TeraResult};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::{I18n, fluent_args};
use crate::theme::Layers;

/// The site's templates, ready to render from any thread.
pub struct Templates {
    tera: Tera,
    /// Where each template came from, so errors name the file to fix.
    files: HashMap<String, PathBuf>,
}

impl Templates {
    /// Builds Tera with the `t` function and every template; a syntax error is reported
    /// and gives `None`.
    pub fn load(layers: &Layers, i18n: Arc<I18n>, problems: &mut Diagnostics) -> Option<Templates> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        // Registered before the templates are added: Tera 2 checks calls when it compiles.
        tera.register_function("t", move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let key: &str = kwargs.must_get("key")?;
            let lang = match kwargs.get::<String>("lang")? {
                Some(lang) => lang,
                None => state
                    .get::<String>("lang")?
                    .ok_or_else(|| tera::Error::message("t(): no `lang` in this template"))?,
            };
            let args = kwargs
                .iter()
                .filter_map(|(name, value)| name.as_str().map(|name| (name, value)))
                .filter(|(name, _)| !matches!(*name, "key" | "lang"));
            i18n.t(&lang, key, Some(&fluent_args(args))).map_err(tera::Error::message)
        });

        let mut files = HashMap::new();
        let mut sources = Vec::new();
        for file in layers.all().flat_map(|layer| &layer.templates) {
            match file.text() {
                Ok(text) => {
                    files.insert(file.name.clone(), file.shown.clone());
                    sources.retain(|(name, _): &(String, String)| *name != file.name);
                    sources.push((file.name.clone(), text.into_owned()));
                }
                Err(d) => problems.push(d),
            }
        }
        let mut templates = Templates { tera, files };
        if let Err(err) = templates.tera.add_raw_templates(sources) {
            problems.push(templates.diagnostic(&err, "loading templates"));
            return None;
        }
        Some(templates)
    }

    /// Sets values every template can read.
    pub fn set_global(&mut self, name: &'static str, value: &impl serde::Serialize) {
        self.tera.global_context().insert(name, value);
    }

    /// Renders `name`; `what` says which page it was for, so an error names the content too.
    pub fn render(&self, name: &str, context: &Context, what: &str) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|err| self.diagnostic(&err, what))
    }

    /// A Tera error as `template-file:line:col: message (while ...)`.
    fn diagnostic(&self, err: &tera::Error, what: &str) -> Diagnostic {
        let mut message = match err.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => report.message().to_string(),
            other => other.to_string(),
        };
        let mut cause = std::error::Error::source(err);
        while let Some(inner) = cause {
            message.push_str(&format!(": {inner}"));
            cause = inner.source();
        }
        let (path, position) = match err.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let span = report.span();
                let path = self.files.get(report.filename()).cloned().unwrap_or_else(|| report.filename().into());
                (path, (span.start_line.max(1), span.start_col + 1))
            }
            _ => (PathBuf::from("templates"), (1, 1)),
        };
        Diagnostic::error(path, position, format!("{message} ({what})"))
    }
}
