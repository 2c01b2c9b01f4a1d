//! Entities and how they are found in article text.
//!
//! An entity is matched by its name or any alias, as whole words,
//! case-insensitively, except that an all-capitals form ("US") matches only
//! in capitals. Longer forms win: where a text says "South Korea" and that
//! name is known, "Korea" is not also found there.

use super::article::Article;
use super::syntax::EntityDecl;
use super::tokenize::{tokenize, UPPER};
use rustc_hash::FxHashMap;
use std::ops::Range;

pub type EntityId = usize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclSite {
    pub file: usize,
    pub range: Range<usize>,
    pub name_range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub name: String,
    pub aliases: Vec<String>,
    /// Where `@entity` declares it; `None` for a name only used in claims.
    pub declared: Option<DeclSite>,
}

#[derive(Debug, Clone)]
struct Form {
    entity: EntityId,
    words: Vec<u64>,
    caps_only: bool,
}

#[derive(Debug, Clone, Default)]
pub struct EntityTable {
    pub entities: Vec<Entity>,
    by_key: FxHashMap<String, EntityId>,
    /// Names exactly as written, for lookups without normalising.
    by_text: FxHashMap<String, EntityId>,
    forms: Vec<Form>,
    forms_of: Vec<Vec<usize>>,
    /// For each form, the longer forms of other entities that contain it,
    /// with the offset at which they do.
    blockers: Vec<Vec<(usize, usize)>>,
    /// The forms that start with each word.
    by_first: FxHashMap<u64, Vec<usize>>,
    /// The nearest declared name of each undeclared entity, found once.
    nearest: Vec<std::sync::OnceLock<Option<String>>>,
}

/// Where every entity is mentioned in one article, found in one pass over
/// its tokens by [`EntityTable::all_mentions`]. Checking thousands of claims
/// against one archive asks for the same article many times: this is found
/// once per article, not once per claim and entity.
#[derive(Debug, Default)]
pub struct ArticleMentions {
    /// (entity, first token, end token): by entity, then by position, with
    /// no two of one entity overlapping.
    spans: Vec<(u32, u32, u32)>,
}

impl ArticleMentions {
    /// The spans of `entity`: a run of the sorted spans.
    fn spans_of(&self, entity: EntityId) -> &[(u32, u32, u32)] {
        let e = entity as u32;
        let from = self.spans.partition_point(|s| s.0 < e);
        let to = from + self.spans[from..].partition_point(|s| s.0 == e);
        &self.spans[from..to]
    }

    /// The token ranges where `entity` is mentioned, in text order.
    pub fn of(&self, entity: EntityId) -> Vec<Range<usize>> {
        self.spans_of(entity)
            .iter()
            .map(|s| s.1 as usize..s.2 as usize)
            .collect()
    }

    pub fn mentions(&self, entity: EntityId) -> bool {
        !self.spans_of(entity).is_empty()
    }

    /// The entities mentioned at least once, each once, in id order.
    pub fn entities(&self) -> impl Iterator<Item = EntityId> + '_ {
        let mut last = None;
        self.spans
            .iter()
            .filter(move |s| last.replace(s.0) != Some(s.0))
            .map(|s| s.0 as usize)
    }
}

/// The lookup key of a name: lower case, single spaces, straight apostrophes.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\u{2019}', "'")
        .to_lowercase()
}

