//! Byte ranges to 1-based lines and columns (Unicode scalar values), for
//! every output format.

use crate::analysis::text::ColumnUnit;
use crate::analysis::{FileRef, Workspace};
use std::ops::Range;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Span {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

pub fn span(ws: &Workspace, file: &FileRef, range: &Range<usize>) -> Span {
    let path = ws.path_of(file).to_string();
    let Some((text, index)) = ws.text_of(file) else {
        return Span {
            file: path,
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
        };
    };
    let (l1, c1) = index.position(text, range.start, ColumnUnit::Chars);
    let (l2, c2) = index.position(text, range.end, ColumnUnit::Chars);
    Span {
        file: path,
        line: l1 + 1,
        column: c1 + 1,
        end_line: l2 + 1,
        end_column: c2 + 1,
    }
}
