//! Diagnostics: problems found in a dataset, pointing at the file, line and field.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
/// How serious a diagnostic is.
pub enum Severity {
    /// Reported; the build goes on.
    Warning,
    /// Stops the build.
    Error,
}

/// One problem in a dataset. `message` is Thai, then ` / `, then English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// An error or a warning.
    pub severity: Severity,
    /// The file it is about.
    pub file: PathBuf,
    /// 1-based line and column; 0 when unknown.
    pub line: usize,
    /// The 1-based column (0 when the whole file is meant).
    pub column: usize,
    /// The field, e.g. `rows[3].budget`.
    pub path: String,
    /// What is wrong and what to do, in Thai then English.
    pub message: String,
    /// The offending source line, if known.
    pub snippet: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}:{} {}: {kind}: {}", self.file.display(), self.line, self.column, self.path, self.message)?;
        if let Some(s) = &self.snippet {
            write!(f, "\n  {:>4} | {}", self.line, s)?;
        }
        Ok(())
    }
}

/// Builds diagnostics for one source file, looking up lines and snippets.
pub struct Reporter<'a> {
    file: &'a Path,
    text: &'a str,
    /// Byte offset of each line's start, so a snippet costs no scan of the file.
    line_starts: Vec<usize>,
}

impl<'a> Reporter<'a> {
    /// A reporter for `file`, whose text is `text` (for the line shown under a diagnostic).
    pub fn new(file: &'a Path, text: &'a str) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self { file, text, line_starts }
    }

    fn line(&self, line: usize) -> Option<&'a str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self.line_starts.get(line).map_or(self.text.len(), |&e| e - 1);
        self.text.get(start..end)
    }

    /// A diagnostic at `line` and `column` of the file, about the field `path`.
    pub fn at(
        &self,
        severity: Severity,
        line: usize,
        column: usize,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let snippet = self.line(line).map(|l| {
            let l = l.trim_end();
            // Keep a snippet to one screen line whatever the YAML holds.
            match l.char_indices().nth(160) {
                Some((i, _)) => format!("{}…", &l[..i]),
                None => l.to_string(),
            }
        });
        Diagnostic {
            severity,
            file: self.file.to_path_buf(),
            line,
            column,
            path: path.into(),
            message: message.into(),
            snippet,
        }
    }
}
