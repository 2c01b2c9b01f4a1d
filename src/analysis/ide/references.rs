//! References: every claim that names an entity (through any alias), or
//! that cites an article, across the workspace.

use super::{locate, Target};
use crate::analysis::diagnostics::FileRef;
use crate::analysis::entities::EntityId;
use crate::analysis::workspace::Workspace;
use std::ops::Range;

/// Every name span in the workspace that denotes entity `id`: claim
/// subjects and objects, declaration names and aliases.
pub fn entity_spans(ws: &Workspace, id: EntityId) -> Vec<(usize, Range<usize>)> {
    let mut out = Vec::new();
    for (f, doc) in ws.docs() {
        for decl in &doc.syntax.entities {
            for name in std::iter::once(&decl.name).chain(decl.aliases.iter()) {
                if ws.entities.resolve(&name.text) == Some(id) {
                    out.push((f, name.range.clone()));
                }
            }
        }
        for claim in &doc.syntax.claims {
            for name in [&claim.subject, &claim.object] {
                if !name.text.is_empty() && ws.entities.resolve(&name.text) == Some(id) {
                    out.push((f, name.range.clone()));
                }
            }
        }
    }
    out
}

/// Every citation of article `id` in files that share `file`'s folder.
pub fn source_spans(ws: &Workspace, file: usize, id: &str) -> Vec<(usize, Range<usize>)> {
    let set = ws.set_of(file).map(|s| s as *const _);
    ws.docs()
        .filter(|(f, _)| ws.set_of(*f).map(|s| s as *const _) == set)
        .flat_map(|(f, d)| {
            d.syntax
                .claims
                .iter()
                .flat_map(|c| c.sources())
                .filter(|s| s.text == id)
                .map(move |s| (f, s.range.clone()))
        })
        .collect()
}

pub fn references(
    ws: &Workspace,
    file: usize,
    offset: usize,
    include_declaration: bool,
) -> Vec<(FileRef, Range<usize>)> {
    let Some(doc) = ws.doc(file) else {
        return Vec::new();
    };
    let spans = match locate(doc, offset) {
        Target::ClaimEntity { name, .. } | Target::DeclEntity { name, .. } => {
            let Some(id) = ws.entities.resolve(&name.text) else {
                return Vec::new();
            };
            let decl = ws.entities.entities[id].declared.clone();
            entity_spans(ws, id)
                .into_iter()
                .filter(|(f, r)| {
                    include_declaration
                        || !decl.as_ref().is_some_and(|d| {
                            d.file == *f && d.range.start <= r.start && r.end <= d.range.end
                        })
                })
                .collect()
        }
        Target::Source { id, .. } => source_spans(ws, file, &id.text),
        _ => Vec::new(),
    };
    spans
        .into_iter()
        .map(|(f, r)| (FileRef::Notes(f), r))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ide::test_support::with_cursor;

    fn texts(ws: &Workspace, refs: &[(FileRef, Range<usize>)]) -> Vec<String> {
        refs.iter()
            .map(|(f, r)| {
                let FileRef::Notes(f) = f else { panic!() };
                let doc = ws.doc(*f).unwrap();
                format!("{}:{}", doc.path, &doc.text[r.clone()])
            })
            .collect()
    }

    #[test]
    fn entity_references_go_through_aliases_and_files() {
        let (ws, file, offset) = with_cursor(
            "//- entities.claims\n@entity Iran aka Tehran, \"Islamic Republic\"\n//- a.claims\nTehran -> Russia : drones\n//- notes.claims\nIr$0an -> Russia : oil\nRussia -> \"Islamic Republic\" : jets\nIraq -> Russia : oil\n",
        );
        let refs = references(&ws, file, offset, true);
        assert_eq!(
            texts(&ws, &refs),
            [
                "entities.claims:Iran",
                "entities.claims:Tehran",
                "entities.claims:\"Islamic Republic\"",
                "a.claims:Tehran",
                "notes.claims:Iran",
                "notes.claims:\"Islamic Republic\""
            ]
        );
        let without = references(&ws, file, offset, false);
        assert_eq!(
            texts(&ws, &without),
            [
                "a.claims:Tehran",
                "notes.claims:Iran",
                "notes.claims:\"Islamic Republic\""
            ]
        );
    }

    #[test]
    fn article_references_are_its_citations() {
        let (ws, file, offset) = with_cursor(
            "//- articles/003_a.txt\nx\n//- a.claims\nA -> B : c [src 003]\n//- notes.claims\nA -> B : d [src 000, 00$03]\nA -> B : e [src 004]\n",
        );
        assert_eq!(
            texts(&ws, &references(&ws, file, offset, true)),
            ["a.claims:003", "notes.claims:003"]
        );
    }
}
