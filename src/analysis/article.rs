//! Articles: decoding, sentences with exact ranges, and the token index that
//! the evidence search runs on. Built once per article and shared.

use super::text::LineIndex;
use super::tokenize::{tokenize_into, Token};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the article text, white space trimmed.
    pub range: Range<usize>,
    /// Indices into [`Article::tokens`].
    pub tokens: Range<usize>,
}

#[derive(Debug)]
pub struct Article {
    pub id: String,
    /// The path as the loader names it (for messages and locations).
    pub path: String,
    pub text: String,
    pub title: String,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    pub lines: LineIndex,
}

/// Why an article file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArticleError {
    Binary,
    NotUtf8 { line: usize, offset: usize },
    Unreadable(String),
}

impl std::fmt::Display for ArticleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArticleError::Binary => write!(f, "it is a binary file"),
            ArticleError::NotUtf8 { line, offset } => {
                write!(
                    f,
                    "it is not valid UTF-8 (line {}, byte {offset})",
                    line + 1
                )
            }
            ArticleError::Unreadable(why) => write!(f, "it could not be read: {why}"),
        }
    }
}

/// The id of an article file: the leading digits of its name, as written.
pub fn article_id(file_name: &str) -> Option<&str> {
    let digits = file_name.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0).then(|| &file_name[..digits])
}

/// Whether a file name is an article's: leading digits and a text or
/// Markdown extension.
pub fn is_article_name(file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    article_id(file_name).is_some()
        && [".txt", ".md", ".markdown", ".text"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

impl Article {
    /// Decodes and indexes an article file's bytes.
    /// Takes the bytes as read, so the text is not copied.
    pub fn from_bytes(id: &str, path: &str, bytes: Vec<u8>) -> Result<Article, ArticleError> {
        if bytes[..bytes.len().min(8192)].contains(&0) {
            return Err(ArticleError::Binary);
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let bytes = e.as_bytes();
                let offset = e.utf8_error().valid_up_to();
                let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count();
                return Err(ArticleError::NotUtf8 { line, offset });
            }
        };
        Ok(Article::from_text(id, path, text))
    }

    pub fn from_text(id: &str, path: &str, text: String) -> Article {
        // Built in buffers kept by the thread, then copied at their exact
        // size: an archive's tokens are most of the server's memory, and a
        // vector grown by doubling would waste up to half of it.
        thread_local! {
            static BUFFERS: std::cell::RefCell<(Vec<Sentence>, Vec<Token>)> =
                const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
        }
        BUFFERS.with(|b| {
            let (sentences, tokens) = &mut *b.borrow_mut();
            sentences.clear();
            tokens.clear();
            Article::build(id, path, text, sentences, tokens)
        })
    }

    fn build(
        id: &str,
        path: &str,
        text: String,
        sentences: &mut Vec<Sentence>,
        tokens: &mut Vec<Token>,
    ) -> Article {
        let lines = LineIndex::new(&text);
        for line in 0..lines.line_count() {
            let range = lines.line_range(&text, line);
            let line_text = &text[range.clone()];
            if line_text.trim().is_empty() {
                continue;
            }
            for boundary in sentencex::get_sentence_boundaries("en", line_text) {
                let raw = &line_text[boundary.start_byte..boundary.end_byte];
                let lead = raw.len() - raw.trim_start_matches(is_blank).len();
                let body = raw.trim_matches(is_blank);
                if body.is_empty() {
                    continue;
                }
                let start = range.start + boundary.start_byte + lead;
                let end = start + body.len();
                let first = tokens.len();
                tokenize_into(body, start, tokens);
                sentences.push(Sentence {
                    range: start..end,
                    tokens: first..tokens.len(),
                });
            }
        }
        let title = text
            .lines()
            .map(|l| l.trim_matches(is_blank).trim_start_matches('#').trim())
            .find(|l| !l.is_empty())
            .unwrap_or("")
            .to_string();
        Article {
            id: id.to_string(),
            path: path.to_string(),
            text,
            title,
            sentences: sentences.as_slice().to_vec(),
            tokens: tokens.as_slice().to_vec(),
            lines,
        }
    }

    /// The bytes that the non-empty token range `tokens` covers.
    pub fn token_span(&self, tokens: Range<usize>) -> Range<usize> {
        self.tokens[tokens.start].start as usize..self.tokens[tokens.end - 1].end() as usize
    }

    pub fn sentence_text(&self, index: usize) -> &str {
        &self.text[self.sentences[index].range.clone()]
    }

    /// The sentence that holds token `token`.
    pub fn sentence_of_token(&self, token: usize) -> usize {
        self.sentences
            .partition_point(|s| s.tokens.end <= token)
            .min(self.sentences.len().saturating_sub(1))
    }
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<String> {
        let article = Article::from_text("001", "001_x.txt", text.to_string());
        (0..article.sentences.len())
            .map(|i| article.sentence_text(i).to_string())
            .collect()
    }

    #[test]
    fn ids_are_leading_digits_as_written() {
        assert_eq!(article_id("003_362695d262cb796d.txt"), Some("003"));
        assert_eq!(article_id("notes.txt"), None);
        assert!(is_article_name("003_x.md"));
        assert!(!is_article_name("003_x.pdf"));
    }

    #[test]
    fn keeps_abbreviations_whole_and_splits_paragraph_lines() {
        let got = sentences(
            "Headline with no full stop\nMr. Smith met U.S. officials in Washington. They said “no” — twice.\n\nIt’s done",
        );
        assert_eq!(
            got,
            [
                "Headline with no full stop",
                "Mr. Smith met U.S. officials in Washington.",
                "They said “no” — twice.",
                "It’s done"
            ]
        );
    }

    #[test]
    fn ranges_are_exact_with_crlf_and_bom() {
        let text = "\u{FEFF}Title\r\nFirst one. Second one.\r\n";
        let article = Article::from_text("001", "p", text.to_string());
        assert_eq!(article.sentence_text(0), "Title");
        assert_eq!(article.sentence_text(2), "Second one.");
        let r = &article.sentences[2].range;
        assert_eq!(&text[r.clone()], "Second one.");
        assert_eq!(article.lines.line_of(r.start), 1);
        assert_eq!(article.title, "Title");
    }

    #[test]
    fn binary_and_non_utf8_are_errors_not_panics() {
        assert_eq!(
            Article::from_bytes("1", "p", b"abc\0def".to_vec()).unwrap_err(),
            ArticleError::Binary
        );
        let err = Article::from_bytes("1", "p", b"ok\nbad \xff here".to_vec()).unwrap_err();
        assert_eq!(err, ArticleError::NotUtf8 { line: 1, offset: 7 });
        assert!(err.to_string().contains("line 2"));
        let empty = Article::from_bytes("1", "p", Vec::new()).unwrap();
        assert!(empty.sentences.is_empty());
    }

    #[test]
    fn a_one_megabyte_line_is_indexed() {
        let line = "Iran sent drones to Russia. ".repeat(40_000);
        let article = Article::from_text("1", "p", line);
        assert_eq!(article.sentences.len(), 40_000);
    }
}
