//! The `claimcheck check` command: golden output for every format, a SARIF
//! schema check, exit codes, and bad input that must never panic.

mod common;
use common::*;
use std::path::Path;

fn golden(format: &str) {
    let out = claimcheck(&root(), &["check", "examples", "--format", format]);
    assert_eq!(out.status.code(), Some(1), "the examples have errors");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let actual = stdout(&out);
    let path = root().join(format!("tests/golden/examples.{format}"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_GOLDEN=1", path.display()));
    assert_eq!(
        actual,
        expected,
        "output differs from {}; UPDATE_GOLDEN=1 rewrites it",
        path.display()
    );
}

#[test]
fn golden_human() {
    golden("human");
}

#[test]
fn golden_json() {
    golden("json");
}

#[test]
fn golden_sarif() {
    golden("sarif");
}

#[test]
fn golden_github() {
    golden("github");
}

#[test]
fn the_examples_show_every_code() {
    let v = json(&claimcheck(
        &root(),
        &["check", "examples", "--format", "json"],
    ));
    for code in claimcheck::analysis::Code::ALL {
        assert!(
            v["summary"]["by_code"][code.as_str()].as_u64().unwrap_or(0) >= 1,
            "examples/ show no {}",
            code.as_str()
        );
    }
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/sarif-2.1.0-schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let out = claimcheck(&root(), &["check", "examples", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // What GitHub code scanning relies on.
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), claimcheck::analysis::Code::ALL.len());
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.starts_with("examples/"), "{uri}");
    }
    // And the schema catches a broken document.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn json_columns_count_unicode_scalar_values() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    std::fs::write(dir.path().join("sources/001_a.txt"), "Nothing here.\n").unwrap();
    std::fs::write(
        dir.path().join("n.claims"),
        "\"“Iran” 🚀\" -> 中国 : x [src 999]\n",
    )
    .unwrap();
    let v = json(&claimcheck(dir.path(), &["check", "--format", "json"]));
    let d = &v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unknown-source")
        .unwrap();
    // `"“Iran” 🚀" -> 中国 : x [src ` is 26 scalar values.
    assert_eq!(d["column"], 27);
    assert_eq!(d["end_column"], 30);
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("sources")).unwrap();
    std::fs::write(p.join("sources/001_a.txt"), "Iran sent drones to Russia.\n").unwrap();
    std::fs::write(p.join("ok.claims"), "Iran -> Russia : drones [src 001]\n").unwrap();
    assert_eq!(
        claimcheck(p, &["check", "ok.claims"]).status.code(),
        Some(0)
    );
    std::fs::write(p.join("warn.claims"), "Iran -> Russia : tanks [src 001]\n").unwrap();
    assert_eq!(
        claimcheck(p, &["check", "warn.claims"]).status.code(),
        Some(0)
    );
    assert_eq!(
        claimcheck(p, &["check", "--deny-warnings", "warn.claims"])
            .status
            .code(),
        Some(1)
    );
    std::fs::write(p.join("err.claims"), "Iran -> Russia : drones [src 002]\n").unwrap();
    assert_eq!(
        claimcheck(p, &["check", "err.claims"]).status.code(),
        Some(1)
    );
    // Usage and I/O failures.
    let missing = claimcheck(p, &["check", "nope.claims"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nope.claims"));
    assert_eq!(
        claimcheck(p, &["check", "--format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(
        claimcheck(p, &["check", "--sources", "nowhere", "ok.claims"])
            .status
            .code(),
        Some(2)
    );
    std::fs::write(
        p.join("claimcheck.toml"),
        "[severity]\nunsuported = \"off\"\n",
    )
    .unwrap();
    let bad_config = claimcheck(p, &["check", "ok.claims"]);
    assert_eq!(bad_config.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_config.stderr)
        .contains("unknown diagnostic code `unsuported`"));
    // Severity from the config decides the exit code.
    std::fs::write(
        p.join("claimcheck.toml"),
        "[severity]\nunsupported = \"error\"\n",
    )
    .unwrap();
    assert_eq!(
        claimcheck(p, &["check", "warn.claims"]).status.code(),
        Some(1)
    );
}

#[test]
fn github_format_escapes_and_annotates() {
    let out = claimcheck(&root(), &["check", "examples", "--format", "github"]);
    let text = stdout(&out);
    assert!(text.lines().any(|l| l.starts_with("::error file=examples/notes/maritime.claims,line=12,col=39,endLine=12,endColumn=41,title=claimcheck unknown-source::")), "{text}");
    assert!(text
        .lines()
        .any(|l| l.starts_with("::notice ") && l.contains("unknown-entity")));
}

/// A workspace with one good article and the bad one given.
fn with_bad_article(
    name: &str,
    bytes: &[u8],
    notes: &str,
) -> (tempfile::TempDir, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("sources")).unwrap();
    std::fs::write(
        p.join("sources/001_good.txt"),
        "Iran sent drone shipments to Russia.\n",
    )
    .unwrap();
    if !name.is_empty() {
        std::fs::write(p.join("sources").join(name), bytes).unwrap();
    }
    std::fs::write(
        p.join("n.claims"),
        format!(
            "{notes}Iran -> Russia : drone shipments [src 001]\nIran -> Russia : tanks [src 001]\n"
        ),
    )
    .unwrap();
    let out = claimcheck(p, &["check", "--format", "json"]);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "no crash: {out:?}"
    );
    let v = json(&out);
    (dir, v)
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    diagnostics(v).into_iter().map(|d| d.1).collect()
}

