//! `unsourced`: a claim that cites nothing.

use super::Context;
use crate::analysis::diagnostics::{Code, Diagnostic};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for eval in &cx.claims {
        if eval.claim.citations.is_empty() {
            out.push(Diagnostic::new(
                cx.here(),
                eval.claim.range.clone(),
                Code::Unsourced,
                format!(
                    "unsourced claim: `{} {} {}` cites no article; add `[src ID]`",
                    eval.claim.subject.text,
                    eval.claim.arrow.as_str(),
                    eval.claim.object.text
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::checks::fixture::check_codes;

    #[test]
    fn claims_without_citations() {
        check_codes(
            &["unsourced"],
            r#"
//- articles/001_a.txt
Iran sent drones to Russia.
//- notes.claims
Iran -> Russia : drones //~ unsourced: cites no article
Iran -> Russia : drones [src 001]
# A heading is not a claim
"#,
        );
    }
}
