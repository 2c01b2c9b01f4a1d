//! Document symbols (headings with their claims), workspace symbols
//! (entities and headings) and folding ranges (heading sections).

use crate::analysis::workspace::Workspace;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Heading,
    Claim,
    Entity,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole extent (a heading's section).
    pub range: Range<usize>,
    /// What to select: the heading's title, the claim, the entity's name.
    pub selection: Range<usize>,
    pub children: Vec<Symbol>,
}

fn claim_symbol(c: &crate::analysis::syntax::Claim) -> Symbol {
    Symbol {
        name: format!(
            "{} {} {} : {}",
            c.subject.text,
            c.arrow.as_str(),
            c.object.text,
            c.relation.text
        ),
        detail: (!c.citations.is_empty()).then(|| {
            let ids: Vec<&str> = c.sources().map(|s| s.text.as_str()).collect();
            format!("src {}", ids.join(", "))
        }),
        kind: SymbolKind::Claim,
        range: c.range.clone(),
        selection: c.range.clone(),
        children: Vec::new(),
    }
}

/// The outline of a notes file: headings nested by level, claims inside.
pub fn document_symbols(ws: &Workspace, file: usize) -> Vec<Symbol> {
    let Some(doc) = ws.doc(file) else {
        return Vec::new();
    };
    let syntax = &doc.syntax;
    // A stack of open headings: (level, symbol).
    let mut roots: Vec<Symbol> = Vec::new();
    let mut stack: Vec<(usize, Symbol)> = Vec::new();
    fn close(stack: &mut Vec<(usize, Symbol)>, roots: &mut Vec<Symbol>, level: usize) {
        while stack.last().is_some_and(|(l, _)| *l >= level) {
            let (_, s) = stack.pop().unwrap();
            match stack.last_mut() {
                Some((_, parent)) => parent.children.push(s),
                None => roots.push(s),
            }
        }
    }
    let mut claims = syntax.claims.iter().peekable();
    for h in &syntax.headings {
        while let Some(c) = claims.next_if(|c| c.range.start < h.range.start) {
            let sym = claim_symbol(c);
            match stack.last_mut() {
                Some((_, parent)) => parent.children.push(sym),
                None => roots.push(sym),
            }
        }
        close(&mut stack, &mut roots, h.level);
        stack.push((
            h.level,
            Symbol {
                name: if h.title.text.is_empty() {
                    "(untitled)".into()
                } else {
                    h.title.text.clone()
                },
                detail: None,
                kind: SymbolKind::Heading,
                range: h.section.clone(),
                selection: h.title.range.clone(),
                children: Vec::new(),
            },
        ));
    }
    for c in claims {
        let sym = claim_symbol(c);
        match stack.last_mut() {
            Some((_, parent)) => parent.children.push(sym),
            None => roots.push(sym),
        }
    }
    close(&mut stack, &mut roots, 0);
    roots
}

/// Entities and headings across the workspace whose name contains `query`
/// (case-insensitive), with the file each is in.
pub fn workspace_symbols(ws: &Workspace, query: &str) -> Vec<(usize, Symbol)> {
    let q = query.to_lowercase();
    let mut out = Vec::new();
    for (f, doc) in ws.docs() {
        for e in &doc.syntax.entities {
            let aliases = e
                .aliases
                .iter()
                .map(|a| a.text.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let all = format!("{} {}", e.name.text, aliases).to_lowercase();
            if all.contains(&q) {
                out.push((
                    f,
                    Symbol {
                        name: e.name.text.clone(),
                        detail: (!aliases.is_empty()).then(|| format!("aka {aliases}")),
                        kind: SymbolKind::Entity,
                        range: e.range.clone(),
                        selection: e.name.range.clone(),
                        children: Vec::new(),
                    },
                ));
            }
        }
        for h in &doc.syntax.headings {
            if h.title.text.to_lowercase().contains(&q) {
                out.push((
                    f,
                    Symbol {
                        name: h.title.text.clone(),
                        detail: None,
                        kind: SymbolKind::Heading,
                        range: h.section.clone(),
                        selection: h.title.range.clone(),
                        children: Vec::new(),
                    },
                ));
            }
        }
    }
    out
}

/// Folding ranges as 0-based (start line, end line): each heading's section.
pub fn folding_ranges(ws: &Workspace, file: usize) -> Vec<(usize, usize)> {
    let Some(doc) = ws.doc(file) else {
        return Vec::new();
    };
    doc.syntax
        .headings
        .iter()
        .map(|h| {
            (
                doc.lines.line_of(h.section.start),
                doc.lines.line_of(h.section.end),
            )
        })
        .filter(|(a, b)| b > a)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::checks::fixture::workspace;
    use crate::analysis::config::Config;

    fn ws() -> Workspace {
        workspace(
            "//- notes.claims\nA -> B : top\n# Iran\n## Drones\nIran -> Russia : drones [src 003]\n## Oil\nIran -> China : oil\n# Korea\nprose\n//- e.claims\n@entity Iran aka Tehran\n",
            Config::default(),
        )
    }

    fn outline(symbols: &[Symbol], depth: usize, out: &mut Vec<String>) {
        for s in symbols {
            out.push(format!("{}{}", "  ".repeat(depth), s.name));
            outline(&s.children, depth + 1, out);
        }
    }

    #[test]
    fn headings_nest_by_level_and_hold_their_claims() {
        let ws = ws();
        let file = ws.file_by_path("notes.claims").unwrap();
        let mut got = Vec::new();
        outline(&document_symbols(&ws, file), 0, &mut got);
        assert_eq!(
            got,
            [
                "A -> B : top",
                "Iran",
                "  Drones",
                "    Iran -> Russia : drones",
                "  Oil",
                "    Iran -> China : oil",
                "Korea"
            ]
        );
        assert_eq!(folding_ranges(&ws, file), [(1, 5), (2, 3), (4, 5), (6, 7)]);
    }

    #[test]
    fn workspace_symbols_find_entities_by_alias_and_headings() {
        let ws = ws();
        let names: Vec<(SymbolKind, String)> = workspace_symbols(&ws, "teh")
            .into_iter()
            .map(|(_, s)| (s.kind, s.name))
            .collect();
        assert_eq!(names, [(SymbolKind::Entity, "Iran".to_string())]);
        let names: Vec<String> = workspace_symbols(&ws, "iran")
            .into_iter()
            .map(|(_, s)| s.name)
            .collect();
        assert_eq!(names, ["Iran", "Iran"]);
    }
}
