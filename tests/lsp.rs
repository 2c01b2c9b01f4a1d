//! The language server over an in-memory duplex, with a framed JSON-RPC
//! client: every feature, both position encodings on lines with curly
//! quotes, emoji and CJK, bursts of edits, cancellation.

mod common;
mod lsp_support;

use common::{corpus, CORPUS_ENTITIES};
use lsp_support::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const NOTES: &str = "# Iran and Russia
Iran -> Russia : drones [src 003]
North Korea -> Russia : troops [src 003]
China -> Russia : troops [src 003]
Iran -> Russia : munitions [src 003 \"supplying Shahed-136 drones and munitons to Russia\"]
\"中国 “partner” 🚀\" -> Russia : drones [src 003]
Iram -> Russia : oil
";

struct Ws {
    _dir: tempfile::TempDir,
    root: PathBuf,
    notes: PathBuf,
}

fn workspace() -> Ws {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::write(
        root.join("claimcheck.toml"),
        format!("sources = \"{}\"\n", corpus().display()),
    )
    .unwrap();
    std::fs::write(root.join("entities.claims"), CORPUS_ENTITIES).unwrap();
    let notes = root.join("notes.claims");
    std::fs::write(&notes, NOTES).unwrap();
    Ws {
        _dir: dir,
        root,
        notes,
    }
}

fn line(n: usize) -> &'static str {
    NOTES.lines().nth(n).unwrap()
}

async fn started(utf8: bool) -> (Ws, Client) {
    let ws = workspace();
    let (mut c, init) = Client::start(&ws.root, utf8, json!({})).await;
    let enc = if utf8 { "utf-8" } else { "utf-16" };
    assert_eq!(init["capabilities"]["positionEncoding"], enc);
    c.open(&ws.notes, NOTES).await;
    (ws, c)
}

