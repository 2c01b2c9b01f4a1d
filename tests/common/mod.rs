//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared corpus (articles 000 and 003), beside the project.
pub fn corpus() -> PathBuf {
    let dir = root().join("../shared/corpus");
    assert!(
        dir.is_dir(),
        "the shared corpus is expected at {}",
        dir.display()
    );
    std::fs::canonicalize(dir).unwrap()
}

pub fn claimcheck(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .args(args)
        .output()
        .expect("the claimcheck binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// The entity declarations the corpus tests use.
pub const CORPUS_ENTITIES: &str = "@entity Iran aka Tehran, Iranian
@entity Russia aka Moscow, Russian, Putin
@entity North Korea aka Pyongyang, \"North Korean\", \"Kim Jong-un\"
@entity China aka Beijing, Chinese
";

/// A temporary workspace with `entities.claims`, `notes.claims` holding
/// `notes`, and `@sources` pointing at the shared corpus.
pub fn corpus_workspace(notes: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("entities.claims"), CORPUS_ENTITIES).unwrap();
    std::fs::write(
        dir.path().join("notes.claims"),
        format!("@sources {}\n{notes}", corpus().display()),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("claimcheck.toml"),
        format!("sources = \"{}\"\n", corpus().display()),
    )
    .unwrap();
    dir
}

pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// The diagnostics of a JSON report as (line, code, message).
pub fn diagnostics(v: &serde_json::Value) -> Vec<(u64, String, String)> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
