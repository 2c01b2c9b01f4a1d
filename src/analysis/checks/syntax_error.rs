//! `syntax-error`: the parser's errors, with exact ranges.

use super::Context;
use crate::analysis::diagnostics::{Code, Diagnostic};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for error in &cx.doc.syntax.errors {
        out.push(Diagnostic::new(
            cx.here(),
            error.range.clone(),
            Code::SyntaxError,
            error.message.clone(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::checks::fixture::check;

    #[test]
    fn broken_lines_do_not_stop_the_rest() {
        check(
            r#"
//- articles/001_a.txt
Iran sent drones to Russia.
//- notes.claims
Iran -> //~ syntax-error: expected an object
Iran -> Russia : drones [src 0 //~ syntax-error: expected `]`
Iran -> Russia : drones [src 001 "sent drones //~ syntax-error: unclosed quote //~ syntax-error: expected `]`
Iran -> Russia : drones [foo 001] //~ syntax-error: expected `src`
Iran -> Russia : drones [] //~ syntax-error: expected `src` after `[`
Iran -> Russia : drones [src 001] extra words //~ syntax-error: unexpected `extra words`
China -> Russia : troops [src 001] //~ unsupported: mentions Russia but never China
Just prose, never an error.
"#,
        );
    }
}
