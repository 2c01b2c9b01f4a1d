//! `unknown-entity`: a name a small edit away from a declared entity or
//! alias, but not declared itself. Only where the workspace declares any.

use super::Context;
use crate::analysis::diagnostics::{Code, Diagnostic};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let table = &cx.ws.entities;
    if !table.has_declarations() {
        return;
    }
    for eval in &cx.claims {
        for name in [&eval.claim.subject, &eval.claim.object] {
            let Some(id) = table.resolve(&name.text) else {
                continue;
            };
            if let Some(suggestion) = table.suggestion(id) {
                out.push(
                    Diagnostic::new(
                        cx.here(),
                        name.range.clone(),
                        Code::UnknownEntity,
                        format!(
                            "unknown entity `{}`: did you mean '{suggestion}'?",
                            name.text
                        ),
                    )
                    .with_fix(
                        format!("Change to '{suggestion}'"),
                        name.range.clone(),
                        suggestion,
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::checks::fixture::check;

    #[test]
    fn near_misses_of_declared_names() {
        check(
            r#"
//- articles/001_a.txt
Iran sent drones to Russia.
//- notes.claims
@entity Iran aka Tehran
@entity Russia
Iram -> Russia : drones [src 001] //~ unknown-entity: did you mean 'Iran'? //~ unsupported
Iran -> Rusia : drones [src 001] //~ unknown-entity: did you mean 'Russia'? //~ unsupported
Iran -> Russia : drones [src 001]
China -> Russia : goods //~ unsourced
"#,
        );
    }
}
