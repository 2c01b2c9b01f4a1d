//! A deterministic generator of synthetic workspaces for benchmarks: N
//! articles of news-like sentences over a vocabulary of entities, and K
//! claims, some supported by their cited article and some not.

use std::fmt::Write as _;

/// A small, fast, seeded generator (SplitMix64); the same seed gives the
/// same workspace on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SYLLABLES: &[&str] = &[
    "val", "dor", "kar", "sk", "ost", "mar", "lin", "tz", "bel", "gra", "vi", "no", "ter", "ra",
    "mon", "da", "sul", "ia", "qua", "ren", "zo", "la", "pe", "tor",
];

const RELATIONS: &[&str] = &[
    "drones",
    "grain",
    "oil",
    "troops",
    "missiles",
    "fighter jets",
    "naval mines",
    "natural gas",
    "artillery shells",
    "economic aid",
    "microelectronics",
    "machine tools",
    "tanks",
    "fertiliser",
    "medical supplies",
    "radar systems",
    "ammunition",
    "loans",
    "helicopters",
    "satellite imagery",
    "armoured vehicles",
    "coal",
    "steel",
    "rifles",
    "body armour",
    "fuel",
    "wheat",
    "cement",
    "software",
    "engineers",
];

const VERBS: &[&str] = &[
    "sent",
    "supplied",
    "delivered",
    "shipped",
    "sold",
    "provided",
];

const FILLER: &[&str] = &[
    "Analysts said the situation remained tense after a week of talks.",
    "Mr. Adler, a U.S. official, declined to comment on the report.",
    "The ministry’s statement — issued late on Friday — gave no figures.",
    "Observers expect further meetings before the end of the year.",
    "Markets in the region were calm on Monday morning.",
    "“We are watching closely,” a spokesperson told reporters.",
    "The report cited satellite data and interviews with officials.",
    "Critics called the arrangement opaque and poorly documented.",
];

/// A generated workspace: files with their relative paths.
pub struct Synth {
    pub files: Vec<(String, String)>,
    pub articles: usize,
    pub claims: usize,
    pub article_bytes: usize,
}

fn entity_names(n: usize, rng: &mut Rng) -> Vec<String> {
    let mut names = Vec::new();
    while names.len() < n {
        let parts = 2 + rng.below(2);
        let mut name = String::new();
        for _ in 0..parts {
            name.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
        }
        let mut c = name.chars();
        let name = c.next().unwrap().to_uppercase().collect::<String>() + c.as_str();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// A random (subject, object, relation) triple.
fn fact(rng: &mut Rng, entities: usize) -> (usize, usize, usize) {
    (
        rng.below(entities),
        rng.below(entities),
        rng.below(RELATIONS.len()),
    )
}

/// `articles` articles of about 5 KB each and `claims` claims in files of
/// 100 claims, from `seed`.
pub fn generate(articles: usize, claims: usize, seed: u64) -> Synth {
    let mut rng = Rng::new(seed);
    let entities = entity_names(80, &mut rng);
    let mut files = Vec::new();
    let mut decls = String::from("// Generated entities\n");
    for e in &entities {
        let _ = writeln!(decls, "@entity {e} aka {e}ian, \"{e} government\"");
    }
    files.push(("entities.claims".to_string(), decls));
    // Each article remembers its facts, so that claims can cite them.
    let mut facts: Vec<Vec<(usize, usize, usize)>> = Vec::with_capacity(articles);
    let mut article_bytes = 0;
    for a in 0..articles {
        let mut text = String::new();
        let s = rng.below(entities.len());
        let o = rng.below(entities.len());
        let _ = writeln!(
            text,
            "{} and {} in new talks over trade",
            entities[s], entities[o]
        );
        let mut own = Vec::new();
        while text.len() < 5000 {
            let mut paragraph = String::new();
            for _ in 0..4 {
                match rng.below(4) {
                    0 | 1 => {
                        let (s, o, r) = fact(&mut rng, entities.len());
                        let _ = write!(
                            paragraph,
                            "{} {} {} to {} last month, according to officials. ",
                            entities[s],
                            rng.pick(VERBS),
                            RELATIONS[r],
                            entities[o]
                        );
                        own.push((s, o, r));
                    }
                    2 => {
                        let (s, o, r) = fact(&mut rng, entities.len());
                        let _ = write!(
                            paragraph,
                            "Officials in {} discussed {} with counterparts from {}. ",
                            entities[s], RELATIONS[r], entities[o]
                        );
                    }
                    _ => {
                        paragraph.push_str(FILLER[rng.below(FILLER.len())]);
                        paragraph.push(' ');
                    }
                }
            }
            text.push_str(paragraph.trim_end());
            text.push('\n');
        }
        article_bytes += text.len();
        files.push((
            format!("articles/{:05}_{:016x}.txt", a, rng.next_u64()),
            text,
        ));
        facts.push(own);
    }
    let mut made = 0;
    let mut file_no = 0;
    while made < claims {
        let mut notes = format!("# Generated notes {file_no}\n");
        for _ in 0..100.min(claims - made) {
            let a = rng.below(articles);
            let line = if rng.below(10) < 6 && !facts[a].is_empty() {
                let &(s, o, r) = rng.pick(&facts[a]);
                format!(
                    "{} -> {} : {} [src {:05}]",
                    entities[s], entities[o], RELATIONS[r], a
                )
            } else {
                format!(
                    "{} -> {} : {} [src {:05}]",
                    rng.pick(&entities),
                    rng.pick(&entities),
                    rng.pick(RELATIONS),
                    a
                )
            };
            notes.push_str(&line);
            notes.push('\n');
            made += 1;
        }
        files.push((format!("notes/notes_{file_no:04}.claims"), notes));
        file_no += 1;
    }
    files.push((
        "claimcheck.toml".to_string(),
        "sources = \"articles\"\n".to_string(),
    ));
    Synth {
        files,
        articles,
        claims,
        article_bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_sized() {
        let a = generate(10, 250, 7);
        let b = generate(10, 250, 7);
        assert_eq!(a.files, b.files);
        assert_eq!(
            a.files.iter().filter(|f| f.0.ends_with(".claims")).count(),
            1 + 3
        );
        assert!(a.article_bytes >= 10 * 5000);
        let claims = a
            .files
            .iter()
            .filter(|f| f.0.starts_with("notes/"))
            .map(|f| f.1.lines().count() - 1)
            .sum::<usize>();
        assert_eq!(claims, 250);
    }
}
