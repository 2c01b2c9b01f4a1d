//! `cargo bench --bench lsp`: a client drives the real `claimcheck lsp`
//! over stdio on a generated workspace (one 10,000-claim notes file and
//! 2,000 articles, about 10 MB) and prints p50 and p99 latencies and the
//! server's peak RSS.
//!
//! Targets on 2 cores: keystroke to diagnostics <= 20 ms p99 (the debounce
//! is set to 0 here, so it is not counted); hover and definition <= 5 ms
//! p99; initialize to first diagnostics <= 500 ms; RSS <= 300 MB.

mod support;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use support::*;

type Stdin = std::sync::Arc<std::sync::Mutex<std::process::ChildStdin>>;

fn write_message(stdin: &Stdin, v: &Value) {
    let body = serde_json::to_vec(v).unwrap();
    let mut stdin = stdin.lock().unwrap();
    write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
    stdin.write_all(&body).unwrap();
    stdin.flush().unwrap();
}

struct Lsp {
    stdin: Stdin,
    rx: mpsc::Receiver<Value>,
    next: i64,
}

impl Lsp {
    fn send(&mut self, v: Value) {
        write_message(&self.stdin, &v);
    }
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self
                .rx
                .recv_timeout(Duration::from_secs(60))
                .expect("a response");
            if m["id"] == id && m.get("method").is_none() {
                return m;
            }
        }
    }
    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }
    /// Waits for diagnostics of `uri` (with `version`, if given).
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Value {
        loop {
            let m = self
                .rx
                .recv_timeout(Duration::from_secs(60))
                .expect("diagnostics");
            if m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
            {
                return m;
            }
        }
    }
}

/// A `publishDiagnostics` message as the bench client reads it: every byte
/// is parsed and checked, but the diagnostics are only counted. Building a
/// `serde_json::Value` tree of thousands of diagnostics costs this client
/// 10 to 15 ms, which is the client's cost and not the server's; the bench
/// prints it on a line of its own.
#[derive(serde::Deserialize)]
struct Publish {
    method: String,
    params: PublishParams,
}

#[derive(serde::Deserialize)]
struct PublishParams {
    uri: String,
    version: Option<i64>,
    diagnostics: Count,
}

struct Count(usize);

impl<'de> serde::Deserialize<'de> for Count {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Count;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array of diagnostics")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Count, A::Error> {
                let mut n = 0;
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    n += 1;
                }
                Ok(Count(n))
            }
        }
        d.deserialize_seq(Visitor)
    }
}

/// The body of the last `publishDiagnostics`, to time a full parse of it.
static LAST_PUBLISH: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new());

