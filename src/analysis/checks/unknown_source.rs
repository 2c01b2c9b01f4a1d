//! `unknown-source`: a cited id that names no usable article.

use super::{Context, Resolution};
use crate::analysis::diagnostics::{Code, Diagnostic};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for eval in &cx.claims {
        for source in &eval.sources {
            let message = match &source.resolution {
                Resolution::Unknown => {
                    let set = cx.ws.set_of(cx.file);
                    let dir = set.map_or("", |s| s.dir.as_str());
                    let mut message = format!("no article with id `{}` in {dir}", source.id.text);
                    // Ids are compared as written: `3` is not `003`.
                    let same_number = set.and_then(|s| {
                        let wanted = source.id.text.trim_start_matches('0');
                        let mut ids: Vec<&String> = s
                            .by_id
                            .keys()
                            .filter(|id| !wanted.is_empty() && id.trim_start_matches('0') == wanted)
                            .collect();
                        ids.sort();
                        ids.first().map(|id| id.to_string())
                    });
                    if let Some(id) = same_number {
                        message.push_str(&format!(
                            "; ids are compared as written: did you mean `{id}`?"
                        ));
                    }
                    message
                }
                Resolution::Unusable(why) => {
                    format!("article `{}` cannot be used: {why}", source.id.text)
                }
                _ => continue,
            };
            out.push(Diagnostic::new(
                cx.here(),
                source.id.range.clone(),
                Code::UnknownSource,
                message,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::checks::fixture::check_codes;

    #[test]
    fn unknown_ids_are_compared_as_written() {
        check_codes(
            &["unknown-source"],
            r#"
//- articles/003_a.txt
Iran sent drones to Russia.
//- notes.claims
Iran -> Russia : drones [src 003]
Iran -> Russia : drones [src 3] //~ unknown-source: did you mean `003`?
Iran -> Russia : drones [src 003, 042] //~ unknown-source: no article with id `042`
Iran -> Russia : drones [src ../../etc/passwd] //~ unknown-source: `../../etc/passwd`
"#,
        );
    }

    #[test]
    fn an_unusable_article_is_named_with_its_reason() {
        check_codes(
            &["unknown-source"],
            "//- articles/004_bin.txt\nab\0cd\n//- notes.claims\nIran -> Russia : drones [src 004] //~ unknown-source: binary\n",
        );
    }
}