fn codes(diags: &Value) -> Vec<(u64, String)> {
    diags["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_carry_code_link_related_and_version() {
    let (ws, mut c) = started(false).await;
    let d = c.diagnostics_where(&ws.notes, |p| p["version"] == 1).await;
    let got = codes(&d);
    assert!(got.contains(&(3, "unsupported".into())), "{got:?}");
    assert!(got.contains(&(4, "quote-not-found".into())), "{got:?}");
    assert!(got.contains(&(6, "unknown-entity".into())), "{got:?}");
    assert!(
        !got.iter().any(|(l, _)| *l == 1 || *l == 2),
        "supported claims are clean: {got:?}"
    );
    let quote = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "quote-not-found")
        .unwrap();
    assert_eq!(quote["severity"], 1);
    assert!(quote["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("docs/diagnostics.md#quote-not-found"));
    let related = &quote["relatedInformation"][0]["location"];
    assert!(related["uri"]
        .as_str()
        .unwrap()
        .ends_with("003_362695d262cb796d.txt"));
    assert_eq!(related["range"]["start"]["line"], 10);
    // The quote's range, in UTF-16.
    let l = line(4);
    assert_eq!(
        quote["range"]["start"],
        json!({"line": 4, "character": col(l, "\"supplying", false)})
    );
}

async fn hover_and_definition(utf8: bool) {
    let (ws, mut c) = started(utf8).await;
    // Hover anywhere on the claim shows the Shahed sentence, bold words.
    let h = c
        .request(
            "textDocument/hover",
            at(&ws.notes, 1, col(line(1), "drones", utf8)),
        )
        .await;
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(text.contains("Shahed-136"), "{text}");
    assert!(
        text.contains("**Iran**’s role in supplying Shahed-136 **drones**"),
        "{text}"
    );
    assert!(text.contains("`003_362695d262cb796d.txt:11`"), "{text}");
    // Definition: exactly the sentence, line 11 of the article.
    let d = c
        .request(
            "textDocument/definition",
            at(&ws.notes, 1, col(line(1), "drones", utf8)),
        )
        .await;
    let loc = &d[0];
    assert!(loc["uri"]
        .as_str()
        .unwrap()
        .ends_with("003_362695d262cb796d.txt"));
    let article = std::fs::read_to_string(corpus().join("003_362695d262cb796d.txt")).unwrap();
    let aline = article.lines().nth(10).unwrap();
    let start = col(aline, "A case in point", utf8);
    let end_byte = aline.find("United States.").unwrap() + "United States.".len();
    let end = if utf8 {
        end_byte as u32
    } else {
        aline[..end_byte].encode_utf16().count() as u32
    };
    assert_eq!(
        loc["range"],
        json!({"start": pos(10, start), "end": pos(10, end)})
    );
    // On a line with CJK, curly quotes and an emoji, the id's range is exact.
    let l = line(5);
    let h = c
        .request(
            "textDocument/hover",
            at(&ws.notes, 5, col(l, "003", utf8) + 1),
        )
        .await;
    let id_col = col(l, "003", utf8);
    assert_eq!(
        h["range"],
        json!({"start": pos(5, id_col), "end": pos(5, id_col + 3)})
    );
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("**003** — Politics"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_and_definition_utf16() {
    hover_and_definition(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_and_definition_utf8() {
    hover_and_definition(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_completion_lists_are_cut_and_marked_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let articles = root.join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    for id in 0..250 {
        std::fs::write(
            articles.join(format!("{id:03}_a.txt")),
            format!("Article {id}\nIran sent drones to Russia.\n"),
        )
        .unwrap();
    }
    std::fs::write(root.join("claimcheck.toml"), "sources = \"articles\"\n").unwrap();
    let notes = root.join("notes.claims");
    let (mut c, _) = Client::start(&root, false, json!({})).await;
    c.open(&notes, "Iran -> Russia : drones [src \n").await;
    let all = c
        .request("textDocument/completion", at(&notes, 0, 29))
        .await;
    assert_eq!(all["isIncomplete"], true, "{all}");
    let items = all["items"].as_array().unwrap();
    assert_eq!(items.len(), 200);
    assert_eq!(items[0]["label"], "000");
    // Typed on, the list narrows and is whole.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&notes), "version": 2},
               "contentChanges": [{"range": {"start": pos(0, 29), "end": pos(0, 29)}, "text": "24"}]}),
    )
    .await;
    let some = c
        .request("textDocument/completion", at(&notes, 0, 31))
        .await;
    assert_eq!(some["isIncomplete"], false, "{some}");
    let labels: Vec<&str> = some["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["240", "241", "242", "243", "244", "245", "246", "247", "248", "249"]
    );
}

#[tokio::test]
async fn completion_references_rename_and_symbols() {
    let (ws, mut c) = started(false).await;
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&ws.notes), "version": 2},
               "contentChanges": [{"range": {"start": pos(7, 0), "end": pos(7, 0)}, "text": "Iran -> Russia : oil [src "}]}),
    )
    .await;
    let items = c
        .request("textDocument/completion", at(&ws.notes, 7, 26))
        .await;
    assert_eq!(items["isIncomplete"], false);
    let labels: Vec<(&str, &str)> = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["label"].as_str().unwrap(), i["detail"].as_str().unwrap()))
        .collect();
    assert_eq!(labels.len(), 2);
    assert_eq!(labels[1].0, "003");
    assert_eq!(labels[1].1, "Politics");
    let entities = c
        .request("textDocument/completion", at(&ws.notes, 7, 2))
        .await;
    assert!(
        entities["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["label"] == "Iran"),
        "{entities}"
    );

    let refs = c.request("textDocument/references", json!({"textDocument": {"uri": uri(&ws.notes)}, "position": pos(1, 1), "context": {"includeDeclaration": true}})).await;
    let refs = refs.as_array().unwrap();
    assert!(refs
        .iter()
        .any(|r| r["uri"].as_str().unwrap().ends_with("entities.claims")));
    assert!(
        refs.iter()
            .filter(|r| r["uri"].as_str().unwrap().ends_with("notes.claims"))
            .count()
            >= 3
    );

    let prep = c
        .request("textDocument/prepareRename", at(&ws.notes, 1, 1))
        .await;
    assert_eq!(prep["placeholder"], "Iran");
    let edit = c.request("textDocument/rename", json!({"textDocument": {"uri": uri(&ws.notes)}, "position": pos(1, 1), "newName": "Persia"})).await;
    let changes = edit["changes"].as_object().unwrap();
    assert_eq!(changes.len(), 2, "the declaration and the notes: {edit}");
    for edits in changes.values() {
        for e in edits.as_array().unwrap() {
            assert_eq!(e["newText"], "Persia");
            assert_eq!(
                e["range"]["end"]["character"].as_u64().unwrap()
                    - e["range"]["start"]["character"].as_u64().unwrap(),
                4
            );
        }
    }

    let symbols = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri(&ws.notes)}}),
        )
        .await;
    assert_eq!(symbols[0]["name"], "Iran and Russia");
    assert_eq!(symbols[0]["children"][0]["name"], "Iran -> Russia : drones");
    let folds = c
        .request(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": uri(&ws.notes)}}),
        )
        .await;
    assert_eq!(folds[0]["startLine"], 0);
    let ws_symbols = c
        .request("workspace/symbol", json!({"query": "pyong"}))
        .await;
    assert_eq!(ws_symbols[0]["name"], "North Korea");
    let tokens = c
        .request(
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": uri(&ws.notes)}}),
        )
        .await;
    assert!(tokens["data"].as_array().unwrap().len() > 40);
    let highlights = c
        .request("textDocument/documentHighlight", at(&ws.notes, 1, 1))
        .await;
    assert!(highlights.as_array().unwrap().len() >= 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_actions_fix_quotes_names_and_cite() {
    let (ws, mut c) = started(false).await;
    let actions = c
        .request("textDocument/codeAction", json!({"textDocument": {"uri": uri(&ws.notes)}, "range": {"start": pos(4, 40), "end": pos(4, 40)}, "context": {"diagnostics": []}}))
        .await;
    let replace = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Replace with the passage in the article")
        .expect("a replace action");
    let edit = &replace["edit"]["changes"][uri(&ws.notes)][0];
    assert_eq!(
        edit["newText"],
        "\"supplying Shahed-136 drones and munitions to Russia\""
    );
    let actions = c
        .request("textDocument/codeAction", json!({"textDocument": {"uri": uri(&ws.notes)}, "range": {"start": pos(6, 1), "end": pos(6, 1)}, "context": {"diagnostics": []}}))
        .await;
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"Change to 'Iran'"), "{titles:?}");
    assert!(
        titles.contains(&"Ignore unknown-entity on this line"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Ignore unsourced on this line"),
        "{titles:?}"
    );
}

