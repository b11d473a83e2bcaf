//! `site.yaml`: the site's title, address, languages and theme.

use serde::Deserialize;
use serde_saphyr::Spanned;
use std::path::Path;
use unic_langid::LanguageIdentifier;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// Languages written right to left (by their primary language subtag).
const RTL_LANGUAGES: &[&str] = &["ar", "fa", "ur", "ps", "ckb", "he", "yi", "dv", "sd", "ug"];

/// The theme compiled into the binary.
pub const BUILT_IN_THEME: &str = "default";

/// Text direction of a language.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

/// The typed contents of `site.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's name; a `site-title` Fluent message replaces it in a language.
    pub title: String,
    /// Absolute address the site is published at, e.g. `https://example.org/guides`.
    pub base_url: Spanned<String>,
    /// Code of the language the source files are written in.
    pub default_language: Spanned<String>,
    /// Every language the site is published in, in the order choosers show them.
    pub languages: Vec<LanguageConfig>,
    /// A theme folder under `themes/`, or the built-in `default`.
    #[serde(default = "default_theme")]
    pub theme: Spanned<String>,
    /// Days after a page's `reviewed` date when it is overdue for review.
    #[serde(default = "default_review_period")]
    pub review_period_days: u32,
    /// Settings for printable handouts.
    #[serde(default)]
    pub handouts: HandoutsConfig,
}

/// The `handouts:` block of site.yaml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoutsConfig {
    /// A line printed at the end of every handout, e.g. who to contact for help.
    pub contact: Option<String>,
}

/// One published language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// A BCP 47 code such as `ar` or `pt-BR`; it is also the URL prefix.
    pub code: Spanned<String>,
    /// The language's name in itself (endonym), e.g. `العربية`.
    pub name: String,
    /// Overrides the direction worked out from the code.
    pub dir: Option<Direction>,
}

fn default_theme() -> Spanned<String> {
    let unknown = serde_saphyr::Location::UNKNOWN;
    Spanned::new(BUILT_IN_THEME.to_string(), unknown, unknown)
}

fn default_review_period() -> u32 {
    365
}

impl SiteConfig {
    /// Reads `site.yaml` in the site folder `root`.
    pub fn from_site_folder(root: &Path) -> Result<SiteConfig, Diagnostics> {
        let shown = crate::diagnostics::display_path(root, Path::new("site.yaml"));
        let text = crate::content::read_text(&root.join("site.yaml")).map_err(|err| {
            let message = format!("cannot read site.yaml ({err}): is {} a signpost site?", root.display());
            Diagnostics(vec![Diagnostic::error(&shown, (1, 1), message)])
        })?;
        SiteConfig::parse(&text, &shown)
    }

    /// Parses and checks `site.yaml`'s text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<SiteConfig, Diagnostics> {
        let config: SiteConfig = crate::yaml::parse(text, path, 1).map_err(|d| Diagnostics(vec![d]))?;
        let problems = config.validate(path);
        if problems.has_errors() { Err(problems) } else { Ok(config) }
    }

    fn validate(&self, path: &Path) -> Diagnostics {
        let mut problems = Diagnostics::default();
        if self.languages.is_empty() {
            problems.push(Diagnostic::error(path, (1, 1), "`languages` is empty: list at least the default language"));
        }
        for (i, language) in self.languages.iter().enumerate() {
            let code = &language.code.value;
            if code.parse::<LanguageIdentifier>().is_err() || code.contains('_') {
                problems.push(Diagnostic::error(
                    path,
                    position(&language.code),
                    format!("`{code}` is not a language code: use a BCP 47 code such as `ar` or `pt-BR`"),
                ));
            }
            if self.languages[..i].iter().any(|other| other.code.value == *code) {
                problems.push(Diagnostic::error(
                    path,
                    position(&language.code),
                    format!("language `{code}` is listed twice"),
                ));
            }
        }
        if !self.languages.iter().any(|l| l.code.value == self.default_language.value) {
            problems.push(Diagnostic::error(
                path,
                position(&self.default_language),
                format!("default language `{}` is not in `languages`", self.default_language.value),
            ));
        }
        match url::Url::parse(&self.base_url.value) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => {}
            _ => problems.push(Diagnostic::error(
                path,
                position(&self.base_url),
                format!("`{}` is not an absolute http(s) address, e.g. https://example.org", self.base_url.value),
            )),
        }
        problems
    }

    /// The theme's name (`default` is built in).
    pub fn theme(&self) -> &str {
        &self.theme.value
    }

    /// The language codes in configured order.
    pub fn language_codes(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.value.as_str())
    }

    pub fn is_language(&self, code: &str) -> bool {
        self.language_codes().any(|c| c == code)
    }

    pub fn language(&self, code: &str) -> Option<&LanguageConfig> {
        self.languages.iter().find(|l| l.code.value == code)
    }

    pub fn default_language(&self) -> &str {
        &self.default_language.value
    }

    /// The site's address without a trailing slash, e.g. `https://example.org/guides`.
    pub fn base_url(&self) -> &str {
        self.base_url.value.trim_end_matches('/')
    }

    /// The path part of the address, prefixed to every link so the site works under a
    /// sub-folder: `""` or `/guides`.
    pub fn base_path(&self) -> &str {
        let url = self.base_url();
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        url[after_scheme..].find('/').map_or("", |i| &url[after_scheme + i..])
    }

    /// Direction of a configured language: its `dir`, else worked out from its code.
    pub fn direction(&self, code: &str) -> Direction {
        self.language(code).and_then(|l| l.dir).unwrap_or_else(|| direction_of(code))
    }
}

