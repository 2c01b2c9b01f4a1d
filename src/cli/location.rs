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

pub fn text_of<'a>(ws: &'a Workspace, file: &FileRef) -> Option<&'a str> {
    match file {
        FileRef::Notes(f) => ws.doc(*f).map(|d| d.text.as_str()),
        FileRef::Article { set, index } => Some(ws.sets[*set].articles[*index].text.as_str()),
        FileRef::Path(_) => None,
    }
}

pub fn path_of(ws: &Workspace, file: &FileRef) -> String {
    match file {
        FileRef::Notes(f) => ws.doc(*f).map(|d| d.path.clone()).unwrap_or_default(),
        FileRef::Article { set, index } => ws.sets[*set].articles[*index].path.clone(),
        FileRef::Path(p) => p.clone(),
    }
}

pub fn span(ws: &Workspace, file: &FileRef, range: &Range<usize>) -> Span {
    let path = path_of(ws, file);
    let Some(text) = text_of(ws, file) else {
        return Span {
            file: path,
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
        };
    };
    let index = match file {
        FileRef::Notes(f) => ws.doc(*f).unwrap().lines.clone(),
        FileRef::Article { set, index } => ws.sets[*set].articles[*index].lines.clone(),
        FileRef::Path(_) => unreachable!(),
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
