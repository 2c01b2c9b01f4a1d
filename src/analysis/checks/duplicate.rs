//! `duplicate`: the same claim made again, pointing to the first.

use super::{ClaimIndex, Context};
use crate::analysis::diagnostics::{Code, Diagnostic, FileRef};

pub fn check(cx: &Context, index: &ClaimIndex, out: &mut Vec<Diagnostic>) {
    for (i, claim) in cx.doc.syntax.claims.iter().enumerate() {
        let Some(first) = index.first_same((cx.file, i)) else {
            continue;
        };
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
