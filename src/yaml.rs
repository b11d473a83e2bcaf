//! The one way signpost reads YAML (site.yaml and front matter), so every file gets the
//! same strict rules and the same error positions.

use serde::de::DeserializeOwned;
use std::path::Path;

use crate::diagnostics::Diagnostic;

/// Parses `text` into `T`. `first_line` is the line of the file on which `text` starts
/// (front matter starts on line 2), so errors point into the file, not into the block.
///
/// Booleans are strict (`yes`/`no` stay strings, `draft: yes` is an error) and numbers
/// with leading zeros stay strings: YAML 1.1's surprises have no place in translator input.
pub fn parse<T: DeserializeOwned>(text: &str, path: &Path, first_line: usize) -> Result<T, Diagnostic> {
    let options = serde_saphyr::options! { strict_booleans: true, leading_zero_numbers_as_strings: true };
    serde_saphyr::from_str_with_options(text, options).map_err(|err| {
        let message = err.render_with_options(serde_saphyr::render_options! {
            snippets: serde_saphyr::SnippetMode::Off,
            formatter: &serde_saphyr::UserMessageFormatter,
        });
        let (line, col) = err.location().map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
        Diagnostic::error(path, (line + first_line - 1, col), strip_location(&message))
    })
}

/// The parser appends " at line L, column C"; we print the position in front instead.
fn strip_location(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => &message[..i],
        _ => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Example {
        title: String,
        #[serde(default)]
        draft: bool,
    }

    #[test]
    fn unknown_key_is_named_with_its_line_in_the_file() {
        let err = parse::<Example>("title: x\ntilte: y\n", Path::new("a.md"), 2).unwrap_err();
        assert_eq!((err.line, err.col), (3, 1));
        assert!(err.message.starts_with("unknown field `tilte`"), "{}", err.message);
        assert!(!err.message.contains("at line"));
    }

    #[test]
    fn yes_is_not_a_boolean() {
        let err = parse::<Example>("title: x\ndraft: yes\n", Path::new("a.md"), 1).unwrap_err();
        assert_eq!((err.line, err.col), (2, 8));
        assert!(err.message.contains("true or false"), "{}", err.message);
    }
}