#[test]
fn bad_articles_are_reported_and_the_rest_is_checked() {
    for (name, bytes, message) in [
        ("002_bin.txt", &b"\x89PNG\r\n\x1a\n\0\0\0"[..], "binary"),
        (
            "002_latin1.txt",
            &b"caf\xe9 au lait\n"[..],
            "not valid UTF-8 (line 1, byte 3)",
        ),
    ] {
        let (_d, v) = with_bad_article(name, bytes, "Iran -> Russia : drones [src 002]\n");
        let got = diagnostics(&v);
        let bad = got
            .iter()
            .find(|d| d.1 == "bad-article")
            .unwrap_or_else(|| panic!("{got:?}"));
        assert!(bad.2.contains(message), "{}", bad.2);
        assert!(
            got.iter()
                .any(|d| d.1 == "unknown-source" && d.2.contains(message)),
            "{got:?}"
        );
        // The good claim passes and the bad one is still found.
        assert!(
            got.iter().any(|d| d.1 == "unsupported" && d.0 == 3),
            "{got:?}"
        );
    }
}

#[test]
fn empty_crlf_bom_and_huge_articles_are_read() {
    let (_d, v) = with_bad_article("002_empty.txt", b"", "Iran -> Russia : drones [src 002]\n");
    assert_eq!(
        diagnostics(&v)[0].2,
        "unsupported: 002 mentions neither Iran nor Russia"
    );
    let (_d, v) = with_bad_article(
        "002_crlf.txt",
        "\u{feff}Title\r\nIran’s drones reached Russia.\r\n".as_bytes(),
        "Iran -> Russia : drones [src 002 \"Iran's drones reached Russia.\"]\n",
    );
    assert_eq!(codes(&v), ["unsupported"], "only the tanks claim fails");
    let huge = format!(
        "{}Iran sent tanks to Russia.",
        "Filler words go here. ".repeat(50_000)
    );
    assert!(huge.len() > 1_000_000);
    let (_d, v) = with_bad_article(
        "002_huge.txt",
        huge.as_bytes(),
        "Iran -> Russia : sent tanks [src 002]\n",
    );
    assert_eq!(codes(&v), ["unsupported"]);
}

#[test]
fn notes_with_crlf_and_bom() {
    let (_d, v) = with_bad_article(
        "",
        b"",
        "\u{feff}# Notes\r\nIran -> Russia : drones [src 001]\r\n",
    );
    let got = diagnostics(&v);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1.as_str()), (4, "unsupported"));
}

