//! Open documents: text in a rope, syntax tree kept up to date
//! incrementally. Edits are applied here, synchronously and in arrival
//! order (see `ordered.rs`).

use super::encoding::{rope_offset, Encoding};
use crate::analysis::syntax::{new_parser, TextChange};
use ropey::Rope;
use std::collections::HashMap;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};
use tree_sitter::{InputEdit, Parser, Point, Tree};

pub struct Document {
    pub rope: Rope,
    pub tree: Tree,
    pub version: i32,
    /// Increases with every change to any document.
    pub revision: u64,
    /// What changed since the analysis last took the text, so that it can
    /// re-lower just those lines.
    pub pending: Pending,
}

/// Changes the analysis has not seen yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    /// Nothing since the analysis took the text.
    Nothing,
    /// Edits since the analysis took revision `since`, as one change.
    Edited { since: u64, change: TextChange },
    /// The whole text is new.
    Everything,
}

impl Document {
    /// Tells the document that the analysis has taken its text.
    pub fn taken(&mut self) {
        self.pending = Pending::Nothing;
    }

    fn record(&mut self, change: TextChange) {
        self.pending = match self.pending {
            Pending::Nothing => Pending::Edited {
                since: self.revision,
                change,
            },
            Pending::Edited { since, change: c } => Pending::Edited {
                since,
                change: c.then(change),
            },
            Pending::Everything => Pending::Everything,
        };
    }
}

pub struct Documents {
    pub docs: HashMap<Uri, Document>,
    /// The position encoding the client and server agreed on.
    pub encoding: Encoding,
    parser: Parser,
    revision: u64,
}

impl Default for Documents {
    fn default() -> Self {
        Documents {
            docs: HashMap::new(),
            encoding: Encoding::default(),
            parser: new_parser(),
            revision: 0,
        }
    }
}

/// The tree-sitter point of a byte offset: rows count `\n` only, columns
/// are bytes.
pub fn point_at(rope: &Rope, byte: usize) -> Point {
    let mut row = 0;
    let mut last_newline = None;
    for (chunk, chunk_start, _, _) in chunks_before(rope, byte) {
        for (i, b) in chunk.bytes().enumerate() {
            if b == b'\n' {
                row += 1;
                last_newline = Some(chunk_start + i);
            }
        }
    }
    let column = match last_newline {
        Some(n) => byte - n - 1,
        None => byte,
    };
    Point::new(row, column)
}

fn chunks_before(rope: &Rope, byte: usize) -> impl Iterator<Item = (&str, usize, usize, usize)> {
    let slice = rope.byte_slice(..byte);
    let mut at = 0;
    slice.chunks().map(move |c| {
        let start = at;
        at += c.len();
        (c, start, 0, 0)
    })
}

fn parse_rope(parser: &mut Parser, rope: &Rope, old: Option<&Tree>) -> Tree {
    let len = rope.len_bytes();
    parser
        .parse_with_options(
            &mut |byte: usize, _| -> &[u8] {
                if byte >= len {
                    return &[];
                }
                let (chunk, start, _, _) = rope.chunk_at_byte(byte);
                &chunk.as_bytes()[byte - start..]
            },
            old,
            None,
        )
        .expect("parsing without cancellation always yields a tree")
}

impl Documents {
    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.docs.get(uri)
    }

    fn bump(&mut self) -> u64 {
        self.revision += 1;
        self.revision
    }

    pub fn open(&mut self, uri: Uri, text: &str, version: i32) {
        let rope = Rope::from_str(text);
        let tree = parse_rope(&mut self.parser, &rope, None);
        let revision = self.bump();
        self.docs.insert(
            uri,
            Document {
                rope,
                tree,
                version,
                revision,
                pending: Pending::Everything,
            },
        );
    }

    pub fn close(&mut self, uri: &Uri) {
        self.docs.remove(uri);
    }

    /// Applies changes in order: each range is in the text as the previous
    /// change left it. Returns false for an unknown document.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        enc: Encoding,
    ) -> bool {
        let revision = self.bump();
        let Some(doc) = self.docs.get_mut(uri) else {
            return false;
        };
        let mut full = false;
        for change in changes {
            match change.range {
                None => {
                    doc.rope = Rope::from_str(&change.text);
                    full = true;
                    doc.pending = Pending::Everything;
                }
                Some(range) => {
                    let start = rope_offset(&doc.rope, range.start, enc);
                    let end = rope_offset(&doc.rope, range.end, enc).max(start);
                    let edit = edit_for(&doc.rope, start, end, &change.text);
                    let start_char = doc.rope.byte_to_char(start);
                    let end_char = doc.rope.byte_to_char(end);
                    doc.rope.remove(start_char..end_char);
                    doc.rope.insert(start_char, &change.text);
                    if !full {
                        doc.tree.edit(&edit);
                    }
                    doc.record(TextChange {
                        start,
                        old_end: end,
                        new_end: start + change.text.len(),
                    });
                }
            }
        }
        doc.tree = if full {
            parse_rope(&mut self.parser, &doc.rope, None)
        } else {
            let tree = parse_rope(&mut self.parser, &doc.rope, Some(&doc.tree));
            // Lines whose structure changed without being edited are
            // re-lowered too.
            for r in doc.tree.changed_ranges(&tree) {
                if let Pending::Edited { since, change } = doc.pending {
                    doc.pending = Pending::Edited {
                        since,
                        change: change.cover(r.start_byte..r.end_byte),
                    };
                }
            }
            tree
        };
        doc.version = version;
        doc.revision = revision;
        true
    }
}

