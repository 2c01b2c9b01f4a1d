//! `disputed`: the best evidence sentence negates the claim, or, for a
//! `-/->` claim, asserts what the claim denies.

use super::Context;
use crate::analysis::diagnostics::{Code, Diagnostic, FileRef};
use crate::analysis::syntax::Arrow;

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for eval in &cx.claims {
        let best = eval
            .articles()
            .filter_map(|(s, set, index, e)| e.best().map(|b| (s, set, index, b)))
            .max_by(|a, b| a.3.score.total_cmp(&b.3.score));
        let Some((source, set, index, best)) = best else {
            continue;
        };
        let article = &cx.ws.sets[set].articles[index];
        let sentence = article.sentence_text(best.sentence);
        let id = &source.id.text;
        let message = match (eval.claim.arrow, &best.negation) {
            (Arrow::Denies, None) => format!("disputed: {id} says it holds: “{sentence}”"),
            (Arrow::Asserts | Arrow::Mutual, Some(cue)) => {
                format!(
                    "disputed: {id} negates it (“{}”): “{sentence}”",
                    &article.text[cue.clone()]
                )
            }
            _ => continue,
        };
        out.push(
            Diagnostic::new(cx.here(), eval.claim.range.clone(), Code::Disputed, message)
                .with_related(
                    FileRef::Article { set, index },
                    best.range.clone(),
                    format!("the sentence in {id}"),
                ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::checks::fixture::check_codes;

    #[test]
    fn negated_evidence_disputes_and_double_negation_does_not() {
        check_codes(
            &["disputed"],
            r#"
//- articles/001_a.txt
Deliveries of Su-35 fighters from Russia to Iran have been postponed.
Germany confirmed its refusal to cut economic aid to Ukraine.
China has denied sending troops to Russia.
//- notes.claims
Russia -> Iran : Su-35 fighters [src 001] //~ disputed: 001 negates it (“postponed”)
Germany -> Ukraine : economic aid [src 001]
China -> Russia : troops [src 001] //~ disputed: “China has denied sending troops to Russia.”
China -/-> Russia : troops [src 001]
Germany -/-> Ukraine : economic aid [src 001] //~ disputed: 001 says it holds
"#,
        );
    }
}