#[test]
fn a_missing_folder_is_one_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("n.claims"),
        "@sources ../nowhere\nIran -> Russia : drones [src 001]\n",
    )
    .unwrap();
    let out = claimcheck(dir.path(), &["check", "--format", "json"]);
    let got = diagnostics(&json(&out));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, "missing-sources");
    assert!(got[0].2.contains("nowhere"));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn nothing_outside_the_folder_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("sources")).unwrap();
    std::fs::write(p.join("secret.txt"), "Iran sent drones to Russia.\n").unwrap();
    std::os::unix::fs::symlink(p.join("secret.txt"), p.join("sources/005_link.txt")).unwrap();
    std::fs::write(
        p.join("sources/006_inside.txt"),
        "Iran sent tanks to Russia.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        p.join("sources/006_inside.txt"),
        p.join("sources/007_alias.txt"),
    )
    .unwrap();
    std::fs::write(
        p.join("n.claims"),
        "Iran -> Russia : drones [src 005]\nIran -> Russia : drones [src ../secret.txt]\nIran -> Russia : tanks [src 007]\n",
    )
    .unwrap();
    let got = diagnostics(&json(&claimcheck(p, &["check", "--format", "json"])));
    let bad = got
        .iter()
        .find(|d| d.1 == "bad-article")
        .expect("the link is reported");
    assert!(
        bad.2.contains("points outside the articles folder"),
        "{}",
        bad.2
    );
    assert!(got.iter().any(|d| d.0 == 1 && d.1 == "unknown-source"));
    assert!(got
        .iter()
        .any(|d| d.0 == 2 && d.1 == "unknown-source" && d.2.contains("`../secret.txt`")));
    assert!(
        !got.iter().any(|d| d.0 == 3),
        "a link inside the folder is fine: {got:?}"
    );
}

#[test]
fn a_broken_line_never_stops_the_file() {
    let (_d, v) = with_bad_article("", b"", "Iran -> \n@entity\nIran -> Russia : [src\n");
    let got = diagnostics(&v);
    let lines: Vec<(u64, &str)> = got.iter().map(|d| (d.0, d.1.as_str())).collect();
    assert!(lines.contains(&(1, "syntax-error")));
    assert!(lines.contains(&(2, "syntax-error")));
    assert!(lines.contains(&(3, "syntax-error")));
    assert!(lines.contains(&(5, "unsupported")), "{lines:?}");
}

#[test]
fn sources_precedence() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for (d, text) in [
        ("a", "Iran sent drones to Russia."),
        ("b", "Nothing."),
        ("sources", "Nothing."),
        ("c", "Nothing."),
    ] {
        std::fs::create_dir(p.join(d)).unwrap();
        std::fs::write(p.join(d).join("001_x.txt"), text).unwrap();
    }
    let claim = "Iran -> Russia : drones [src 001]\n";
    std::fs::write(p.join("plain.claims"), claim).unwrap();
    std::fs::write(p.join("directive.claims"), format!("@sources a\n{claim}")).unwrap();
    let ok = |args: &[&str]| {
        claimcheck(p, args).status.code() == Some(0)
            && codes(&json(&claimcheck(
                p,
                &[args, &["--format", "json"]].concat(),
            )))
            .is_empty()
    };
    assert!(!ok(&["check", "plain.claims"]), "sources/ has nothing");
    assert!(
        ok(&["check", "directive.claims"]),
        "@sources wins over sources/"
    );
    assert!(
        ok(&["check", "--sources", "a", "plain.claims"]),
        "--sources wins"
    );
    assert!(
        !ok(&["check", "--sources", "b", "directive.claims"]),
        "--sources wins over @sources"
    );
    std::fs::write(p.join("claimcheck.toml"), "sources = \"a\"\n").unwrap();
    assert!(
        ok(&["check", "plain.claims"]),
        "claimcheck.toml wins over sources/"
    );
    std::fs::write(p.join("claimcheck.toml"), "sources = \"c\"\n").unwrap();
    assert!(
        ok(&["check", "directive.claims"]),
        "@sources wins over claimcheck.toml"
    );
    assert!(Path::new(&p.join("a")).is_dir());
}
