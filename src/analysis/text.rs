//! Text positions: line starts, column units and quote normalisation.
//!
//! Lines break at `\n`, `\r\n` and a lone `\r`, exactly as LSP counts them.
//! Nothing else (U+2028, NEL, form feed) breaks a line.

use std::ops::Range;

/// The unit in which a column is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    /// Bytes of UTF-8 (LSP `utf-8`).
    Utf8,
    /// UTF-16 code units (LSP's default).
    Utf16,
    /// Unicode scalar values (SARIF `unicodeCodePoints`, our JSON output).
    Chars,
}

/// Byte offsets of the starts of lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut after_cr = usize::MAX;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // The `\n` of a `\r\n` ends the line its `\r` already ended.
            if bytes[i] == b'\n' && after_cr == i {
                *starts.last_mut().expect("a line start") = i + 1;
                continue;
            }
            starts.push(i + 1);
            after_cr = if bytes[i] == b'\r' { i + 1 } else { usize::MAX };
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line that holds byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset.min(self.len)) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// The byte range of a line without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.line_start(line);
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    /// 0-based line and column of byte `offset`, the column in `unit`.
    pub fn position(&self, text: &str, offset: usize, unit: ColumnUnit) -> (usize, usize) {
        let offset = clamp_to_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let prefix = &text[start..offset];
        let col = match unit {
            ColumnUnit::Utf8 => prefix.len(),
            // Most lines are ASCII, where every unit is a byte.
            _ if prefix.is_ascii() => prefix.len(),
            ColumnUnit::Utf16 => prefix.chars().map(char::len_utf16).sum(),
            ColumnUnit::Chars => prefix.chars().count(),
        };
        (line, col)
    }

    /// The byte offset of a 0-based line and column. A column past the end
    /// of the line clamps to the line's end; a column inside a character
    /// clamps to that character's start; a line past the end clamps to the
    /// end of the text.
    pub fn offset(&self, text: &str, line: usize, col: usize, unit: ColumnUnit) -> usize {
        if line >= self.starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let line_text = &text[range.clone()];
        let mut seen = 0;
        for (i, ch) in line_text.char_indices() {
            let width = match unit {
                ColumnUnit::Utf8 => ch.len_utf8(),
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Chars => 1,
            };
            if seen + width > col {
                return range.start + i;
            }
            seen += width;
        }
        range.end
    }
}

pub fn clamp_to_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Text normalised for quote comparison, with a map back to the original.
pub struct Normalised {
    pub text: String,
    /// For each byte of `text`, the byte offset in the original it came from.
    pub origin: Vec<usize>,
}

impl Normalised {
    /// Maps a range of the normalised text back to the original text.
    pub fn original_range(&self, range: Range<usize>, original: &str) -> Range<usize> {
        let start = self
            .origin
            .get(range.start)
            .copied()
            .unwrap_or(original.len());
        let end = if range.end == 0 || range.end <= range.start {
            start
        } else {
            // One past the whole original character the last byte came from.
            self.origin.get(range.end - 1).map_or(original.len(), |&o| {
                o + original[o..].chars().next().map_or(0, char::len_utf8)
            })
        };
        start..end.max(start)
    }
}

/// Folds curly quotes to straight ones, dashes to `-`, and runs of white
/// space to one space.
pub fn normalise_for_quotes(text: &str) -> Normalised {
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    let mut in_space = false;
    for (i, ch) in text.char_indices() {
        let mapped = match ch {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
            | '\u{00BB}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => '-',
            c if c.is_whitespace() || c == '\u{FEFF}' => ' ',
            c => c,
        };
        if mapped == ' ' {
            if in_space {
                continue;
            }
            in_space = true;
        } else {
            in_space = false;
        }
        let mut buf = [0u8; 4];
        let encoded = mapped.encode_utf8(&mut buf);
        // Every byte maps to the start of the character it came from.
        origin.extend(std::iter::repeat_n(i, encoded.len()));
        out.push_str(encoded);
    }
    Normalised { text: out, origin }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_lf_crlf_and_cr_only() {
        let text = "a\nb\r\nc\rd\u{2028}e";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_range(text, 1), 2..3);
        assert_eq!(&text[index.line_range(text, 3)], "d\u{2028}e");
    }

    /// Every mix of `\r`, `\n` and other text: the same line starts as a
    /// byte-by-byte reading.
    #[test]
    fn line_starts_agree_with_a_byte_by_byte_reading() {
        fn reference(bytes: &[u8]) -> Vec<usize> {
            let mut starts = vec![0];
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                if matches!(bytes[i], b'\n' | b'\r') {
                    starts.push(i + 1);
                }
                i += 1;
            }
            starts
        }
        let pieces = ["\r", "\n", "\r\n", "a", "é", " "];
        let mut seed = 3u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let mut breaks = 0;
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..next() % 12 {
                text.push_str(pieces[next() % pieces.len()]);
            }
            let starts = LineIndex::new(&text).starts;
            assert_eq!(starts, reference(text.as_bytes()), "{text:?}");
            breaks += starts.len() - 1;
        }
        assert!(breaks > 10_000, "the texts have line breaks: {breaks}");
    }

    #[test]
    fn columns_in_every_unit_on_curly_quotes_emoji_and_cjk() {
        let text = "x\n“Iran” 🚀 中国 -> y";
        let index = LineIndex::new(text);
        let offset = text.find("->").unwrap();
        assert_eq!(index.position(text, offset, ColumnUnit::Utf8), (1, 23));
        assert_eq!(index.position(text, offset, ColumnUnit::Utf16), (1, 13));
        assert_eq!(index.position(text, offset, ColumnUnit::Chars), (1, 12));
        for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Chars] {
            let (line, col) = index.position(text, offset, unit);
            assert_eq!(index.offset(text, line, col, unit), offset);
        }
        // Inside the surrogate pair of the emoji: clamps to its start.
        let emoji = text.find('🚀').unwrap();
        assert_eq!(index.offset(text, 1, 8, ColumnUnit::Utf16), emoji);
        // Past the end of a line: the line's end, not the next line.
        assert_eq!(index.offset(text, 0, 99, ColumnUnit::Utf16), 1);
    }

    #[test]
    fn normalisation_maps_back_to_the_original() {
        let text = "Beijing’s  “intermittent” — partners";
        let n = normalise_for_quotes(text);
        assert_eq!(n.text, "Beijing's \"intermittent\" - partners");
        let at = n.text.find("\"intermittent\"").unwrap();
        let range = n.original_range(at..at + "\"intermittent\"".len(), text);
        assert_eq!(&text[range], "“intermittent”");
    }
}
