//! `duplicate`: the same claim made again, pointing to the first.

use super::contradiction::relation_key;
use super::Context;
use crate::analysis::diagnostics::{Code, Diagnostic, FileRef};
use crate::analysis::entities::name_key;
use crate::analysis::syntax::Arrow;

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let key = |name: &str| match cx.ws.entities.resolve(name) {
        Some(id) => name_key(&cx.ws.entities.entities[id].name),
        None => name_key(name),
    };
    for (i, claim) in cx.doc.syntax.claims.iter().enumerate() {
        if claim.broken {
            continue;
        }
        let (mut a, mut b) = (key(&claim.subject.text), key(&claim.object.text));
        if claim.arrow == Arrow::Mutual && a > b {
            std::mem::swap(&mut a, &mut b);
        }
        let Some(all) = cx
            .index
            .same
            .get(&(claim.arrow, a, b, relation_key(&claim.relation.text)))
        else {
            continue;
        };
        let first = all[0];
        if first == (cx.file, i) {
            continue;
        }
        let doc = cx.ws.doc(first.0).unwrap();
        let original = &doc.syntax.claims[first.1];
        out.push(
            Diagnostic::new(
                cx.here(),
                claim.range.clone(),
                Code::Duplicate,
                format!(
                    "duplicate: the same claim is made at {}:{}",
                    doc.path,
                    original.line + 1
                ),
            )
            .with_related(
                FileRef::Notes(first.0),
                original.range.clone(),
                "first made here",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::checks::fixture::check;

    #[test]
    fn later_copies_point_to_the_first() {
        check(
            r#"
//- articles/001_a.txt
Iran sent drones to Russia. China and Russia trade.
//- notes.claims
@entity Iran aka Tehran
Iran -> Russia : drones [src 001]
Tehran -> Russia : drone [src 001] //~ duplicate: notes.claims:2
China <-> Russia : trade [src 001]
Russia <-> China : trade [src 001] //~ duplicate: notes.claims:4
Russia -> China : trade [src 001]
"#,
        );
    }
}