/// The tree-sitter edit that replaces bytes `start..end` of `rope` by `new`.
pub fn edit_for(rope: &Rope, start: usize, end: usize, new: &str) -> InputEdit {
    let start_position = point_at(rope, start);
    let old_end_position = point_at(rope, end);
    let rows = new.bytes().filter(|&b| b == b'\n').count();
    let new_end_position = if rows == 0 {
        Point::new(start_position.row, start_position.column + new.len())
    } else {
        Point::new(
            start_position.row + rows,
            new.len() - new.rfind('\n').unwrap() - 1,
        )
    };
    InputEdit {
        start_byte: start,
        old_end_byte: end,
        new_end_byte: start + new.len(),
        start_position,
        old_end_position,
        new_end_position,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::Rng;
    use tower_lsp_server::ls_types::{Position, Range};

    fn same_tree(a: tree_sitter::Node, b: tree_sitter::Node, path: &str) -> Result<(), String> {
        let describe = |n: tree_sitter::Node| {
            (
                n.kind().to_string(),
                n.byte_range(),
                n.start_position(),
                n.end_position(),
                n.is_missing(),
                n.child_count(),
            )
        };
        if describe(a) != describe(b) {
            return Err(format!(
                "{path}: incremental {:?} != fresh {:?}",
                describe(a),
                describe(b)
            ));
        }
        for i in 0..a.child_count() {
            same_tree(
                a.child(i).unwrap(),
                b.child(i).unwrap(),
                &format!("{path}/{i}"),
            )?;
        }
        Ok(())
    }

    const PIECES: &[&str] = &[
        "Iran",
        " -> ",
        "-/->",
        "<->",
        " : ",
        "drones",
        " [src ",
        "003",
        "]",
        "\"",
        "“quote”",
        "\n",
        "\r\n",
        "\r",
        "# ",
        "@entity ",
        " aka ",
        ", ",
        "// c",
        "🚀",
        "中国",
        "Kim Jong-un",
        "x",
        " ",
        "[",
        ":",
    ];

    /// A random edit of `text`: a range between two random places, as
    /// positions in `enc`, replaced by a few of [`PIECES`]; one edit in
    /// `insertions` is a pure insertion.
    fn random_change(
        rng: &mut Rng,
        text: &str,
        enc: Encoding,
        insertions: usize,
    ) -> TextDocumentContentChangeEvent {
        let lines = crate::analysis::text::LineIndex::new(text);
        let mut pick = || {
            let mut o = rng.below(text.len() + 1);
            while !text.is_char_boundary(o) {
                o -= 1;
            }
            super::super::encoding::position(text, &lines, o, enc)
        };
        let (a, b) = (pick(), pick());
        let (a, b) = if (a.line, a.character) <= (b.line, b.character) {
            (a, b)
        } else {
            (b, a)
        };
        let b: Position = if rng.below(insertions) == 0 { a } else { b };
        let mut insert = String::new();
        for _ in 0..rng.below(3) {
            insert.push_str(PIECES[rng.below(PIECES.len())]);
        }
        TextDocumentContentChangeEvent {
            range: Some(Range::new(a, b)),
            range_length: None,
            text: insert,
        }
    }

    /// 10,000 random edits (emoji, CJK, CRLF and lone CR included): the tree
    /// kept up to date incrementally equals a fresh parse, node by node,
    /// points included.
    #[test]
    fn incremental_parsing_matches_a_fresh_parse() {
        let mut rng = Rng::new(42);
        let mut docs = Documents::default();
        let uri: Uri = "file:///t.claims".parse().unwrap();
        let start = "# Notes\r\nIran -> Russia : drones [src 003]\n@entity Iran aka Tehran\n";
        docs.open(uri.clone(), start, 0);
        let mut fresh_parser = new_parser();
        for step in 0..10_000 {
            let doc = docs.get(&uri).unwrap();
            let text = doc.rope.to_string();
            // A random range, as positions in a random encoding; a third
            // of the edits are pure insertions, the rest replace.
            let enc = if rng.below(2) == 0 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            };
            let change = random_change(&mut rng, &text, enc, 3);
            assert!(docs.change(&uri, step, &[change], enc));
            let doc = docs.get(&uri).unwrap();
            let now = doc.rope.to_string();
            let fresh = fresh_parser.parse(&now, None).unwrap();
            if let Err(e) = same_tree(doc.tree.root_node(), fresh.root_node(), "") {
                panic!("step {step}: {e}\ntext: {now:?}");
            }
        }
    }

    /// 10,000 random edits, taken by the analysis after one to seven
    /// edits at a time: re-lowering only the touched lines gives exactly
    /// what lowering the whole text gives.
    #[test]
    fn incremental_lowering_matches_a_full_lowering() {
        use crate::analysis::syntax::{lower, relower};
        use crate::analysis::text::LineIndex;
        let mut rng = Rng::new(7);
        let mut docs = Documents::default();
        let uri: Uri = "file:///t.claims".parse().unwrap();
        let start = "# Notes\r\nIran -> Russia : drones [src 003] // claimcheck: ignore\n@entity Iran aka Tehran\n## Sub\nx -> y : z [src 1 \"q\"]\n";
        docs.open(uri.clone(), start, 0);
        docs.docs.get_mut(&uri).unwrap().taken();
        let mut text = start.to_string();
        let mut syntax = lower(&text, &docs.get(&uri).unwrap().tree);
        let mut taken_lines = LineIndex::new(&text).line_count();
        let mut taken_text = text.clone();
        for step in 0..10_000 {
            // Half the edits are pure insertions, as in typing.
            let change = random_change(&mut rng, &text, Encoding::Utf8, 2);
            assert!(docs.change(&uri, step, &[change], Encoding::Utf8));
            text = docs.get(&uri).unwrap().rope.to_string();
            if rng.below(4) != 0 {
                continue;
            }
            let doc = docs.docs.get_mut(&uri).unwrap();
            let Pending::Edited { change, .. } = doc.pending else {
                panic!("step {step}: the edits are pending as one change");
            };
            let now_lines = LineIndex::new(&text);
            let old = std::mem::take(&mut syntax);
            let (new, kept) = relower(
                old.clone(),
                taken_lines,
                &text,
                &now_lines,
                &doc.tree,
                change,
            );
            syntax = new;
            doc.taken();
            // The claims said to be kept read the same as before.
            if let Some(kept) = kept {
                let same = |a: &crate::analysis::syntax::Claim,
                            b: &crate::analysis::syntax::Claim| {
                    taken_text[a.range.clone()] == text[b.range.clone()]
                };
                let (o, n) = (old.claims.len(), syntax.claims.len());
                assert!(
                    kept.before + kept.after <= o.min(n),
                    "step {step}: {kept:?}"
                );
                for i in 0..kept.before {
                    assert!(same(&old.claims[i], &syntax.claims[i]), "step {step}");
                }
                for j in 1..=kept.after {
                    assert!(
                        same(&old.claims[o - j], &syntax.claims[n - j]),
                        "step {step}"
                    );
                }
            }
            taken_text = text.clone();
            taken_lines = now_lines.line_count();
            let whole = lower(&text, &doc.tree);
            assert_eq!(syntax, whole, "step {step}: text {text:?}");
        }
    }

    #[test]
    fn points_count_newlines_only() {
        let rope = Rope::from_str("ab\r\ncd\ref\n");
        assert_eq!(point_at(&rope, 4), Point::new(1, 0));
        assert_eq!(point_at(&rope, 7), Point::new(1, 3));
        assert_eq!(point_at(&rope, 10), Point::new(2, 0));
    }
}
