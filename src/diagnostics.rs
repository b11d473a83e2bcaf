//! Problems found in a site, each tied to a file, a line and a column.
//!
//! Every phase collects its problems into a [`Diagnostics`] list instead of stopping at the
//! first one, so an editor sees everything that is wrong in one run.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop the build, warnings are only reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem at one place in one file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Diagnostic {
    /// The file, as the user would type it (the site root joined with the relative path).
    pub path: PathBuf,
    /// 1-based line in that file.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    pub severity: Severity,
    /// What is wrong and, where it helps, what to do about it.
    pub message: String,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, (line, col): (usize, usize), message: impl Into<String>) -> Self {
        Diagnostic { path: path.into(), line, col, severity: Severity::Error, message: message.into() }
    }

    pub fn warning(path: impl Into<PathBuf>, (line, col): (usize, usize), message: impl Into<String>) -> Self {
        Diagnostic { path: path.into(), line, col, severity: Severity::Warning, message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}:{}: {severity}: {}", self.path.display(), self.line, self.col, self.message)
    }
}

/// A list of problems. As an error value it means "the site is invalid": it holds every
/// error found (and the warnings beside them), sorted by file and position.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Error)
    }

    /// Sorts by file and position and drops exact repeats (a fallback page repeats the
    /// problems of the text it shows), so reports are stable whatever the thread count.
    pub fn sorted(mut self) -> Self {
        self.0.sort();
        self.0.dedup();
        self
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let errors = self.errors().count();
        write!(f, "{errors} error{}", if errors == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// `root/relative`, the form in which paths appear in messages.
pub fn display_path(root: &Path, relative: &Path) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() { relative.to_path_buf() } else { root.join(relative) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "ab\nمرحبا x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 7));
        assert_eq!(line_col(text, text.len()), (3, 1));
    }

    #[test]
    fn display_is_path_line_col_message() {
        let d = Diagnostic::error("content/a.md", (3, 7), "bad");
        assert_eq!(d.to_string(), "content/a.md:3:7: error: bad");
    }

    #[test]
    fn sorted_orders_by_file_then_line() {
        let list = Diagnostics(vec![
            Diagnostic::error("b.md", (1, 1), "x"),
            Diagnostic::warning("a.md", (9, 1), "y"),
            Diagnostic::error("a.md", (2, 1), "z"),
            Diagnostic::error("a.md", (2, 1), "z"),
        ])
        .sorted();
        let lines: Vec<_> = list.0.iter().map(|d| (d.path.clone(), d.line)).collect();
        assert_eq!(lines, [("a.md".into(), 2), ("a.md".into(), 9), ("b.md".into(), 1)]);
    }
}
