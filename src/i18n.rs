//! UI strings (Fluent) and dates in the reader's language.
//!
//! One concurrent Fluent bundle per language holds the theme's messages overridden by the
//! site's. A look-up walks the language chain (`pt-BR` → `pt` → default language). Messages
//! missing in a language are found once, when the bundles are built, and reported then.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use unic_langid::LanguageIdentifier;

use crate::config::{Direction, SiteConfig};
use crate::diagnostics::{Diagnostic, Diagnostics, line_col};
use crate::theme::{Layer, LayerFile, Layers};

type Bundle = FluentBundle<FluentResource>;
type DateFormatter = FixedCalendarDateTimeFormatter<Gregorian, YMD>;

/// Region used to write dates in languages configured without one: the guides are about
/// the UK, so English dates read "1 November 2026", not "November 1, 2026".
const DATE_REGION: &str = "GB";

/// Message id a site sets to give its title per language.
const SITE_TITLE: &str = "site-title";

/// Fluent bundles and date formatters for every language of a site, built once per build.
pub struct I18n {
    /// Bundles by language code: each configured language plus any shorter code on its chain
    /// (`pt` for `pt-BR`) that has its own locales folder.
    bundles: HashMap<String, Bundle>,
    /// Bundle codes to try, in order, for each configured language.
    chains: HashMap<String, Vec<String>>,
    dates: HashMap<String, DateFormatter>,
    /// Languages whose site locales define `site-title`.
    site_titles: BTreeSet<String>,
    /// Where each message is defined, by language code and message id.
    definitions: BTreeMap<String, BTreeMap<String, Definition>>,
    default: String,
}

/// Where a message is defined, for reports.
pub struct Definition {
    pub file: std::path::PathBuf,
    pub position: (usize, usize),
}

impl I18n {
    /// Builds the bundles. Syntax errors, duplicate messages and messages missing in a
    /// language are reported to `problems`.
    pub fn load(config: &SiteConfig, layers: &Layers, problems: &mut Diagnostics) -> I18n {
        let default = config.default_language().to_string();
        let mut codes: BTreeSet<String> = config.language_codes().map(str::to_string).collect();
        let mut chains = HashMap::new();
        for code in config.language_codes() {
            let chain = language_chain(code, &default, |c| has_folder(layers, c));
            codes.extend(chain.iter().cloned());
            chains.insert(code.to_string(), chain);
        }

        let mut bundles = HashMap::new();
        let mut definitions: BTreeMap<String, BTreeMap<String, Definition>> = BTreeMap::new();
        let mut site_titles = BTreeSet::new();
        for code in &codes {
            let langid: LanguageIdentifier = code.parse().unwrap_or_default();
            let mut bundle = Bundle::new_concurrent(vec![langid]);
            // Isolation marks keep Latin names and numbers in order inside right-to-left
            // text; in left-to-right languages they would only get in the way.
            bundle.set_use_isolating(crate::config::direction_of(code) == Direction::Rtl);
            let defined = definitions.entry(code.clone()).or_default();
            for layer in layers.all() {
                let is_site = std::ptr::eq(layer, &layers.site);
                let mut in_layer = BTreeSet::new();
                for file in files_for(layer, code) {
                    let Some((resource, ids)) = parse_ftl(file, problems) else { continue };
                    for (id, position) in ids {
                        if !in_layer.insert(id.clone()) {
                            problems.push(Diagnostic::error(
                                &file.shown,
                                position,
                                format!("message `{id}` is defined twice for `{code}`; keep one"),
                            ));
                        }
                        if is_site && id == SITE_TITLE {
                            site_titles.insert(code.clone());
                        }
                        defined.insert(id, Definition { file: file.shown.clone(), position });
                    }
                    bundle.add_resource_overriding(resource);
                }
            }
            bundles.insert(code.clone(), bundle);
        }

        let dates = config
            .language_codes()
            .filter_map(|code| {
                let mut locale: icu_locale_core::Locale = code.parse().ok()?;
                if locale.id.region.is_none() {
                    locale.id.region = DATE_REGION.parse().ok();
                }
                let formatter = DateFormatter::try_new(locale.into(), YMD::long()).ok()?;
                Some((code.to_string(), formatter))
            })
            .collect();

        let i18n = I18n { bundles, chains, dates, site_titles, definitions, default };
        i18n.report_missing(config, problems);
        i18n
    }

