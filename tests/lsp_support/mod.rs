//! A framed JSON-RPC client for the server running in-process over an
//! in-memory duplex.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;
use tokio::io::{
    AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf,
};

pub struct Client {
    writer: WriteHalf<DuplexStream>,
    reader: BufReader<ReadHalf<DuplexStream>>,
    next_id: i64,
    /// Notifications read while waiting for something else.
    pub inbox: Vec<Value>,
    /// Responses read while waiting for another one.
    responses: std::collections::HashMap<i64, Value>,
}

pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    /// Starts a server and initializes it on `root`.
    pub async fn start(root: &Path, utf8: bool, options: Value) -> (Client, Value) {
        let (client_side, server_side) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_side);
        tokio::spawn(claimcheck::lsp::serve(server_read, server_write));
        let (read, write) = tokio::io::split(client_side);
        let mut client = Client {
            writer: write,
            reader: BufReader::new(read),
            next_id: 0,
            inbox: Vec::new(),
            responses: Default::default(),
        };
        let encodings = if utf8 {
            json!(["utf-8", "utf-16"])
        } else {
            json!(["utf-16"])
        };
        let init = client
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": uri(root),
                    "workspaceFolders": [{"uri": uri(root), "name": "ws"}],
                    "capabilities": {"general": {"positionEncodings": encodings}},
                    "initializationOptions": options,
                }),
            )
            .await;
        client.notify("initialized", json!({})).await;
        (client, init)
    }

    pub async fn send(&mut self, msg: Value) {
        let body = serde_json::to_vec(&msg).unwrap();
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        self.writer.write_all(header.as_bytes()).await.unwrap();
        self.writer.write_all(&body).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    pub async fn recv(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).await.unwrap();
            assert!(n > 0, "the server closed the stream");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = v.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).await.unwrap();
        let msg: Value = serde_json::from_slice(&body).unwrap();
        // Answer the server's own requests (registerCapability, ...).
        if msg.get("method").is_some() && msg.get("id").is_some() {
            let id = msg["id"].clone();
            self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}))
                .await;
        }
        msg
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    pub async fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        id
    }

    pub async fn response(&mut self, id: i64) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(msg) = self.responses.remove(&id) {
                return msg;
            }
            let msg = tokio::time::timeout_at(deadline, self.recv())
                .await
                .expect("a response in time");
            if msg.get("method").is_none() {
                if let Some(n) = msg["id"].as_i64() {
                    self.responses.insert(n, msg);
                }
            } else if msg.get("id").is_none() {
                self.inbox.push(msg);
            }
        }
    }

    /// Sends a request and returns its `result`; panics on an error.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params).await;
        let msg = self.response(id).await;
        assert!(msg.get("error").is_none(), "{method} failed: {msg}");
        msg["result"].clone()
    }

    pub async fn open(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": "claims", "version": 1, "text": text}}),
        )
        .await;
    }

    /// Waits for diagnostics of `path` that satisfy `pred`.
    pub async fn diagnostics_where(&mut self, path: &Path, pred: impl Fn(&Value) -> bool) -> Value {
        let want = uri(path);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(i) = self.inbox.iter().position(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == want.as_str()
                    && pred(&m["params"])
            }) {
                return self.inbox.remove(i)["params"].clone();
            }
            self.inbox.retain(|m| {
                !(m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == want.as_str())
            });
            let msg = tokio::time::timeout_at(deadline, self.recv())
                .await
                .unwrap_or_else(|_| panic!("no matching diagnostics for {want}"));
            if msg.get("method").is_some() && msg.get("id").is_none() {
                self.inbox.push(msg);
            }
        }
    }

    pub async fn diagnostics(&mut self, path: &Path) -> Value {
        self.diagnostics_where(path, |_| true).await
    }
}

pub fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

pub fn at(path: &Path, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri(path)}, "position": pos(line, character)})
}

/// The column of `needle` in `line`, in UTF-16 units or bytes.
pub fn col(line: &str, needle: &str, utf8: bool) -> u32 {
    let byte = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in {line}"));
    if utf8 {
        byte as u32
    } else {
        line[..byte].encode_utf16().count() as u32
    }
}
