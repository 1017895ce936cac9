//! End-to-end tests of `reprint serve`: the real binary over a real index,
//! spoken to over HTTP on loopback.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};

use common::{repo_root, reprint, run};
use serde_json::{json, Value};

/// A server process, stopped when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Builds an index of the example corpus in `dir` and serves it.
fn start(dir: &Path, extra: &[&str]) -> Server {
    let index = dir.join("archive");
    let output = run(reprint()
        .args(["index", "add"])
        .arg(&index)
        .arg(repo_root().join("examples/corpus")));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut child = reprint()
        .arg("serve")
        .arg(&index)
        .args(["--addr", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|addr| addr.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Server { child, addr }
}

/// One HTTP/1.1 exchange: the status and the body.
fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8_lossy(&answer[..split]).to_lowercase();
    let status = head[9..12].parse().unwrap();
    let mut body = answer[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        body = unchunk(&body);
    }
    (status, body)
}

fn unchunk(mut bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = bytes.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&bytes[..line_end]).unwrap().trim(), 16)
                .unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&bytes[line_end + 2..line_end + 2 + size]);
        bytes = &bytes[line_end + 4 + size..];
    }
}

fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(body)))
}

fn post_json(
    addr: SocketAddr,
    path: &str,
    value: &Value,
    headers: &[(&str, &str)],
) -> (u16, Value) {
    let mut all = vec![("Content-Type", "application/json")];
    all.extend_from_slice(headers);
    let (status, body) = http(addr, "POST", path, &all, value.to_string().as_bytes());
    (status, json_of(&body))
}

/// The example's first story, republished by a new site.
fn a_copy() -> (Value, String) {
    let corpus = std::fs::read_to_string(repo_root().join("examples/corpus/news.jsonl")).unwrap();
    let original: Value = serde_json::from_str(corpus.lines().next().unwrap()).unwrap();
    let copy = json!({
        "id": "pasted-copy",
        "text": original["text"],
        "source": "nouveau-site.example",
        "date": "2030-01-01",
    });
    (copy, original["id"].as_str().unwrap().to_string())
}

#[test]
fn a_pasted_copy_is_traced_to_its_archived_original() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), &[]);
    let (status, body) = http(server.addr, "GET", "/health", &[], b"");
    assert_eq!(status, 200);
    assert_eq!(json_of(&body), json!({"status": "ok", "documents": 13}));

    let (copy, original) = a_copy();
    let (status, answer) = post_json(server.addr, "/query", &copy, &[]);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["checked"], json!(["pasted-copy"]));
    let pair = answer["reuse"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["a"] == original.as_str() && r["b"] == "pasted-copy")
        .unwrap_or_else(|| panic!("{answer}"));
    assert_eq!(pair["kind"], "reprint");
    assert_eq!(pair["original"], original.as_str());
    assert!(answer["documents"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["id"] == original.as_str()));

    // A batch, and the report page for it.
    let batch = json!({"documents": [copy, {"text": "Un texte sans rapport avec les archives."}]});
    let (status, answer) = post_json(server.addr, "/query", &batch, &[]);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["checked"].as_array().unwrap().len(), 2);
    let (status, page) = http(
        server.addr,
        "POST",
        "/query?format=html",
        &[("Content-Type", "application/json")],
        batch.to_string().as_bytes(),
    );
    assert_eq!(status, 200);
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("<html") && page.contains("pasted-copy"));

    // The document and the pair views.
    let (status, body) = http(
        server.addr,
        "GET",
        &format!("/documents/{original}"),
        &[],
        b"",
    );
    assert_eq!(status, 200);
    assert_eq!(json_of(&body)["text"], copy["text"]);
    let corpus = std::fs::read_to_string(repo_root().join("examples/gold_pairs.jsonl")).unwrap();
    let gold: Value = serde_json::from_str(corpus.lines().next().unwrap()).unwrap();
    let (a, b) = (gold["a"].as_str().unwrap(), gold["b"].as_str().unwrap());
    let (status, body) = http(server.addr, "GET", &format!("/pairs/{a}/{b}"), &[], b"");
    assert_eq!(status, 200);
    let view = json_of(&body);
    assert!(
        view["reuse"]["passages"]
            .as_array()
            .is_some_and(|p| !p.is_empty()),
        "{view}"
    );
    assert_eq!(view["documents"].as_array().unwrap().len(), 2);

    // A page's saved HTML is read as scan reads a page.
    let html = std::fs::read_to_string(
        repo_root().join("crates/reprint-cli/tests/data/web/wordpress-fr.html"),
    )
    .unwrap();
    let (status, answer) = post_json(server.addr, "/query", &json!({"html": html}), &[]);
    assert_eq!(status, 200, "{answer}");
    let read = &answer["documents"][0];
    assert_eq!(read["id"], "query-1");
    assert!(
        read["title"].as_str().is_some_and(|t| !t.is_empty()),
        "{read}"
    );
    let (status, answer) = post_json(
        server.addr,
        "/query",
        &json!({"html": "<html><body><script>x()</script></body></html>"}),
        &[],
    );
    assert_eq!(status, 422, "{answer}");
    assert!(
        answer["error"]
            .as_str()
            .unwrap()
            .contains("gives no article"),
        "{answer}"
    );

    let (status, body) = http(server.addr, "GET", "/openapi.json", &[], b"");
    assert_eq!(status, 200);
    let spec = json_of(&body);
    for path in [
        "/query",
        "/documents",
        "/documents/{id}",
        "/pairs/{a}/{b}",
        "/health",
    ] {
        assert!(spec["paths"][path].is_object(), "{path} is not described");
    }
    let (status, body) = http(server.addr, "GET", "/", &[], b"");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("<form"));
}

