//! `contradiction`: `A -> B : x` and `A -/-> B : x` anywhere in the
//! workspace. `<->` holds both ways; relations compare by stems.

use super::{ClaimIndex, Context};
use crate::analysis::diagnostics::{Code, Diagnostic, FileRef};

pub fn check(cx: &Context, index: &ClaimIndex, out: &mut Vec<Diagnostic>) {
    for (i, claim) in cx.doc.syntax.claims.iter().enumerate() {
        let others = index.contradicting((cx.file, i));
        if others.is_empty() {
            continue;
        }
        let mut d = Diagnostic::new(
            cx.here(),
            claim.range.clone(),
            Code::Contradiction,
            String::new(),
        );
        let mut places = Vec::new();
        for (file, i) in others {
            let doc = cx.ws.doc(file).unwrap();
            let other = &doc.syntax.claims[i];
            let text = &doc.text[other.range.clone()];
            places.push(format!(
                "`{}` ({}:{})",
                text.trim(),
                doc.path,
                other.line + 1
            ));
            d = d.with_related(
                FileRef::Notes(file),
                other.range.clone(),
                "the contradicting claim",
            );
        }
        d.message = format!(
            "contradiction: this claim contradicts {}",
            places.join(", ")
        );
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::checks::fixture::check;

    #[test]
    fn assert_and_deny_contradict_across_files_and_by_stems() {
        check(
            r#"
//- articles/001_a.txt
Nothing.
//- a.claims
@entity Iran aka Tehran
Iran -> Russia : drones //~ unsourced //~ contradiction: `Tehran -/-> Russia : drone` (b.claims:1)
China <-> Russia : trade //~ unsourced //~ contradiction: b.claims:2
China -> Russia : goods //~ unsourced
//- b.claims
Tehran -/-> Russia : drone //~ unsourced //~ contradiction: a.claims:2
Russia -/-> China : trading //~ unsourced //~ contradiction: a.claims:3
Russia -/-> China : goods //~ unsourced
"#,
        );
    }
}
