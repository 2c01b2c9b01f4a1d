//! Every conversion between LSP positions and byte offsets, in one place.
//!
//! LSP positions count UTF-16 code units unless the client offers UTF-8
//! (Neovim does); lines break at `\n`, `\r\n` and `\r`, as in
//! [`LineIndex`] and in ropey with `cr_lines`.

use crate::analysis::text::{ColumnUnit, LineIndex};
use ropey::Rope;
use std::ops::Range;
use tower_lsp_server::ls_types::{self as lsp, ClientCapabilities, PositionEncodingKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it, else UTF-16 (always supported).
    pub fn negotiate(caps: &ClientCapabilities) -> Encoding {
        let offered = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn unit(self) -> ColumnUnit {
        match self {
            Encoding::Utf8 => ColumnUnit::Utf8,
            Encoding::Utf16 => ColumnUnit::Utf16,
        }
    }
}

pub fn position(text: &str, lines: &LineIndex, offset: usize, enc: Encoding) -> lsp::Position {
    let (line, col) = lines.position(text, offset, enc.unit());
    lsp::Position::new(line as u32, col as u32)
}

pub fn range(text: &str, lines: &LineIndex, r: &Range<usize>, enc: Encoding) -> lsp::Range {
    lsp::Range::new(
        position(text, lines, r.start, enc),
        position(text, lines, r.end, enc),
    )
}

/// The byte offset of a position; out-of-range positions clamp.
pub fn offset(text: &str, lines: &LineIndex, pos: lsp::Position, enc: Encoding) -> usize {
    lines.offset(text, pos.line as usize, pos.character as usize, enc.unit())
}

pub fn offset_range(text: &str, lines: &LineIndex, r: lsp::Range, enc: Encoding) -> Range<usize> {
    let start = offset(text, lines, r.start, enc);
    let end = offset(text, lines, r.end, enc);
    start.min(end)..end.max(start)
}

/// The byte offset of a position in a rope; out-of-range positions clamp
/// to the end of the line (or of the text).
pub fn rope_offset(rope: &Rope, pos: lsp::Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let line_start_char = rope.line_to_char(line);
    let line_slice = rope.line(line);
    // The line's length without its break.
    let mut line_chars = line_slice.len_chars();
    while line_chars > 0 && matches!(line_slice.char(line_chars - 1), '\n' | '\r') {
        line_chars -= 1;
    }
    let col = pos.character as usize;
    let char_in_line = match enc {
        Encoding::Utf8 => {
            let line_bytes = line_slice.char_to_byte(line_chars);
            line_slice.byte_to_char(col.min(line_bytes))
        }
        Encoding::Utf16 => {
            let units = line_slice.char_to_utf16_cu(line_chars);
            line_slice.utf16_cu_to_char(col.min(units))
        }
    };
    rope.char_to_byte(line_start_char + char_in_line.min(line_chars))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rope_and_text_agree_on_curly_quotes_emoji_cjk_and_crlf() {
        let text = "a\r\n“Iran” 🚀 中国 -> Russia\rx\n";
        let rope = Rope::from_str(text);
        let lines = LineIndex::new(text);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for (offset, _) in text.char_indices() {
                let pos = position(text, &lines, offset, enc);
                let back = offset_to_line_end(text, offset);
                assert_eq!(
                    super::offset(text, &lines, pos, enc),
                    back,
                    "{enc:?} at {offset}"
                );
                assert_eq!(
                    rope_offset(&rope, pos, enc),
                    back,
                    "{enc:?} rope at {offset}"
                );
            }
        }
        let arrow = text.find("->").unwrap();
        assert_eq!(
            position(text, &lines, arrow, Encoding::Utf16),
            lsp::Position::new(1, 13)
        );
        assert_eq!(
            position(text, &lines, arrow, Encoding::Utf8),
            lsp::Position::new(1, 23)
        );
        // A lone CR breaks the line, as LSP says.
        assert_eq!(
            position(text, &lines, text.find('x').unwrap(), Encoding::Utf16),
            lsp::Position::new(2, 0)
        );
    }

    /// Offsets inside a line break map to the end of the line's text.
    fn offset_to_line_end(text: &str, offset: usize) -> usize {
        if text[offset..].starts_with('\n') && text[..offset].ends_with('\r') {
            offset - 1
        } else {
            offset
        }
    }

    #[test]
    fn clamps_past_the_end() {
        let text = "ab\ncd";
        let rope = Rope::from_str(text);
        let lines = LineIndex::new(text);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            assert_eq!(offset(text, &lines, lsp::Position::new(0, 99), enc), 2);
            assert_eq!(rope_offset(&rope, lsp::Position::new(0, 99), enc), 2);
            assert_eq!(rope_offset(&rope, lsp::Position::new(9, 0), enc), 5);
        }
    }
}