    /// The messages of the default language, with where each is defined.
    pub fn default_messages(&self) -> impl Iterator<Item = (&str, &Definition)> {
        self.definitions.get(&self.default).into_iter().flatten().map(|(id, d)| (id.as_str(), d))
    }

    /// How many of the default language's messages `lang` translates (itself or through
    /// a shorter code on its chain), and how many there are.
    pub fn coverage(&self, lang: &str) -> (usize, usize) {
        let chain: Vec<&String> = self.chains.get(lang).into_iter().flatten().filter(|c| **c != self.default).collect();
        let total = self.default_messages().count();
        let translated = if lang == self.default {
            total
        } else {
            self.default_messages()
                .filter(|(id, _)| chain.iter().any(|c| self.definitions.get(*c).is_some_and(|d| d.contains_key(*id))))
                .count()
        };
        (translated, total)
    }

    /// Warns about each message of the default language that a language lacks (its pages
    /// then show the default-language text for it).
    fn report_missing(&self, config: &SiteConfig, problems: &mut Diagnostics) {
        let default = config.default_language();
        for code in config.language_codes().filter(|c| *c != default) {
            for (id, definition) in self.default_messages() {
                let found = self.chains[code]
                    .iter()
                    .filter(|c| c.as_str() != default)
                    .any(|c| self.definitions.get(c).is_some_and(|d| d.contains_key(id)));
                if !found {
                    problems.push(Diagnostic::warning(
                        &definition.file,
                        definition.position,
                        format!("message `{id}` has no `{code}` translation; `{code}` pages show the `{default}` text"),
                    ));
                }
            }
        }
    }

    /// Formats message `id` for `lang`, trying each language of its chain in turn.
    pub fn t(&self, lang: &str, id: &str, args: Option<&FluentArgs>) -> Result<String, String> {
        let chain = self.chains.get(lang).ok_or_else(|| format!("`{lang}` is not a configured language"))?;
        for code in chain {
            let bundle = &self.bundles[code];
            let Some(message) = bundle.get_message(id) else { continue };
            let pattern = message.value().ok_or_else(|| format!("message `{id}` ({code}) has no value"))?;
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, args, &mut errors);
            if let Some(error) = errors.first() {
                return Err(format!("message `{id}` ({code}): {error}"));
            }
            if text.trim().is_empty() {
                return Err(format!("message `{id}` ({code}) is empty"));
            }
            return Ok(text.into_owned());
        }
        Err(format!(
            "no message `{id}` in any locales/*/ file for `{lang}` (add it to locales/{lang}/ or the default language)"
        ))
    }

    /// The site's title in `lang`: its `site-title` message where the site defines one.
    pub fn site_title(&self, lang: &str, config: &SiteConfig) -> String {
        let defined = self.chains.get(lang).is_some_and(|chain| chain.iter().any(|c| self.site_titles.contains(c)));
        match defined.then(|| self.t(lang, SITE_TITLE, None)) {
            Some(Ok(title)) => title,
            _ => config.title.clone(),
        }
    }

    /// A date written the way readers of `lang` expect ("1 November 2026", "1 listopada
    /// 2026"), always in the Gregorian calendar that UK deadlines use.
    pub fn format_date(&self, lang: &str, date: jiff::civil::Date) -> String {
        let formatted = Date::try_new_gregorian(i32::from(date.year()), date.month() as u8, date.day() as u8)
            .ok()
            .zip(self.dates.get(lang))
            .map(|(d, formatter)| formatter.format(&d).to_string());
        formatted.unwrap_or_else(|| date.to_string())
    }
}

/// `pt-BR` → [`pt-BR`, `pt`, default]: the language, the same language without region or
/// script where it has its own folder, then the default language.
fn language_chain(code: &str, default: &str, has_folder: impl Fn(&str) -> bool) -> Vec<String> {
    let mut chain = vec![code.to_string()];
    if let Ok(id) = code.parse::<LanguageIdentifier>() {
        let primary = id.language.as_str();
        if primary != code && has_folder(primary) {
            chain.push(primary.to_string());
        }
    }
    if !chain.iter().any(|c| c == default) {
        chain.push(default.to_string());
    }
    chain
}

fn has_folder(layers: &Layers, code: &str) -> bool {
    layers.all().any(|layer| files_for(layer, code).next().is_some())
}

