//! The checker on the two articles the project started from (ids 000 and
//! 003 in ../shared/corpus), through the binary and through the library.

mod common;
use common::*;

#[test]
fn the_corpus_claims_hold_as_expected() {
    let ws = corpus_workspace(
        "Iran -> Russia : drones [src 003]
North Korea -> Russia : troops [src 003]
China -> Russia : troops [src 003]
Iran -> Russia : drone munitions [src 003 \"supplying Shahed-136 drones and munitons to Russia\"]
",
    );
    let out = claimcheck(
        ws.path(),
        &[
            "check",
            "--format",
            "json",
            "notes.claims",
            "entities.claims",
        ],
    );
    let v = json(&out);
    let got = diagnostics(&v);
    // Lines are 1-based and the @sources line comes first.
    assert!(
        !got.iter().any(|d| d.0 == 2),
        "Iran -> Russia : drones is supported: {got:?}"
    );
    assert!(
        !got.iter().any(|d| d.0 == 3),
        "North Korea -> Russia : troops is supported: {got:?}"
    );
    let china: Vec<_> = got.iter().filter(|d| d.0 == 4).collect();
    assert_eq!(china.len(), 1, "{got:?}");
    assert_eq!(china[0].1, "unsupported");
    assert_eq!(
        china[0].2,
        "unsupported: 003 mentions China and Russia together but never 'troops'"
    );
    let quote: Vec<_> = got.iter().filter(|d| d.0 == 5).collect();
    assert_eq!(quote.len(), 1, "{got:?}");
    assert_eq!(quote[0].1, "quote-not-found");
    assert!(
        quote[0].2.contains("closest passage in 003 (line 11): “supplying Shahed-136 drones and munitions to Russia”"),
        "{}",
        quote[0].2
    );
    let related = &v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "quote-not-found")
        .unwrap()["related"][0];
    assert!(related["file"]
        .as_str()
        .unwrap()
        .ends_with("003_362695d262cb796d.txt"));
    assert_eq!(related["line"], 11);
    assert_eq!(out.status.code(), Some(1), "a quote-not-found is an error");
    assert_eq!(v["summary"]["claims"], 4);
    assert_eq!(v["summary"]["supported"], 3);
}

#[test]
fn the_evidence_for_iran_and_russia_is_the_shahed_sentence() {
    use claimcheck::analysis::evidence::Query;
    use claimcheck::analysis::text::ColumnUnit;
    let ws = corpus_workspace("Iran -> Russia : drones [src 003]\n");
    let paths = claimcheck::project::find_notes(&[ws.path().to_path_buf()]).unwrap();
    let loaded = claimcheck::project::load(&paths, None, Default::default());
    let (file, doc) = loaded
        .ws
        .docs()
        .find(|(_, d)| d.path.ends_with("notes.claims"))
        .unwrap();
    let claim = &doc.syntax.claims[0];
    let query = Query::for_claim(&loaded.ws.entities, claim).unwrap();
    let set = loaded.ws.set_of(file).unwrap();
    let (index, article) = set.get("003").unwrap();
    let set_index = loaded
        .ws
        .sets
        .iter()
        .position(|s| std::ptr::eq(s, set))
        .unwrap();
    let evidence = loaded.ws.evidence(set_index, index, &query);
    let best = evidence.best().expect("003 supports the claim");
    let sentence = article.sentence_text(best.sentence);
    assert!(
        sentence.starts_with("A case in point is Iran’s role in supplying Shahed-136 drones"),
        "{sentence}"
    );
    assert!(
        sentence.ends_with("sanctions from the United States."),
        "{sentence}"
    );
    // The range is exact: line 11 of the article, the sentence's own bytes.
    let (line, col) = article
        .lines
        .position(&article.text, best.range.start, ColumnUnit::Utf16);
    assert_eq!(line, 10);
    assert!(col > 0);
    let bold: Vec<&str> = best
        .highlights
        .iter()
        .map(|r| &article.text[r.clone()])
        .collect();
    assert_eq!(bold, ["Iran", "drones", "Russia"]);
}

#[test]
fn evidence_command_finds_sources_for_an_uncited_claim() {
    let ws = corpus_workspace("");
    let out = claimcheck(
        ws.path(),
        &["evidence", "Iran -> Russia : drones", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let v = json(&out);
    let hits = v.as_array().unwrap();
    assert!(hits.iter().all(|h| h["supports"] == true), "{hits:?}");
    let shahed = hits
        .iter()
        .find(|h| h["id"] == "003")
        .expect("003 is among the hits");
    assert!(shahed["sentence"].as_str().unwrap().contains("Shahed-136"));
    assert_eq!(shahed["line"], 11);
    assert!(hits.iter().any(|h| h["id"] == "000"));

    // 000 has China's "no information" on the troops: it denies, not supports.
    let human = claimcheck(ws.path(), &["evidence", "China -> Russia : troops"]);
    let text = stdout(&human);
    assert_eq!(human.status.code(), Some(1), "nothing supports it: {text}");
    assert!(text.contains("[src 000] (denies it: “no”)"), "{text}");
    assert!(text.contains("[src 003] (lacks troops)"), "{text}");
}

#[test]
fn a_claim_its_own_source_denies_is_disputed() {
    let ws = corpus_workspace("China -> Russia : troops [src 000]\n");
    let out = claimcheck(ws.path(), &["check", "--format", "json"]);
    let got = diagnostics(&json(&out));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, "disputed");
    assert!(got[0].2.contains("000 negates it (“no”)"), "{}", got[0].2);
    assert!(
        got[0].2.contains("“no information on that.”"),
        "{}",
        got[0].2
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning fails only under --deny-warnings"
    );
    let denied = claimcheck(ws.path(), &["check", "--deny-warnings", "--format", "json"]);
    assert_eq!(denied.status.code(), Some(1));
}