fn reader(out: impl Read + Send + 'static, tx: mpsc::Sender<Value>, stdin: Stdin) {
    std::thread::spawn(move || {
        let mut r = BufReader::new(out);
        loop {
            let mut len = 0;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length: ") {
                    len = v.parse().unwrap();
                }
            }
            let mut body = vec![0; len];
            r.read_exact(&mut body).unwrap();
            // Diagnostics are read whole and their JSON checked, but not
            // built into a tree: see `Publish`.
            if let Ok(p) = serde_json::from_slice::<Publish>(&body) {
                if p.method == "textDocument/publishDiagnostics" {
                    *LAST_PUBLISH.lock().unwrap() = body;
                    let params = json!({"uri": p.params.uri, "version": p.params.version, "count": p.params.diagnostics.0});
                    let _ = tx.send(json!({"method": p.method, "params": params}));
                    continue;
                }
            }
            let v: Value = serde_json::from_slice(&body).unwrap();
            if v.get("method").is_some() && v.get("id").is_some() {
                write_message(
                    &stdin,
                    &json!({"jsonrpc": "2.0", "id": v["id"], "result": null}),
                );
            }
            let _ = tx.send(v);
        }
    });
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(name: &str, mut samples: Vec<Duration>, target: &str) {
    samples.sort();
    println!(
        "{name:<34} p50 {:>7.2} ms   p99 {:>7.2} ms   (n={}, target {target})",
        ms(percentile(&samples, 0.5)),
        ms(percentile(&samples, 0.99)),
        samples.len()
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let bytes = write_workspace(&root, 2000, 10_000);
    // One notes file with all 10,000 claims.
    let mut big = String::new();
    for entry in std::fs::read_dir(root.join("notes")).unwrap() {
        let p = entry.unwrap().path();
        big.push_str(&std::fs::read_to_string(&p).unwrap());
        std::fs::remove_file(p).unwrap();
    }
    let notes = root.join("notes/big.claims");
    std::fs::write(&notes, &big).unwrap();
    let uri = format!("file://{}", notes.display());
    let lines: Vec<&str> = big.lines().collect();
    println!(
        "workspace: {} claims in one file, 2000 articles ({:.1} MB)",
        lines.len() - 100,
        bytes as f64 / 1e6
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(match std::env::var_os("CLAIMCHECK_LOG_TIMINGS") {
            Some(_) => Stdio::inherit(),
            None => Stdio::null(),
        })
        .spawn()
        .unwrap();
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    let stdin: Stdin = std::sync::Arc::new(std::sync::Mutex::new(child.stdin.take().unwrap()));
    reader(child.stdout.take().unwrap(), tx, stdin.clone());
    let mut lsp = Lsp { stdin, rx, next: 0 };

    let start = Instant::now();
    let root_uri = format!("file://{}", root.display());
    lsp.request(
        "initialize",
        json!({"processId": null, "rootUri": root_uri, "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
               "initializationOptions": {"debounceMs": 0}}),
    );
    lsp.notify("initialized", json!({}));
    lsp.diagnostics(&uri, None);
    let init = start.elapsed();
    println!(
        "{:<34} {:>7.1} ms   (target 500 ms)",
        "initialize to first diagnostics",
        ms(init)
    );

    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "claims", "version": 1, "text": big}}),
    );
    lsp.diagnostics(&uri, Some(1));

    // Keystrokes: type a letter into a relation, then delete it, on lines
    // spread over the file; each waits for its own diagnostics.
    let mut keystrokes = Vec::new();
    let mut version = 1;
    let claim_lines: Vec<usize> = (0..lines.len())
        .filter(|&l| lines[l].contains(" [src"))
        .collect();
    for i in 0..200 {
        let line = claim_lines[(i / 2 * 37) % claim_lines.len()];
        let col = lines[line][..lines[line].find(" [src").unwrap()]
            .encode_utf16()
            .count() as u32;
        // Type a letter, then delete it.
        let (end, text) = if i % 2 == 0 {
            (col, "s")
        } else {
            (col + 1, "")
        };
        let range = json!({"start": {"line": line, "character": col}, "end": {"line": line, "character": end}});
        version += 1;
        let t = Instant::now();
        lsp.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": range, "text": text}]}),
        );
        let diagnostics = lsp.diagnostics(&uri, Some(version));
        // Stop the clock before the message is dropped: freeing a large
        // JSON tree is the bench client's cost, not the server's.
        keystrokes.push(t.elapsed());
        drop(diagnostics);
    }
    report("keystroke -> publishDiagnostics", keystrokes, "20 ms p99");
    {
        let body = LAST_PUBLISH.lock().unwrap().clone();
        let published: Value = serde_json::from_slice(&body).unwrap();
        let count = published["params"]["diagnostics"]
            .as_array()
            .map_or(0, Vec::len);
        assert!(count > 0, "each keystroke's diagnostics are all there");
        let mut parse = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            let v: Value = serde_json::from_slice(&body).unwrap();
            parse.push(t.elapsed());
            drop(v);
        }
        parse.sort();
        println!(
            "  (each is {count} diagnostics, {:.1} MB; building them into a serde_json::Value would add {:.1} ms on the client)",
            body.len() as f64 / 1e6,
            ms(percentile(&parse, 0.5))
        );
    }

    let mut hover = Vec::new();
    let mut definition = Vec::new();
    let mut completion = Vec::new();
    for i in 0..300 {
        let line = 1 + (i * 31) % (lines.len() - 1);
        if !lines[line].contains("->") || !lines[line].contains("[src ") {
            continue;
        }
        let pos = json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 2}});
        let t = Instant::now();
        let h = lsp.request("textDocument/hover", pos.clone());
        hover.push(t.elapsed());
        assert!(h.get("error").is_none(), "{h}");
        let t = Instant::now();
        lsp.request("textDocument/definition", pos.clone());
        definition.push(t.elapsed());
        let src = lines[line].find("[src ").unwrap() + 5;
        let cpos = json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": lines[line][..src].encode_utf16().count()}});
        let t = Instant::now();
        lsp.request("textDocument/completion", cpos);
        completion.push(t.elapsed());
    }
    report("hover", hover, "5 ms p99");
    report("definition", definition, "5 ms p99");
    report("completion", completion, "none");

    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: ?")
        .to_string();
    println!(
        "{:<34} {}   (target 300 MB)",
        "server peak RSS",
        hwm.trim_start_matches("VmHWM:").trim()
    );
    lsp.request("shutdown", Value::Null);
    lsp.notify("exit", Value::Null);
    let _ = child.wait();
}