/// The `.ftl` files of `locales/<code>/` in a layer.
fn files_for<'a>(layer: &'a Layer, code: &'a str) -> impl Iterator<Item = &'a LayerFile> {
    layer
        .locales
        .iter()
        .filter(move |f| f.name.ends_with(".ftl") && f.name.split_once('/').is_some_and(|(folder, _)| folder == code))
}

/// A message id and the line and column where it is defined.
type MessagePosition = (String, (usize, usize));

/// Parses one FTL file; returns it with its message ids and their positions.
fn parse_ftl(file: &LayerFile, problems: &mut Diagnostics) -> Option<(FluentResource, Vec<MessagePosition>)> {
    let text = match file.text() {
        Ok(text) => text.into_owned(),
        Err(d) => {
            problems.push(d);
            return None;
        }
    };
    let resource = match FluentResource::try_new(text) {
        Ok(resource) => resource,
        Err((resource, errors)) => {
            for error in errors {
                // `slice` is the broken entry; `pos` can point past its end (at the next line).
                let offset = error.slice.as_ref().map_or(error.pos.start, |slice| slice.start);
                let position = line_col(resource.source(), offset);
                problems.push(Diagnostic::error(&file.shown, position, format!("Fluent syntax: {error}")));
            }
            return None;
        }
    };
    let source = resource.source();
    let ids = resource
        .entries()
        .filter_map(|entry| match entry {
            ast::Entry::Message(message) => {
                let id = message.id.name;
                Some((id.to_string(), line_col(source, find_definition(source, id))))
            }
            _ => None,
        })
        .collect();
    Some((resource, ids))
}

/// Byte offset of the line that defines message `id` (the AST keeps no positions).
fn find_definition(source: &str, id: &str) -> usize {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        if line.strip_prefix(id).is_some_and(|rest| rest.trim_start().starts_with('=')) {
            return offset;
        }
        offset += line.len();
    }
    0
}