#[test]
fn bad_requests_get_a_4xx_that_says_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(
        dir.path(),
        &["--max-body-size", "64KB", "--write-token", "s3cret"],
    );
    let error = |status: u16, body: Vec<u8>| {
        (
            status,
            json_of(&body)["error"].as_str().unwrap().to_string(),
        )
    };
    let json_header = [("Content-Type", "application/json")];

    let (status, message) = {
        let (s, b) = http(server.addr, "POST", "/query", &json_header, b"{not json");
        error(s, b)
    };
    assert_eq!(status, 400);
    assert!(message.contains("not JSON"), "{message}");

    let (status, answer) = post_json(
        server.addr,
        "/query",
        &json!({"text": "un", "html": "<p>un</p>"}),
        &[],
    );
    assert_eq!(status, 422);
    assert!(
        answer["error"].as_str().unwrap().contains("one of them"),
        "{answer}"
    );
    let (status, answer) = post_json(server.addr, "/query", &json!({"title": "no text"}), &[]);
    assert_eq!(status, 422);
    assert!(
        answer["error"].as_str().unwrap().contains("text"),
        "{answer}"
    );

    let (status, answer) = post_json(
        server.addr,
        "/query",
        &json!({"documents": [{"text": "un"}, {"text": 3}]}),
        &[],
    );
    assert_eq!(status, 422);
    assert!(
        answer["error"].as_str().unwrap().contains("documents[1]"),
        "{answer}"
    );

    let big = json!({"text": "mot ".repeat(40_000)});
    let (status, answer) = post_json(server.addr, "/query", &big, &[]);
    assert_eq!(status, 413);
    assert!(
        answer["error"]
            .as_str()
            .unwrap()
            .contains("--max-body-size"),
        "{answer}"
    );

    let (status, body) = http(server.addr, "GET", "/documents/nobody", &[], b"");
    assert_eq!(error(status, body).0, 404);
    let (status, body) = http(
        server.addr,
        "GET",
        "/pairs/nobody/courrier-sud-0412",
        &[],
        b"",
    );
    let (status, message) = error(status, body);
    assert_eq!(status, 404);
    assert!(message.contains("nobody"), "{message}");
    let (status, body) = http(
        server.addr,
        "GET",
        "/pairs/courrier-sud-0412/courrier-sud-0412",
        &[],
        b"",
    );
    assert_eq!(error(status, body).0, 400);
    let (status, body) = http(server.addr, "GET", "/nowhere", &[], b"");
    assert_eq!(error(status, body).0, 404);
    let (status, body) = http(
        server.addr,
        "POST",
        "/query?format=pdf",
        &json_header,
        b"{\"text\":\"un\"}",
    );
    assert_eq!(error(status, body).0, 400);

    // Adding needs the token, an id, and an id the archive does not hold.
    let (copy, original) = a_copy();
    let (status, answer) = post_json(server.addr, "/documents", &copy, &[]);
    assert_eq!(status, 401, "{answer}");
    let auth = [("Authorization", "Bearer s3cret")];
    let (status, answer) = post_json(
        server.addr,
        "/documents",
        &json!({"text": "sans id"}),
        &auth,
    );
    assert_eq!(status, 422, "{answer}");
    let (status, answer) = post_json(server.addr, "/documents", &copy, &auth);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer, json!({"added": 1, "replaced": 0, "documents": 14}));
    let (status, answer) = post_json(server.addr, "/documents", &copy, &auth);
    assert_eq!(status, 409, "{answer}");
    assert!(answer["error"]
        .as_str()
        .unwrap()
        .contains("already in the index"));
    // With update=true the same id replaces the held version.
    let (status, answer) = post_json(server.addr, "/documents?update=true", &copy, &auth);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer, json!({"added": 1, "replaced": 1, "documents": 14}));
    let (status, answer) = post_json(server.addr, "/documents?update=maybe", &copy, &auth);
    assert_eq!(status, 400, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("update=maybe"));
    // The added copy is now in the archive, and found from its original.
    let (status, body) = http(
        server.addr,
        "GET",
        &format!("/pairs/{original}/pasted-copy"),
        &[],
        b"",
    );
    assert_eq!(status, 200);
    assert_eq!(json_of(&body)["reuse"]["kind"], "reprint");
}

