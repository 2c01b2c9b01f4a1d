//! Rename an entity across the workspace, its `@entity` line included. The
//! edits touch the names and nothing else.

use super::{locate, Target};
use crate::analysis::entities::name_key;
use crate::analysis::workspace::Workspace;
use std::ops::Range;

/// The range of the name that would be renamed at `offset`.
pub fn prepare_rename(
    ws: &Workspace,
    file: usize,
    offset: usize,
) -> Option<(Range<usize>, String)> {
    let doc = ws.doc(file)?;
    match locate(doc, offset) {
        Target::ClaimEntity { name, .. } | Target::DeclEntity { name, .. } => {
            Some((name.range.clone(), name.text.clone()))
        }
        _ => None,
    }
}

/// Replacement text for a name: quoted when it is not plain words.
fn spelled(new_name: &str) -> String {
    let plain = !new_name.is_empty()
        && new_name.split(' ').all(|w| {
            !w.is_empty()
                && !w.starts_with('-')
                && !w.ends_with('-')
                && w.chars().all(|c| c.is_alphanumeric() || ".'’-".contains(c))
        });
    if plain {
        new_name.to_string()
    } else {
        format!("\"{}\"", new_name.replace('"', "'"))
    }
}

/// Every edit (file, range, new text) that renames the name at `offset`:
/// the same name (as written, any case) wherever it denotes the same
/// entity. Other aliases of the entity stay as they are.
pub fn rename(
    ws: &Workspace,
    file: usize,
    offset: usize,
    new_name: &str,
) -> Result<Vec<(usize, Range<usize>, String)>, String> {
    let doc = ws.doc(file).ok_or("no such file")?;
    let name = match locate(doc, offset) {
        Target::ClaimEntity { name, .. } | Target::DeclEntity { name, .. } => name,
        _ => return Err("there is no entity name here".into()),
    };
    let new_name = new_name.trim();
    if new_name.is_empty() {
        return Err("the new name is empty".into());
    }
    let id = ws.entities.resolve(&name.text);
    let key = name_key(&name.text);
    let replacement = spelled(new_name);
    let mut edits = Vec::new();
    for (f, d) in ws.docs() {
        let names = d
            .syntax
            .entities
            .iter()
            .flat_map(|e| std::iter::once(&e.name).chain(e.aliases.iter()))
            .chain(d.syntax.claims.iter().flat_map(|c| [&c.subject, &c.object]));
        for n in names {
            if name_key(&n.text) == key && ws.entities.resolve(&n.text) == id {
                edits.push((f, n.range.clone(), replacement.clone()));
            }
        }
    }
    Ok(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ide::test_support::with_cursor;

    #[test]
    fn renames_the_declaration_and_every_use_of_that_name_only() {
        let (ws, file, offset) = with_cursor(
            "//- e.claims\n@entity Iran aka Tehran\n//- notes.claims\nIr$0an -> Russia : oil [src 001 \"Iran said\"] // Iran\niran -> Tehran : x\nIraq -> Iran : y\n",
        );
        let edits = rename(&ws, file, offset, "Persia").unwrap();
        let mut texts: Vec<(String, String)> = edits
            .iter()
            .map(|(f, r, t)| {
                (
                    format!(
                        "{}:{}",
                        ws.doc(*f).unwrap().path,
                        &ws.doc(*f).unwrap().text[r.clone()]
                    ),
                    t.clone(),
                )
            })
            .collect();
        texts.sort();
        assert_eq!(
            texts,
            [
                ("e.claims:Iran".to_string(), "Persia".to_string()),
                ("notes.claims:Iran".into(), "Persia".into()),
                ("notes.claims:Iran".into(), "Persia".into()),
                ("notes.claims:iran".into(), "Persia".into()),
            ]
        );
        // The quote and the comment are untouched: every edit is a name.
        for (f, r, _) in &edits {
            let doc = ws.doc(*f).unwrap();
            assert!(
                doc.syntax
                    .claims
                    .iter()
                    .any(|c| c.subject.range == *r || c.object.range == *r)
                    || doc.syntax.entities.iter().any(|e| e.name.range == *r)
            );
        }
        let quoted = rename(&ws, file, offset, "Islamic Republic (IR)").unwrap();
        assert_eq!(quoted[0].2, "\"Islamic Republic (IR)\"");
        assert!(rename(&ws, file, offset, "  ").is_err());
    }
}