/// Turns template keyword arguments into Fluent arguments: numbers stay numbers, so that
/// plural selection works.
pub fn fluent_args<'a>(pairs: impl Iterator<Item = (&'a str, &'a tera::Value)>) -> FluentArgs<'static> {
    let mut args = FluentArgs::new();
    for (name, value) in pairs {
        let value: FluentValue<'static> = if let Some(n) = value.as_i64() {
            FluentValue::from(n)
        } else if let Some(n) = value.as_f64() {
            FluentValue::from(n)
        } else if let Some(s) = value.as_str() {
            FluentValue::from(s.to_string())
        } else {
            FluentValue::from(value.to_string())
        };
        args.set(name.to_string(), value);
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;
    use std::path::Path;

    fn ftl(name: &str, text: &str) -> LayerFile {
        LayerFile {
            name: name.into(),
            shown: Path::new("locales").join(name),
            bytes: Cow::Owned(text.as_bytes().to_vec()),
        }
    }

    fn setup(site: Vec<LayerFile>) -> (I18n, Diagnostics) {
        let yaml = "title: Guides\nbase_url: https://example.org\ndefault_language: en\nlanguages:\n  - {code: en, name: English}\n  - {code: ar, name: العربية}\n  - {code: pl, name: Polski}\n  - {code: uk, name: Українська}\n  - {code: pt-BR, name: Português}\n";
        let config = SiteConfig::parse(yaml, Path::new("site.yaml")).unwrap();
        let count = "guides = { $count ->\n    [one] one guide\n   *[other] { $count } guides\n}\n";
        let theme = Layer {
            locales: vec![
                ftl("en/main.ftl", &format!("hello = Hello\nbye = Bye\n{count}")),
                ftl(
                    "ar/main.ftl",
                    "hello = مرحبا\nguides = { $count ->\n    [zero] لا أدلة\n    [one] دليل واحد\n    [two] دليلان\n    [few] { $count } أدلة\n    [many] { $count } دليلًا\n   *[other] { $count } دليل\n}\n",
                ),
                ftl(
                    "pl/main.ftl",
                    "hello = Cześć\nbye = Pa\nguides = { $count ->\n    [one] { $count } poradnik\n    [few] { $count } poradniki\n    [many] { $count } poradników\n   *[other] { $count } poradnika\n}\n",
                ),
                ftl(
                    "uk/main.ftl",
                    "hello = Привіт\nbye = Бувай\nguides = { $count ->\n    [one] { $count } посібник\n    [few] { $count } посібники\n    [many] { $count } посібників\n   *[other] { $count } посібника\n}\n",
                ),
                ftl("pt/main.ftl", "hello = Olá\n"),
            ],
            ..Layer::default()
        };
        let site = Layer { locales: site, ..Layer::default() };
        let mut problems = Diagnostics::default();
        let i18n = I18n::load(&config, &Layers { themes: vec![theme], site }, &mut problems);
        (i18n, problems)
    }

    fn count(i18n: &I18n, lang: &str, n: i64) -> String {
        let mut args = FluentArgs::new();
        args.set("count", n);
        i18n.t(lang, "guides", Some(&args)).unwrap().replace(['\u{2068}', '\u{2069}'], "")
    }

    #[test]
    fn plurals_follow_each_language() {
        let (i18n, _) = setup(vec![]);
        assert_eq!(count(&i18n, "ar", 0), "لا أدلة");
        assert_eq!(count(&i18n, "ar", 2), "دليلان");
        assert_eq!(count(&i18n, "ar", 3), "3 أدلة");
        assert_eq!(count(&i18n, "ar", 11), "11 دليلًا");
        assert_eq!(count(&i18n, "ar", 100), "100 دليل");
        assert_eq!(count(&i18n, "pl", 1), "1 poradnik");
        assert_eq!(count(&i18n, "pl", 22), "22 poradniki");
        assert_eq!(count(&i18n, "pl", 25), "25 poradników");
        assert_eq!(count(&i18n, "uk", 21), "21 посібник");
        assert_eq!(count(&i18n, "uk", 3), "3 посібники");
        assert_eq!(count(&i18n, "uk", 11), "11 посібників");
    }

    #[test]
    fn missing_messages_fall_back_along_the_chain_and_are_reported() {
        let (i18n, problems) = setup(vec![]);
        assert_eq!(i18n.t("pt-BR", "hello", None).unwrap(), "Olá");
        assert_eq!(i18n.t("pt-BR", "bye", None).unwrap(), "Bye");
        assert_eq!(i18n.t("ar", "bye", None).unwrap(), "Bye");
        assert!(i18n.t("ar", "nothing", None).is_err());
        let reported: Vec<_> = problems.0.iter().map(|d| d.message.as_str()).collect();
        assert!(
            reported.contains(&"message `bye` has no `ar` translation; `ar` pages show the `en` text"),
            "{reported:?}"
        );
        assert!(reported.iter().any(|m| m.contains("`bye` has no `pt-BR`")));
        assert!(!reported.iter().any(|m| m.contains("`hello` has no `pt-BR`")), "pt covers pt-BR");
        let bye = problems.0.iter().find(|d| d.message.contains("`bye` has no `ar`")).unwrap();
        assert_eq!((bye.line, bye.col), (2, 1));
    }

    #[test]
    fn site_messages_win_and_site_title_is_per_language() {
        let (i18n, problems) = setup(vec![
            ftl("en/site.ftl", "hello = Welcome\nsite-title = Know your rights\n"),
            ftl("pl/site.ftl", "site-title = Poznaj swoje prawa\n"),
        ]);
        assert_eq!(i18n.t("en", "hello", None).unwrap(), "Welcome");
        assert!(!problems.has_errors(), "{problems}");
        let yaml = "title: Guides\nbase_url: https://example.org\ndefault_language: en\nlanguages:\n  - {code: en, name: English}\n";
        let config = SiteConfig::parse(yaml, Path::new("site.yaml")).unwrap();
        assert_eq!(i18n.site_title("pl", &config), "Poznaj swoje prawa");
        assert_eq!(i18n.site_title("en", &config), "Know your rights");
    }

    #[test]
    fn syntax_errors_name_file_and_line() {
        let (_, problems) = setup(vec![ftl("en/site.ftl", "ok = fine\n\nbroken = { $x\n")]);
        let error = problems.errors().next().expect("an error");
        assert_eq!(error.path, Path::new("locales/en/site.ftl"));
        assert_eq!(error.line, 3);
    }

    #[test]
    fn dates_are_written_for_the_reader() {
        let (i18n, _) = setup(vec![]);
        let date = jiff::civil::date(2026, 11, 1);
        assert_eq!(i18n.format_date("en", date), "1 November 2026");
        assert!(i18n.format_date("pl", date).contains("listopada"), "{}", i18n.format_date("pl", date));
        assert!(i18n.format_date("uk", date).contains("листопада"));
    }
}
