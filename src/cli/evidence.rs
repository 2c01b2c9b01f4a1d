//! `claimcheck evidence "A -> B : what"`: where the articles support a claim.

use super::Format;
use crate::analysis::evidence::Query;
use crate::analysis::search::search;
use crate::analysis::syntax::parse_notes;
use crate::analysis::{Config, SourcesLink};
use crate::project;
use std::path::{Path, PathBuf};

pub fn run(
    claim: &str,
    sources: Option<&Path>,
    limit: usize,
    format: Format,
) -> Result<i32, String> {
    let parsed = parse_notes(claim);
    let Some(c) = parsed.claims.first().filter(|c| !c.broken) else {
        return Err(format!(
            "not a claim: `{claim}`; write it as `SUBJECT -> OBJECT : WHAT`"
        ));
    };
    let cwd = PathBuf::from(".");
    let config = match project::find_config(&cwd) {
        Some(p) => project::read_config(&p)?,
        None => Config::default(),
    };
    let dir = match sources {
        Some(d) => d.to_path_buf(),
        None => project::sources_dir(&cwd.join("query.claims"), None, None)?
            .map(|(d, _)| d)
            .ok_or("no articles folder: pass --sources DIR")?,
    };
    if !dir.is_dir() {
        return Err(format!("{}: no such folder", dir.display()));
    }
    // Entity declarations anywhere under the working directory apply.
    let notes = project::find_notes(std::slice::from_ref(&cwd)).unwrap_or_default();
    let mut loaded = project::load(&notes, Some(&dir), config);
    let set = loaded
        .ws
        .sets
        .iter()
        .position(|s| s.dir == project::display_path(&dir));
    let set = match set {
        Some(s) => s,
        None => loaded.ws.add_set(project::load_set(&dir)),
    };
    loaded
        .ws
        .add_notes("<query>".into(), claim.to_string(), SourcesLink::Set(set));
    loaded.ws.refresh();
    let ws = &loaded.ws;
    let query =
        Query::for_claim(&ws.entities, c).ok_or("the claim's entities could not be resolved")?;
    let hits = search(ws, &[set], &query, limit);
    match format {
        Format::Json => {
            let items: Vec<_> = hits
                .iter()
                .map(|h| {
                    let a = &ws.sets[h.set].articles[h.index];
                    serde_json::json!({
                        "id": a.id,
                        "file": a.path,
                        "line": a.lines.line_of(h.evidence.range.start) + 1,
                        "sentence": a.sentence_text(h.evidence.sentence),
                        "supports": h.full && h.evidence.negation.is_none(),
                        "negated_by": h.evidence.negation.clone().map(|r| a.text[r].to_string()),
                        "missing": h.evidence.missing,
                        "score": h.evidence.score,
                    })
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&items).unwrap());
        }
        _ => {
            if hits.is_empty() {
                println!(
                    "no sentence mentions {} and {} together",
                    c.subject.text, c.object.text
                );
            }
            for h in &hits {
                let a = &ws.sets[h.set].articles[h.index];
                let line = a.lines.line_of(h.evidence.range.start) + 1;
                let tag = if let (true, Some(cue)) = (h.full, &h.evidence.negation) {
                    format!("denies it: “{}”", &a.text[cue.clone()])
                } else if h.full {
                    "supports".to_string()
                } else {
                    format!("lacks {}", h.evidence.missing.join(", "))
                };
                println!(
                    "{}:{line} [src {}] ({tag})\n    {}",
                    a.path,
                    a.id,
                    a.sentence_text(h.evidence.sentence)
                );
            }
        }
    }
    Ok(i32::from(
        !hits.iter().any(|h| h.full && h.evidence.negation.is_none()),
    ))
}