/// 500 didChange notifications back to back give the text of applying them
/// in order: each inserts a line at a place that depends on the ones before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_edits_apply_in_order() {
    let ws = workspace();
    let (mut c, _) = Client::start(&ws.root, false, json!({})).await;
    let path = ws.root.join("burst.claims");
    c.open(&path, "").await;
    let mut expected: Vec<String> = Vec::new();
    for k in 0..500u32 {
        let at = (k as usize * 7) % (expected.len() + 1);
        let text = format!("E{k} -> X : y\n");
        expected.insert(at, format!("E{k} -> X : y"));
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(&path), "version": k + 2},
                   "contentChanges": [{"range": {"start": pos(at as u32, 0), "end": pos(at as u32, 0)}, "text": text}]}),
        )
        .await;
    }
    let symbols = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri(&path)}}),
        )
        .await;
    let got: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(got, expected);
    let d = c.diagnostics_where(&path, |p| p["version"] == 501).await;
    assert_eq!(
        d["diagnostics"].as_array().unwrap().len(),
        500,
        "every claim is unsourced"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancellation_and_shutdown_are_answered() {
    let (ws, mut c) = started(false).await;
    let mut ids = Vec::new();
    for _ in 0..40 {
        let id = c
            .send_request("textDocument/hover", at(&ws.notes, 1, 3))
            .await;
        c.notify("$/cancelRequest", json!({"id": id})).await;
        ids.push(id);
    }
    for id in ids {
        let r = c.response(id).await;
        assert!(
            r.get("result").is_some() || r["error"]["code"] == -32800,
            "{r}"
        );
    }
    let started = std::time::Instant::now();
    let r = c.request("shutdown", Value::Null).await;
    assert!(r.is_null());
    assert!(started.elapsed().as_secs() < 5);
    c.notify("exit", Value::Null).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_and_edits_never_crash_it() {
    let (ws, mut c) = started(false).await;
    let nowhere = Path::new("/nowhere/x.claims");
    assert!(c
        .request("textDocument/hover", at(nowhere, 0, 0))
        .await
        .is_null());
    assert!(c
        .request("textDocument/hover", at(&ws.notes, 999, 999))
        .await
        .is_null());
    // An edit past the end and a reversed range are clamped, not fatal.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&ws.notes), "version": 2},
               "contentChanges": [{"range": {"start": pos(500, 3), "end": pos(2, 0)}, "text": "x"}]}),
    )
    .await;
    c.notify("textDocument/didChange", json!({"garbage": true}))
        .await;
    let h = c.request("textDocument/hover", at(&ws.notes, 1, 3)).await;
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("Shahed-136"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_and_settings_changing_update_diagnostics() {
    let (ws, mut c) = started(false).await;
    c.diagnostics_where(&ws.notes, |p| codes(p).contains(&(3, "unsupported".into())))
        .await;
    // A severity from the settings.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"claimcheck": {"severity": {"unsupported": "error"}}}}),
    )
    .await;
    let d = c
        .diagnostics_where(&ws.notes, |p| {
            p["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["code"] == "unsupported" && d["severity"] == 1)
        })
        .await;
    assert!(!codes(&d).is_empty());
    // A notes file on disk that is not open: a contradiction shows in both.
    let other = ws.root.join("other.claims");
    std::fs::write(&other, "Iran -/-> Russia : drones\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&other), "type": 1}]}),
    )
    .await;
    c.diagnostics_where(&ws.notes, |p| {
        codes(p).contains(&(1, "contradiction".into()))
    })
    .await;
    c.diagnostics_where(&other, |p| codes(p).contains(&(0, "contradiction".into())))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_changing_on_disk_updates_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::create_dir(root.join("sources")).unwrap();
    let article = root.join("sources/001_a.txt");
    std::fs::write(&article, "Nothing relevant.\n").unwrap();
    let notes = root.join("n.claims");
    std::fs::write(&notes, "Iran -> Russia : drones [src 001]\n").unwrap();
    let (mut c, _) = Client::start(&root, false, json!({})).await;
    c.diagnostics_where(&notes, |p| codes(p) == [(0, "unsupported".to_string())])
        .await;
    std::fs::write(&article, "Iran sent drones to Russia.\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&article), "type": 2}]}),
    )
    .await;
    c.diagnostics_where(&notes, |p| codes(p).is_empty()).await;
    // A new article in the folder is found too.
    let second = root.join("sources/002_b.txt");
    std::fs::write(&second, "Iran sent tanks to Russia.\n").unwrap();
    std::fs::write(
        &notes,
        "Iran -> Russia : tanks [src 002]\nIran -> Russia : jets [src 002]\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&second), "type": 1}, {"uri": uri(&notes), "type": 2}]}),
    )
    .await;
    // 002 is known and supports the tanks; only the jets are unsupported.
    c.diagnostics_where(&notes, |p| codes(p) == [(1, "unsupported".to_string())])
        .await;
}
