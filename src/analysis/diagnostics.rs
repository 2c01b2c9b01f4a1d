//! Diagnostic codes, severities and the diagnostic record itself.
//! Severity, code and message are decided here, once, for every front end.

use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    SyntaxError,
    Unsourced,
    UnknownSource,
    Unsupported,
    QuoteNotFound,
    Contradiction,
    Disputed,
    Duplicate,
    UnknownEntity,
    MissingSources,
    BadArticle,
    DuplicateArticleId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Option<Severity>> {
        Some(Some(match s {
            "error" => Severity::Error,
            "warning" | "warn" => Severity::Warning,
            "info" | "information" => Severity::Info,
            "hint" => Severity::Hint,
            "off" | "none" | "allow" => return Some(None),
            _ => return None,
        }))
    }
}

impl Code {
    pub const ALL: [Code; 12] = [
        Code::SyntaxError,
        Code::Unsourced,
        Code::UnknownSource,
        Code::Unsupported,
        Code::QuoteNotFound,
        Code::Contradiction,
        Code::Disputed,
        Code::Duplicate,
        Code::UnknownEntity,
        Code::MissingSources,
        Code::BadArticle,
        Code::DuplicateArticleId,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::SyntaxError => "syntax-error",
            Code::Unsourced => "unsourced",
            Code::UnknownSource => "unknown-source",
            Code::Unsupported => "unsupported",
            Code::QuoteNotFound => "quote-not-found",
            Code::Contradiction => "contradiction",
            Code::Disputed => "disputed",
            Code::Duplicate => "duplicate",
            Code::UnknownEntity => "unknown-entity",
            Code::MissingSources => "missing-sources",
            Code::BadArticle => "bad-article",
            Code::DuplicateArticleId => "duplicate-article-id",
        }
    }

    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Code::SyntaxError
            | Code::UnknownSource
            | Code::QuoteNotFound
            | Code::MissingSources
            | Code::DuplicateArticleId => Severity::Error,
            Code::Unsourced
            | Code::Unsupported
            | Code::Contradiction
            | Code::Disputed
            | Code::Duplicate
            | Code::BadArticle => Severity::Warning,
            Code::UnknownEntity => Severity::Hint,
        }
    }

    /// One line on what the code means (SARIF rule descriptions, help).
    pub fn summary(self) -> &'static str {
        match self {
            Code::SyntaxError => "The line is not a well-formed claim, directive or heading.",
            Code::Unsourced => "A claim cites no article.",
            Code::UnknownSource => "A citation names no article in the articles folder.",
            Code::Unsupported => "No single sentence of the cited article supports the claim.",
            Code::QuoteNotFound => "A quoted passage is not in the cited article.",
            Code::Contradiction => "Two claims assert and deny the same thing.",
            Code::Disputed => "The best evidence sentence denies or negates the claim.",
            Code::Duplicate => "The same claim is made twice.",
            Code::UnknownEntity => "A name is close to a declared entity but is not declared.",
            Code::MissingSources => "The articles folder does not exist.",
            Code::BadArticle => "An article could not be read: binary, not UTF-8 or unreadable.",
            Code::DuplicateArticleId => "Two articles have the same id.",
        }
    }

    /// The anchor of the code's section in docs/diagnostics.md.
    pub fn docs_anchor(self) -> &'static str {
        self.as_str()
    }

    /// Whether an editor may fade the range (LSP `Unnecessary`).
    pub fn unnecessary(self) -> bool {
        matches!(self, Code::Duplicate)
    }
}

/// A file a diagnostic or a related location is in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum FileRef {
    /// A notes file of the workspace, by index.
    Notes(usize),
    /// An article: source set and index within it.
    Article { set: usize, index: usize },
    /// A file the workspace holds no text for (an unreadable article).
    Path(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Related {
    pub file: FileRef,
    pub range: Range<usize>,
    pub message: String,
}

/// A replacement that fixes a diagnostic, in the diagnostic's own file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub range: Range<usize>,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: FileRef,
    /// Byte range in the file.
    pub range: Range<usize>,
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    pub fn new(file: FileRef, range: Range<usize>, code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            file,
            range,
            code,
            severity: code.default_severity(),
            message: message.into(),
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    pub fn with_related(
        mut self,
        file: FileRef,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            file,
            range,
            message: message.into(),
        });
        self
    }

    pub fn with_fix(
        mut self,
        title: impl Into<String>,
        range: Range<usize>,
        replacement: impl Into<String>,
    ) -> Self {
        self.fixes.push(Fix {
            title: title.into(),
            range,
            replacement: replacement.into(),
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_kebab_case() {
        for code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(code));
            assert!(code
                .as_str()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-'));
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }
}