fn is_all_caps(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

impl EntityTable {
    /// Builds the table from declarations (with the file each is in) and
    /// the names that claims use.
    pub fn build<'a>(
        decls: impl IntoIterator<Item = (usize, &'a EntityDecl)>,
        names: impl IntoIterator<Item = &'a str>,
    ) -> EntityTable {
        let mut table = EntityTable::default();
        for (file, decl) in decls {
            let key = name_key(&decl.name.text);
            let id = match table.by_key.get(&key) {
                // Declared twice: the aliases merge into the first.
                Some(&id) if table.entities[id].declared.is_some() => id,
                _ => {
                    let id = table.entities.len();
                    table.entities.push(Entity {
                        name: decl.name.text.clone(),
                        aliases: Vec::new(),
                        declared: Some(DeclSite {
                            file,
                            range: decl.range.clone(),
                            name_range: decl.name.range.clone(),
                        }),
                    });
                    table.by_key.insert(key, id);
                    id
                }
            };
            for alias in &decl.aliases {
                let key = name_key(&alias.text);
                table.by_key.entry(key).or_insert(id);
                if !table.entities[id].aliases.contains(&alias.text) {
                    table.entities[id].aliases.push(alias.text.clone());
                }
            }
        }
        for name in names {
            if table.by_text.contains_key(name) {
                continue;
            }
            let key = name_key(name);
            if let Some(&id) = table.by_key.get(&key) {
                table.by_text.insert(name.to_string(), id);
                continue;
            }
            if key.is_empty() {
                continue;
            }
            table.by_text.insert(name.to_string(), table.entities.len());
            let id = table.entities.len();
            table.entities.push(Entity {
                name: name.to_string(),
                aliases: Vec::new(),
                declared: None,
            });
            table.by_key.insert(key, id);
        }
        table.build_forms();
        table
    }

    fn build_forms(&mut self) {
        self.nearest = vec![std::sync::OnceLock::new(); self.entities.len()];
        self.forms_of = vec![Vec::new(); self.entities.len()];
        for (id, entity) in self.entities.iter().enumerate() {
            for text in std::iter::once(&entity.name).chain(entity.aliases.iter()) {
                let words: Vec<u64> = tokenize(text).iter().map(|t| t.word).collect();
                if words.is_empty() {
                    continue;
                }
                self.forms_of[id].push(self.forms.len());
                self.forms.push(Form {
                    entity: id,
                    words,
                    caps_only: is_all_caps(text),
                });
            }
        }
        self.by_first.clear();
        for (form, f) in self.forms.iter().enumerate() {
            self.by_first.entry(f.words[0]).or_default().push(form);
        }
        let mut containing: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        for (i, form) in self.forms.iter().enumerate() {
            for w in &form.words {
                containing.entry(*w).or_default().push(i);
            }
        }
        self.blockers = self
            .forms
            .iter()
            .map(|f| {
                let mut out = Vec::new();
                for &g in containing.get(&f.words[0]).into_iter().flatten() {
                    let long = &self.forms[g];
                    if long.entity == f.entity || long.words.len() <= f.words.len() {
                        continue;
                    }
                    for j in 0..=long.words.len() - f.words.len() {
                        if long.words[j..j + f.words.len()] == f.words[..] {
                            out.push((g, j));
                        }
                    }
                }
                out
            })
            .collect();
    }

    /// A hash of everything that decides where `id` is found in text.
    pub fn fingerprint(&self, id: EntityId) -> u64 {
        let mut s = String::new();
        for &f in &self.forms_of[id] {
            let form = &self.forms[f];
            s.push_str(&format!("{:?}{}|", form.words, form.caps_only));
            for &(g, j) in &self.blockers[f] {
                s.push_str(&format!(
                    "{:?}{}{j};",
                    self.forms[g].words, self.forms[g].caps_only
                ));
            }
        }
        super::tokenize::hash_str(&s)
    }

    pub fn resolve(&self, name: &str) -> Option<EntityId> {
        if let Some(&id) = self.by_text.get(name) {
            return Some(id);
        }
        self.by_key.get(&name_key(name)).copied()
    }

    pub fn has_declarations(&self) -> bool {
        self.entities.iter().any(|e| e.declared.is_some())
    }

    /// Every declared name and alias, with its entity.
    pub fn declared_forms(&self) -> impl Iterator<Item = (EntityId, &str)> {
        self.entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.declared.is_some())
            .flat_map(|(id, e)| {
                std::iter::once(e.name.as_str())
                    .chain(e.aliases.iter().map(String::as_str))
                    .map(move |n| (id, n))
            })
    }

    fn form_at(&self, article: &Article, form: usize, at: usize) -> bool {
        let f = &self.forms[form];
        let tokens = &article.tokens;
        at + f.words.len() <= tokens.len()
            && f.words.iter().enumerate().all(|(k, w)| {
                let t = &tokens[at + k];
                t.word == *w && (!f.caps_only || t.flags & UPPER != 0)
            })
    }

    /// Whether `form` is at token `at` of `article` and no longer form of
    /// another entity there contains it.
    fn mentioned_at(&self, article: &Article, form: usize, at: usize) -> bool {
        self.form_at(article, form, at)
            && !self.blockers[form]
                .iter()
                .any(|&(g, j)| at >= j && self.form_at(article, g, at - j))
    }

    /// Every mention of every entity in `article`, in one pass: at each
    /// token, only the forms that start with its word are tried.
    pub fn all_mentions(&self, article: &Article) -> ArticleMentions {
        let mut spans = Vec::new();
        for (i, token) in article.tokens.iter().enumerate() {
            let Some(forms) = self.by_first.get(&token.word) else {
                continue;
            };
            for &form in forms {
                if self.mentioned_at(article, form, i) {
                    let f = &self.forms[form];
                    spans.push((f.entity as u32, i as u32, (i + f.words.len()) as u32));
                }
            }
        }
        // Where two forms of one entity overlap, the first and longest wins.
        spans.sort_unstable_by_key(|&(e, start, end)| (e, start, std::cmp::Reverse(end)));
        spans.dedup_by(|b, a| b.0 == a.0 && b.1 < a.2);
        ArticleMentions { spans }
    }

    /// The token ranges where `entity` is mentioned in `article`, entity by
    /// entity: the reference that [`EntityTable::all_mentions`] must agree with.
    #[cfg(test)]
    fn mentions(&self, article: &Article, entity: EntityId) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let Some(forms) = self.forms_of.get(entity) else {
            return out;
        };
        for i in 0..article.tokens.len() {
            for &form in forms {
                if self.mentioned_at(article, form, i) {
                    out.push(i..i + self.forms[form].words.len());
                }
            }
        }
        out.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        out.dedup_by(|b, a| b.start < a.end);
        out
    }

    /// For an undeclared entity, the declared name or alias it is a small
    /// edit away from, if any; computed once per table.
    pub fn suggestion(&self, id: EntityId) -> Option<&str> {
        if self.entities[id].declared.is_some() {
            return None;
        }
        self.nearest[id]
            .get_or_init(|| {
                self.near_misses(&self.entities[id].name)
                    .into_iter()
                    .next()
                    .map(|(_, n)| n)
            })
            .as_deref()
    }

    /// Declared names within a small edit distance of `name`, best first.
    pub fn near_misses(&self, name: &str) -> Vec<(EntityId, String)> {
        let key = name_key(name);
        let mut found: Vec<(usize, EntityId, String)> = self
            .declared_forms()
            .filter_map(|(id, form)| {
                let distance = strsim::levenshtein(&key, &name_key(form));
                let limit = if key.chars().count() <= 4 { 1 } else { 2 };
                (distance > 0 && distance <= limit).then(|| (distance, id, form.to_string()))
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, id, form)| (id, form)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::syntax::parse_notes;

    fn table(decls: &str, names: &[&str]) -> EntityTable {
        let file = parse_notes(decls);
        EntityTable::build(file.entities.iter().map(|d| (0, d)), names.iter().copied())
    }

    fn found(table: &EntityTable, text: &str, name: &str) -> Vec<String> {
        let article = Article::from_text("1", "p", text.to_string());
        let id = table.resolve(name).unwrap();
        table
            .all_mentions(&article)
            .of(id)
            .into_iter()
            .map(|r| text[article.token_span(r)].to_string())
            .collect()
    }

    #[test]
    fn aliases_possessives_and_case() {
        let t = table("@entity Iran aka Tehran, Iranian\n", &[]);
        assert_eq!(
            found(
                &t,
                "Iran’s drones. TEHRAN said. iranian oil. Irania",
                "iran"
            ),
            ["Iran", "TEHRAN", "iranian"]
        );
    }

    #[test]
    fn all_capitals_alias_matches_only_in_capitals() {
        let t = table("@entity United States aka US, Washington\n", &[]);
        assert_eq!(
            found(
                &t,
                "The US said it would help us. The United States agreed.",
                "US"
            ),
            ["US", "United States"]
        );
    }

    #[test]
    fn longest_match_wins() {
        let t = table(
            "@entity South Korea\n@entity South China Sea\n",
            &["Korea", "China"],
        );
        let text = "South Korea and Korea. The South China Sea and China.";
        assert_eq!(found(&t, text, "Korea"), ["Korea"]);
        assert_eq!(found(&t, text, "China"), ["China"]);
        assert_eq!(found(&t, text, "South Korea"), ["South Korea"]);
    }

    /// One pass over an article finds, for every entity, what `mentions`
    /// finds asked entity by entity: aliases, capitals-only forms, longer
    /// names that hide shorter ones, and forms of one entity that overlap.
    #[test]
    fn one_pass_finds_what_each_entity_finds() {
        let t = table(
            "@entity South Korea aka Korea Republic, Republic of Korea\n@entity South China Sea\n@entity United States aka US\n@entity Iran aka Tehran, Islamic Republic of Iran\n",
            &["Korea", "China", "Russia", "Sea", "Republic"],
        );
        let texts = [
            "South Korea and the South China Sea.",
            "Korea, China and TEHRAN.",
            "It would help us.",
            "The US and Russia. The Republic of Korea Republic met the Islamic Republic of Iran.",
            "Sea, South China Sea and the China Sea; the Republic.",
            "",
        ];
        let mut seen = 0;
        for text in texts {
            let article = Article::from_text("1", "p", text.to_string());
            let all = t.all_mentions(&article);
            let mut mentioned = Vec::new();
            for e in 0..t.entities.len() {
                let one = t.mentions(&article, e);
                assert_eq!(all.of(e), one, "{text}: {}", t.entities[e].name);
                assert_eq!(all.mentions(e), !one.is_empty());
                if !one.is_empty() {
                    mentioned.push(e);
                }
                seen += one.len();
            }
            assert_eq!(all.entities().collect::<Vec<_>>(), mentioned, "{text}");
        }
        assert!(seen >= 14, "{seen}");
    }

    #[test]
    fn near_misses_suggest_declared_names() {
        let t = table("@entity Iran aka Tehran\n@entity Russia\n", &[]);
        assert_eq!(t.near_misses("Iram")[0].1, "Iran");
        assert_eq!(t.near_misses("Rusia")[0].1, "Russia");
        assert!(t.near_misses("China").is_empty());
        assert!(t.near_misses("Iran").is_empty());
    }
}