#[test]
fn checks_go_on_while_an_add_runs_and_ctrl_c_stops_the_server_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = start(dir.path(), &[]);
    let addr = server.addr;
    let articles: Vec<Value> = (0..3000)
        .map(|i| json!({"id": format!("bulk-{i}"), "text": format!("Article {i} du lot : {}", "des mots de remplissage pour le volume ".repeat(20))}))
        .collect();
    let adding = std::thread::spawn(move || {
        post_json(addr, "/documents", &json!({"documents": articles}), &[])
    });
    let (copy, _) = a_copy();
    for _ in 0..5 {
        let (status, answer) = post_json(addr, "/query", &copy, &[]);
        assert_eq!(status, 200, "{answer}");
    }
    let (status, answer) = adding.join().unwrap();
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["documents"], 3013);

    let stopped = std::process::Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status}");
    let mut rest = String::new();
    server
        .child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut rest)
        .unwrap();
    assert!(rest.contains("Stopped."), "{rest:?}");
}

#[test]
#[cfg_attr(
    not(feature = "external"),
    ignore = "needs Chromium: cargo test --features reprint-cli/external"
)]
fn the_page_checks_a_pasted_article_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), &[]);
    let (copy, original) = a_copy();
    let article = json!({"text": copy["text"], "title": "Repris d'ailleurs", "source": "nouveau-site.example"});
    let encoded: String = article
        .to_string()
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    let url = format!("http://{}/#check={encoded}", server.addr);
    for width in ["1400,900", "390,844"] {
        let (dom, stderr) = common::chromium(
            &url,
            &[
                "--dump-dom",
                "--virtual-time-budget=15000",
                &format!("--window-size={width}"),
            ],
        );
        assert!(
            dom.contains(&format!("data-id=\"{original}\"")),
            "at {width}, no row for the original in: {dom}"
        );
        assert!(
            dom.contains("archived articles share text with it"),
            "{dom}"
        );
        assert!(
            dom.contains("<iframe") && dom.contains("srcdoc="),
            "no pair view: {dom}"
        );
        assert!(common::console_lines(&stderr).is_empty(), "{stderr}");
    }
}
