//! `unsupported`: no sentence of any cited article supports the claim.

use super::Context;
use crate::analysis::diagnostics::{Code, Diagnostic, FileRef};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for eval in &cx.claims {
        let found: Vec<_> = eval.articles().collect();
        if found.is_empty() || found.iter().any(|(_, _, _, e)| e.supported()) {
            continue;
        }
        let claim = eval.claim;
        let explanations: Vec<String> = found
            .iter()
            .map(|(s, _, _, e)| e.explain(&s.id.text, &claim.subject.text, &claim.object.text))
            .collect();
        let mut d = Diagnostic::new(
            cx.here(),
            claim.range.clone(),
            Code::Unsupported,
            format!("unsupported: {}", explanations.join("; ")),
        );
        for (source, set, index, evidence) in &found {
            if let Some(partial) = &evidence.partial {
                d = d.with_related(
                    FileRef::Article {
                        set: *set,
                        index: *index,
                    },
                    partial.range.clone(),
                    format!("closest sentence in {}", source.id.text),
                );
            }
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::checks::fixture::check_codes;

    #[test]
    fn support_needs_one_sentence_with_everything() {
        check_codes(
            &["unsupported", "unknown-source"],
            r#"
//- articles/001_a.txt
A title
Iran’s Shahed-136 drones were sent to Russia. Moscow pays in cash.
Russia and Iran also discussed oil.
//- notes.claims
@entity Russia aka Moscow
Iran -> Russia : drones [src 001]
Iran -> Russia : troops [src 001] //~ unsupported: 001 mentions Iran and Russia together but never 'troops'
China -> Russia : drones [src 001] //~ unsupported: 001 mentions Russia but never China
Iran -> Russia : cash [src 001] //~ unsupported: never 'cash'
Iran -> Russia : drones [src 001, 002] //~ unknown-source
"#,
        );
    }

    #[test]
    fn any_cited_article_may_support() {
        check_codes(
            &["unsupported", "unknown-source"],
            r#"
//- articles/001_a.txt
Nothing about it here.
//- articles/002_b.txt
Iran sent drones to Russia.
//- notes.claims
Iran -> Russia : drones [src 001] [src 002]
Iran -> Russia : drones [src 001] //~ unsupported: 001 mentions neither Iran nor Russia
"#,
        );
    }
}