/// Line and column of a value in site.yaml (1:1 for a default that is not written there).
pub fn position(value: &Spanned<String>) -> (usize, usize) {
    let line = value.referenced.line().max(1) as usize;
    (line, value.referenced.column().max(1) as usize)
}

/// Right to left for the scripts listed in [`RTL_LANGUAGES`], else left to right.
pub fn direction_of(code: &str) -> Direction {
    let primary = code.split(['-', '_']).next().unwrap_or(code).to_ascii_lowercase();
    if RTL_LANGUAGES.contains(&primary.as_str()) { Direction::Rtl } else { Direction::Ltr }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "title: Guides\nbase_url: https://example.org/guides/\ndefault_language: en\nlanguages:\n  - code: en\n    name: English\n  - code: ar\n    name: العربية\n  - code: ku\n    name: Kurdî\n    dir: ltr\n";

    #[test]
    fn parses_defaults_and_directions() {
        let config = SiteConfig::parse(GOOD, Path::new("site.yaml")).unwrap();
        assert_eq!(config.theme(), "default");
        assert_eq!(config.review_period_days, 365);
        assert_eq!(config.base_url(), "https://example.org/guides");
        assert_eq!(config.base_path(), "/guides");
        assert_eq!(config.direction("ar"), Direction::Rtl);
        assert_eq!(config.direction("en"), Direction::Ltr);
        assert_eq!(config.direction("ku"), Direction::Ltr);
        assert_eq!(direction_of("fa-IR"), Direction::Rtl);
        assert_eq!(direction_of("ckb"), Direction::Rtl);
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let text = format!("{GOOD}review_days: 3\n");
        let err = SiteConfig::parse(&text, Path::new("site.yaml")).unwrap_err();
        assert_eq!(err.0[0].line, 12);
        assert!(err.0[0].message.contains("review_days"));
    }

    #[test]
    fn default_language_must_be_configured() {
        let text = GOOD.replace("default_language: en", "default_language: fr");
        let err = SiteConfig::parse(&text, Path::new("site.yaml")).unwrap_err();
        assert_eq!((err.0[0].line, err.0[0].col), (3, 19));
        assert!(err.0[0].message.contains("`fr` is not in `languages`"));
    }

    #[test]
    fn bad_values_are_errors() {
        let text = GOOD.replace("https://example.org/guides/", "example.org").replace("dir: ltr", "dir: sideways");
        let err = SiteConfig::parse(&text, Path::new("site.yaml")).unwrap_err();
        assert!(err.0[0].message.contains("sideways") || err.0[0].message.contains("variant"), "{err}");
        let text = GOOD.replace("https://example.org/guides/", "example.org");
        let err = SiteConfig::parse(&text, Path::new("site.yaml")).unwrap_err();
        assert_eq!(err.0[0].line, 2);
    }
}
