//! Semantic tokens (full): the same classes as the tree-sitter highlight
//! query, for editors that colour through the server.

use crate::analysis::workspace::Workspace;
use std::ops::Range;

/// The token types, in the order the server announces them in its legend.
pub const TOKEN_TYPES: &[&str] = &[
    "type",
    "operator",
    "property",
    "number",
    "string",
    "keyword",
    "comment",
    "namespace",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenType {
    Entity = 0,
    Arrow = 1,
    Relation = 2,
    SourceId = 3,
    Quote = 4,
    Keyword = 5,
    Comment = 6,
    Heading = 7,
}

/// Tokens of a notes file, sorted, never overlapping, each on one line.
pub fn semantic_tokens(ws: &Workspace, file: usize) -> Vec<(Range<usize>, TokenType)> {
    let Some(doc) = ws.doc(file) else {
        return Vec::new();
    };
    let text = &doc.text;
    let s = &doc.syntax;
    let mut out: Vec<(Range<usize>, TokenType)> = Vec::new();
    let keyword_at = |out: &mut Vec<_>, at: usize, word: &str| {
        if text.get(at..at + word.len()) == Some(word) {
            out.push((at..at + word.len(), TokenType::Keyword));
        }
    };
    for h in &s.headings {
        out.push((h.range.clone(), TokenType::Heading));
    }
    for c in &s.comments {
        out.push((c.clone(), TokenType::Comment));
    }
    for e in &s.entities {
        keyword_at(&mut out, e.range.start, "@entity");
        out.push((e.name.range.clone(), TokenType::Entity));
        for a in &e.aliases {
            out.push((a.range.clone(), TokenType::Entity));
        }
        if let Some(first) = e.aliases.first() {
            if let Some(aka) = text[e.name.range.end..first.range.start].find("aka") {
                keyword_at(&mut out, e.name.range.end + aka, "aka");
            }
        }
    }
    if let Some(src) = &s.sources {
        if let Some(at) = text[..src.range.start].rfind("@sources") {
            keyword_at(&mut out, at, "@sources");
        }
        out.push((src.range.clone(), TokenType::Quote));
    }
    for c in &s.claims {
        out.push((c.subject.range.clone(), TokenType::Entity));
        out.push((c.arrow_range.clone(), TokenType::Arrow));
        if !c.object.text.is_empty() {
            out.push((c.object.range.clone(), TokenType::Entity));
        }
        if !c.relation.text.is_empty() {
            out.push((c.relation.range.clone(), TokenType::Relation));
        }
        for cit in &c.citations {
            if let Some(at) = text[cit.range.clone()].find("src") {
                keyword_at(&mut out, cit.range.start + at, "src");
            }
            for id in &cit.sources {
                out.push((id.range.clone(), TokenType::SourceId));
            }
            if let Some(q) = &cit.quote {
                out.push((q.range.clone(), TokenType::Quote));
            }
        }
    }
    out.retain(|(r, _)| !r.is_empty() && !text[r.clone()].contains(['\n', '\r']));
    out.sort_by_key(|(r, _)| (r.start, r.end));
    out.dedup_by(|b, a| b.0.start < a.0.end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::checks::fixture::workspace;
    use crate::analysis::config::Config;

    #[test]
    fn classes_every_part_of_a_claim() {
        let ws = workspace(
            "//- notes.claims\n# Head\n@entity Iran aka Tehran\nIran -> Russia : drones [src 003 \"q\"] // c\n",
            Config::default(),
        );
        let file = ws.file_by_path("notes.claims").unwrap();
        let text = &ws.doc(file).unwrap().text;
        let got: Vec<(&str, TokenType)> = semantic_tokens(&ws, file)
            .into_iter()
            .map(|(r, t)| (&text[r], t))
            .collect();
        use TokenType::*;
        assert_eq!(
            got,
            [
                ("# Head", Heading),
                ("@entity", Keyword),
                ("Iran", Entity),
                ("aka", Keyword),
                ("Tehran", Entity),
                ("Iran", Entity),
                ("->", Arrow),
                ("Russia", Entity),
                ("drones", Relation),
                ("src", Keyword),
                ("003", SourceId),
                ("\"q\"", Quote),
                ("// c", Comment),
            ]
        );
    }
}
