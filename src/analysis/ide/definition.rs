//! Go to definition: from a claim or its citation to the exact sentence in
//! the article; from an entity to its `@entity`; from `@sources` to the
//! folder.

use super::{locate, Target};
use crate::analysis::checks::{evaluate_claim, Resolution};
use crate::analysis::diagnostics::FileRef;
use crate::analysis::workspace::Workspace;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Definition {
    /// A range in a file: an article's sentence or a declaration.
    In { file: FileRef, range: Range<usize> },
    /// A folder, as the workspace names it.
    Folder(String),
}

pub fn definition(ws: &Workspace, file: usize, offset: usize) -> Vec<Definition> {
    let Some(doc) = ws.doc(file) else {
        return Vec::new();
    };
    match locate(doc, offset) {
        Target::Claim { claim } => claim_source(ws, file, claim, None),
        Target::Source { claim, id } => claim_source(ws, file, claim, Some(&id.text)),
        Target::ClaimEntity { name, .. } | Target::DeclEntity { name, .. } => ws
            .entities
            .resolve(&name.text)
            .and_then(|id| ws.entities.entities[id].declared.clone())
            .map(|site| {
                vec![Definition::In {
                    file: FileRef::Notes(site.file),
                    range: site.name_range,
                }]
            })
            .unwrap_or_default(),
        Target::SourcesPath(_) => ws
            .set_of(file)
            .map(|s| vec![Definition::Folder(s.dir.clone())])
            .unwrap_or_default(),
        Target::Nothing => Vec::new(),
    }
}

/// The best supporting sentence among the claim's cited articles (only
/// `only` when given); the start of the article when none supports it.
fn claim_source(ws: &Workspace, file: usize, claim: usize, only: Option<&str>) -> Vec<Definition> {
    let doc = ws.doc(file).unwrap();
    let claim = &doc.syntax.claims[claim];
    let eval = evaluate_claim(ws, doc, claim);
    let mut best: Option<(f32, Definition)> = None;
    let mut fallback = None;
    for source in eval
        .sources
        .iter()
        .filter(|s| only.is_none_or(|id| s.id.text == id))
    {
        let Resolution::Article {
            set,
            index,
            evidence,
        } = &source.resolution
        else {
            continue;
        };
        let file = FileRef::Article {
            set: *set,
            index: *index,
        };
        fallback.get_or_insert(Definition::In {
            file: file.clone(),
            range: 0..0,
        });
        let Some(e) = evidence.as_ref().and_then(|e| e.best()) else {
            continue;
        };
        if best.as_ref().is_none_or(|(score, _)| e.score > *score) {
            best = Some((
                e.score,
                Definition::In {
                    file,
                    range: e.range.clone(),
                },
            ));
        }
    }
    best.map(|b| b.1).or(fallback).into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ide::test_support::with_cursor;

    const FIXTURE: &str = r#"
//- articles/003_a.txt
Politics
Filler sentence here. A case in point is Iran’s role in supplying Shahed-136 drones to Russia.
//- articles/004_b.txt
Nothing relevant.
//- entities.claims
@entity Iran aka Tehran
//- notes.claims
@sources ../articles
"#;

    fn at(notes: &str) -> (Workspace, Vec<Definition>) {
        let (ws, file, offset) = with_cursor(&format!("{FIXTURE}{notes}"));
        let d = definition(&ws, file, offset);
        (ws, d)
    }

    fn text(ws: &Workspace, d: &Definition) -> String {
        match d {
            Definition::In {
                file: FileRef::Article { set, index },
                range,
            } => ws.sets[*set].articles[*index].text[range.clone()].to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn a_claim_goes_to_the_exact_sentence() {
        let (ws, d) = at("Iran -> Russia : dro$0nes [src 004, 003]\n");
        assert_eq!(d.len(), 1);
        assert_eq!(
            text(&ws, &d[0]),
            "A case in point is Iran’s role in supplying Shahed-136 drones to Russia."
        );
        let (ws, d) = at("Iran -> Russia : drones [src 004, 0$003]\n");
        assert_eq!(
            text(&ws, &d[0]),
            "A case in point is Iran’s role in supplying Shahed-136 drones to Russia."
        );
    }

    #[test]
    fn without_support_it_goes_to_the_article_start() {
        let (_, d) = at("Iran -> Russia : drones [src 00$04]\n");
        assert_eq!(
            d,
            [Definition::In {
                file: FileRef::Article { set: 0, index: 1 },
                range: 0..0
            }]
        );
    }

    #[test]
    fn an_entity_goes_to_its_declaration() {
        let (ws, d) = at("Tehr$0an -> Russia : drones\n");
        let Definition::In {
            file: FileRef::Notes(f),
            range,
        } = &d[0]
        else {
            panic!("{d:?}")
        };
        assert_eq!(&ws.doc(*f).unwrap().text[range.clone()], "Iran");
    }

    #[test]
    fn sources_goes_to_the_folder() {
        let fixture = FIXTURE.replace("@sources ../articles", "@sources ../arti$0cles");
        let (ws, file, offset) = with_cursor(&fixture);
        assert_eq!(
            definition(&ws, file, offset),
            [Definition::Folder("articles".into())]
        );
        let (_, d) = at("// nothing here$0\n");
        assert!(d.is_empty());
    }
}
