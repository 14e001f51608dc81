//! `phaen edit`: the real server, started as the officer starts it, spoken to over HTTP as a
//! browser speaks (its secret, its Host and Origin checks, saving in place, a conflict on
//! disk, a second editor refused), and the editor driven in a real headless Chromium
//! (Debian's `chromium` and `chromium-driver`, through the WebDriver protocol).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::*;

/// A running `phaen edit` on a copy of a dataset.
struct Editor {
    child: Child,
    port: u16,
    token: String,
    data: PathBuf,
    _dir: tempfile::TempDir,
    /// Its standard output, kept open: a closed pipe would be a write error for it.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Editor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `phaen edit --no-open` on a copy of `text`; its first line is the address.
fn start(text: &str) -> Editor {
    start_in(&[("plan.yaml", text)], "plan.yaml")
}

/// Starts `phaen edit --no-open` on `open`, one of `files` written into a new folder.
fn start_in(files: &[(&str, &str)], open: &str) -> Editor {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let data = dir.path().join(open);
    let mut child = phaen_command()
        .args(["edit", data.to_str().unwrap(), "--no-open"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut line).unwrap();
    let url = line.trim();
    let rest = url.strip_prefix("http://127.0.0.1:").unwrap_or_else(|| panic!("not an address: {url:?}"));
    let (port, token) = rest.split_once("/?token=").unwrap();
    Editor { child, port: port.parse().unwrap(), token: token.to_string(), data, _dir: dir, _stdout: stdout }
}

/// An HTTP answer: its status, headers (lower-case names) and body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request to 127.0.0.1:`port`, written by hand as a browser would send it.
fn http(port: u16, method: &str, target: &str, headers: &[(&str, &str)], body: Option<&Value>) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut request = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        request.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    if !body.is_empty() {
        request.push_str("Content-Type: application/json\r\n");
    }
    for (n, v) in headers {
        request.push_str(&format!("{n}: {v}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(&body);
    stream.write_all(request.as_bytes()).unwrap();
    let raw = read_answer(&mut stream);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("an HTTP answer");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")) {
        body = unchunk(&body);
    }
    Answer { status, headers, body }
}

/// An answer's bytes: up to its `Content-Length`, or its last chunk, or the end of the
/// connection (a server may reset it once it has answered).
fn read_answer(stream: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            if length.is_some_and(|n| raw.len() >= split + 4 + n)
                || (head.contains("chunked") && raw.ends_with(b"0\r\n\r\n"))
            {
                return raw;
            }
        }
        match stream.read(&mut buf) {
            Ok(0) => return raw,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) if !raw.is_empty() && e.kind() == std::io::ErrorKind::ConnectionReset => return raw,
            Err(e) => panic!("reading an HTTP answer: {e}"),
        }
    }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = data.windows(2).position(|w| w == b"\r\n") else { return out };
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
}

impl Editor {
    fn cookie(&self) -> String {
        format!("phaen_edit={}", self.token)
    }
    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
    fn get(&self, target: &str) -> Answer {
        http(self.port, "GET", target, &[("Cookie", &self.cookie())], None)
    }
    fn post(&self, target: &str, body: Value) -> Answer {
        http(self.port, "POST", target, &[("Cookie", &self.cookie()), ("Origin", &self.origin())], Some(&body))
    }
    /// The state once the last change is laid out.
    fn built(&self) -> Value {
        let start = Instant::now();
        loop {
            let s = self.get("/api/state").json();
            if s["built"] == s["version"] {
                return s;
            }
            assert!(start.elapsed() < Duration::from_secs(120), "no build");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Whether every line of `old` is in `new`, in the same order.
fn kept_in_order(old: &str, new: &str) -> bool {
    let mut new = new.lines();
    old.lines().all(|line| new.any(|n| n == line))
}

#[test]
fn requests_without_the_secret_from_another_host_or_page_or_for_other_files_are_refused() {
    let editor = start(&dataset_text());
    let port = editor.port;
    let before = std::fs::read(&editor.data).unwrap();
    assert_eq!(http(port, "GET", "/", &[], None).status, 403, "no secret");
    assert_eq!(http(port, "GET", "/?token=0123", &[], None).status, 403, "a wrong secret");
    let evil = [("Host", "evil.example:80")];
    assert_eq!(http(port, "GET", &format!("/?token={}", editor.token), &evil, None).status, 403, "a foreign Host");
    let first = http(port, "GET", &format!("/?token={}", editor.token), &[], None);
    assert_eq!(first.status, 200);
    let cookie = first.header("set-cookie").unwrap();
    assert!(cookie.contains(&editor.token) && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    assert_eq!(editor.get("/api/state").status, 200, "the cookie is the secret");
    for path in
        ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/fonts/../../Cargo.toml", "/plan.yaml", "/api/page/999"]
    {
        assert_eq!(editor.get(path).status, 404, "{path}");
    }
    let edit = json!({ "ops": [{ "op": "set", "path": "rows[0].name", "value": "ถูกแก้" }] });
    let no_origin = http(port, "POST", "/api/edit", &[("Cookie", &editor.cookie())], Some(&edit));
    assert_eq!(no_origin.status, 403, "a write without Origin");
    let other = [("Cookie", editor.cookie()), ("Origin", "http://evil.example".to_string())];
    let other: Vec<(&str, &str)> = other.iter().map(|(n, v)| (*n, v.as_str())).collect();
    assert_eq!(http(port, "POST", "/api/edit", &other, Some(&edit)).status, 403, "a write from another page");
    assert_eq!(http(port, "POST", "/api/save", &other, Some(&json!({}))).status, 403, "a save from another page");
    assert_eq!(editor.get("/api/state").json()["version"], 1, "nothing changed");
    assert_eq!(std::fs::read(&editor.data).unwrap(), before, "the file is as it was");
}

#[test]
fn edits_are_saved_in_place_and_a_change_on_disk_is_never_overwritten_silently() {
    let original = dataset_text();
    let editor = start(&original);
    let before = editor.built();
    let pages_before: Vec<Value> = before["pages"].as_array().unwrap().clone();
    assert!(pages_before.len() > 100, "the plan's pages are laid out");
    let name = before["data"]["rows"][0]["name"].as_str().unwrap().to_string();
    let ops = json!({ "ops": [{ "op": "set", "path": "rows[0].name", "value": format!("{name} (แก้ไข #2 ชั้น ๓)") }] });
    assert_eq!(editor.post("/api/edit", ops).status, 200);
    let after = editor.built();
    assert!(after["dirty"].as_bool().unwrap());
    let changed: Vec<usize> = (0..pages_before.len()).filter(|&i| pages_before[i] != after["pages"][i]).collect();
    assert!(!changed.is_empty() && changed.len() < 5, "only the pages showing the name change: {changed:?}");
    let svg = editor.get(&format!("/api/page/{}", changed[0] + 1));
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    assert!(svg.body.starts_with(b"<svg"));

    assert_eq!(editor.post("/api/save", json!({})).status, 200);
    let saved = std::fs::read_to_string(&editor.data).unwrap();
    // The row's name, and its sheet's link to it (`project:`), renamed with it.
    let changed: Vec<(&str, &str)> = original.lines().zip(saved.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(original.lines().count(), saved.lines().count());
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(changed[0].1.trim_start().starts_with("- name:") && changed[0].1.contains("(แก้ไข #2 ชั้น ๓)"), "{changed:?}");
    assert!(changed[1].1.contains("project:") && changed[1].1.contains("(แก้ไข #2 ชั้น ๓)"), "{changed:?}");
    let plan: Value = serde_saphyr::from_str(&saved).unwrap();
    assert_eq!(plan["rows"][0]["name"].as_str().unwrap(), format!("{name} (แก้ไข #2 ชั้น ๓)"), "the # is kept");
    let copy = PathBuf::from(format!("{}.orig", editor.data.display()));
    assert_eq!(std::fs::read_to_string(copy).unwrap(), original, "the original is kept beside it");

    // A row and a paragraph added: the diff is exactly those lines.
    let ops = json!({ "ops": [
        { "op": "insert", "path": "rows", "index": 1, "value": { "name": "โครงการใหม่", "dimension": 1, "budget": "45,000", "quarters": [2, 3] } },
        { "op": "insert", "path": "sheets[0].rationale", "index": 1, "value": "ย่อหน้าใหม่ของหลักการ" },
    ] });
    assert_eq!(editor.post("/api/edit", ops).status, 200);
    assert_eq!(editor.post("/api/save", json!({})).status, 200);
    let again = std::fs::read_to_string(&editor.data).unwrap();
    // Every line as it was, in order, and five new ones: the row's four and the paragraph.
    assert!(kept_in_order(&saved, &again), "lines of the file changed");
    assert_eq!(again.lines().count(), saved.lines().count() + 5);
    let plan: Value = serde_saphyr::from_str(&again).unwrap();
    assert_eq!(plan["rows"][1]["name"], "โครงการใหม่");
    assert_eq!(plan["rows"][1]["budget"], "45000.00", "the budget typed 45,000");
    assert_eq!(plan["sheets"][0]["rationale"][1], "ย่อหน้าใหม่ของหลักการ");
    let built = editor.built();
    let errors: Vec<&Value> =
        built["diagnostics"].as_array().unwrap().iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:?}");

    // Undo brings the text back, redo takes it forward again.
    let version = built["version"].as_u64().unwrap();
    assert_eq!(editor.post("/api/undo", json!({})).json()["version"], version + 1);
    assert_eq!(editor.built()["data"]["rows"][1]["name"], plan["rows"][2]["name"]);
    editor.post("/api/redo", json!({}));
    assert_eq!(editor.built()["data"]["rows"][1]["name"], "โครงการใหม่");

    // Changed on disk meanwhile: a save is refused and the file stays as the other wrote it.
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&editor.data, format!("{again}# written by another program\n")).unwrap();
    editor.post("/api/edit", json!({ "ops": [{ "op": "set", "path": "rows[1].remark", "value": "ใหม่" }] }));
    let refused = editor.post("/api/save", json!({}));
    assert_eq!(refused.status, 409);
    assert!(String::from_utf8_lossy(&refused.body).contains("changed on disk"));
    assert!(std::fs::read_to_string(&editor.data).unwrap().ends_with("# written by another program\n"));
    assert_eq!(editor.post("/api/save", json!({ "force": true })).status, 200, "kept by the officer's choice");

    // A second editor of the same file is refused.
    let second = phaen(&["edit", editor.data.to_str().unwrap(), "--no-open"]);
    assert!(!second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr).contains("another phaen edit"));
}

/// A progress file is edited as a plan is: its status chosen, its report laid out, the
/// one line saved.
#[test]
fn a_progress_file_is_edited_and_its_report_shown() {
    let progress = std::fs::read_to_string(root().join("data/samutsongkhram-2567-progress-6m.yaml")).unwrap();
    let plan = dataset_text();
    let editor = start_in(&[("samutsongkhram-2567.yaml", &plan), ("progress.yaml", &progress)], "progress.yaml");
    let before = editor.built();
    assert!(!before["pages"].as_array().unwrap().is_empty(), "the report's pages");
    assert_eq!(before["statuses"][2], "ดำเนินการแล้วเสร็จ");
    assert_eq!(before["data"]["projects"][0]["status"], "อยู่ระหว่างดำเนินการ");
    let ops = json!({ "ops": [{ "op": "set", "path": "projects[0].status", "value": "ดำเนินการแล้วเสร็จ" }] });
    assert_eq!(editor.post("/api/edit", ops).status, 200);
    let after = editor.built();
    assert_ne!(before["pages"], after["pages"], "the report laid out anew");
    assert_eq!(editor.post("/api/save", json!({})).status, 200);
    let saved = std::fs::read_to_string(&editor.data).unwrap();
    let changed: Vec<(&str, &str)> = progress.lines().zip(saved.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed, [("    status: อยู่ระหว่างดำเนินการ", "    status: ดำเนินการแล้วเสร็จ")]);
}

/// The `phaen build` of a saved file writes what the editor's PDF button writes.
#[test]
fn the_pdf_button_writes_what_phaen_build_writes() {
    let editor = start(&dataset_text());
    editor.post("/api/edit", json!({ "ops": [{ "op": "set", "path": "rows[0].remark", "value": "หมายเหตุจากหน้าจอ" }] }));
    let made = editor.post("/api/pdf", json!({}));
    assert_eq!(made.status, 200, "{}", String::from_utf8_lossy(&made.body));
    editor.post("/api/save", json!({}));
    let written = PathBuf::from(made.json()["path"].as_str().unwrap());
    assert_eq!(written, editor.data.with_file_name("output").join("plan.pdf"), "beside the dataset");
    let from_editor = std::fs::read(written).unwrap();
    let out = editor.data.with_file_name("built.pdf");
    phaen_ok(&["build", editor.data.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(from_editor == std::fs::read(&out).unwrap(), "the same bytes");
}

/// A WebDriver session of Debian's headless Chromium.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.call("DELETE", "", None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    fn start() -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = std::process::Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("chromedriver is needed (apt-get install chromium chromium-driver): {e}"));
        let profile = tempfile::tempdir().unwrap().keep();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1400,1000",
            &format!("--user-data-dir={}", profile.display()),
        ];
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args },
        } } });
        let start = Instant::now();
        let session = loop {
            if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
                drop(stream.flush());
                let answer = http(port, "POST", "/session", &[], Some(&caps));
                let id = answer.json()["value"]["sessionId"].as_str().map(str::to_string);
                break id.unwrap_or_else(|| panic!("no session: {}", String::from_utf8_lossy(&answer.body)));
            }
            assert!(start.elapsed() < Duration::from_secs(30), "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        };
        Browser { driver, port, session }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let answer = http(self.port, method, &format!("/session/{}{path}", self.session), &[], body.as_ref());
        let value = answer.json()["value"].clone();
        assert!(value.get("error").is_none() || method == "DELETE", "{method} {path}: {value}");
        value
    }

    fn run(&self, script: &str) -> Value {
        self.call("POST", "/execute/sync", Some(json!({ "script": script, "args": [] })))
    }

    /// Waits until `script` returns true.
    fn wait(&self, what: &str, script: &str) {
        let start = Instant::now();
        while self.run(script) != json!(true) {
            assert!(start.elapsed() < Duration::from_secs(120), "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn find(&self, css: &str) -> String {
        let found = self.call("POST", "/element", Some(json!({ "using": "css selector", "value": css })));
        found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no {css}: {found}"))
            .to_string()
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.call("POST", &format!("/element/{id}/clear"), Some(json!({})));
        self.call("POST", &format!("/element/{id}/value"), Some(json!({ "text": text })));
    }

    /// Presses Ctrl+S in the page.
    fn save(&self) {
        let keys = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": [
            { "type": "keyDown", "value": "\u{E009}" }, { "type": "keyDown", "value": "s" },
            { "type": "keyUp", "value": "s" }, { "type": "keyUp", "value": "\u{E009}" },
        ] }] });
        self.call("POST", "/actions", Some(keys));
    }

    fn screenshot(&self, to: &Path) {
        let png = self.call("GET", "/screenshot", None);
        let bytes = decode_base64(png.as_str().unwrap());
        std::fs::write(to, bytes).unwrap();
    }
}

/// Standard base64, as WebDriver sends a screenshot.
fn decode_base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|c| *c != b'=') {
        let Some(v) = ALPHABET.iter().position(|a| *a == c) else { continue };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn the_officer_edits_in_chromium_and_saves_exactly_the_changes() {
    let original = dataset_text();
    let editor = start(&original);
    let browser = Browser::start();
    browser.call(
        "POST",
        "/url",
        Some(json!({ "url": format!("http://127.0.0.1:{}/?token={}", editor.port, editor.token) })),
    );
    // The rows and sheets in forms, and the pages beside them.
    browser.wait("the forms", r#"return !!document.querySelector('[data-path="rows[0].name"]')"#);
    browser.wait(
        "the pages",
        "return document.querySelectorAll('#pages img').length > 100 && document.body.dataset.built !== ''",
    );
    let rows = browser.run(r#"return document.querySelectorAll('[data-path^="rows["][data-path$="].name"]').length"#);
    assert_eq!(rows, json!(67));
    let sheets = browser.run("return document.querySelectorAll('[data-sheet]').length");
    assert_eq!(sheets, json!(46));
    let table_page = browser
        .run("return document.querySelector(`#pages img[data-page=\"${state.starts[0]}\"]`).getAttribute('src')");

    // Row 1's name changed, then Ctrl+S.
    browser.type_into(r#"textarea[data-path="rows[0].name"]"#, "โครงการปลูกจิตสำนึกที่แก้ในเบราว์เซอร์");
    browser.wait(
        "the edit sent and laid out",
        "return document.body.dataset.built !== '' && document.querySelector('#save').classList.contains('dirty')",
    );
    browser.save();
    browser.wait("the save", "return !document.querySelector('#save').classList.contains('dirty')");
    let saved = std::fs::read_to_string(&editor.data).unwrap();
    // Exactly the row's name line, and its sheet's link to it, renamed with it.
    let changed: Vec<(&str, &str)> = original.lines().zip(saved.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(original.lines().count(), saved.lines().count());
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(changed.iter().all(|(_, b)| b.contains("โครงการปลูกจิตสำนึกที่แก้ในเบราว์เซอร์")), "{changed:?}");
    // The page shows the new name: the table's first page was drawn anew, and phaen build
    // of the saved file prints it.
    browser.wait("the table page redrawn", &format!(
        "return document.querySelector(`#pages img[data-page=\"${{state.starts[0]}}\"]`).getAttribute('src') !== {table_page}"
    ));
    let pdf = editor.data.with_file_name("saved.pdf");
    phaen_ok(&["build", editor.data.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(squeeze(&pdftotext(&pdf, true)).contains("โครงการปลูกจิตสำนึกที่แก้ในเบราว์เซอร์"));

    // A row and a sheet paragraph added with the buttons, typed into, saved.
    browser.run("document.querySelector('details[data-path=\"rows\"] > .add button').click()");
    browser.wait("the new row", r#"return !!document.querySelector('[data-path="rows[67].name"]')"#);
    browser.type_into(r#"textarea[data-path="rows[67].name"]"#, "แถวใหม่จากเบราว์เซอร์");
    browser.run("document.querySelector('[data-sheet=\"0\"]').open = true");
    browser.run("document.querySelector('fieldset[data-path=\"sheets[0].rationale\"] > div > .add > button').click()");
    let last = original_paragraphs(&original);
    browser.wait(
        "the new paragraph",
        &format!(r#"return !!document.querySelector('[data-path="sheets[0].rationale[{last}]"]')"#),
    );
    browser.type_into(&format!(r#"textarea[data-path="sheets[0].rationale[{last}]"]"#), "ย่อหน้าใหม่จากเบราว์เซอร์");
    browser.wait("laid out", "return document.body.dataset.built !== ''");
    std::thread::sleep(Duration::from_millis(400));
    browser.save();
    browser.wait("the second save", "return !document.querySelector('#save').classList.contains('dirty')");
    let again = std::fs::read_to_string(&editor.data).unwrap();
    let plan: Value = serde_saphyr::from_str(&again).unwrap();
    assert_eq!(plan["rows"][67]["name"], "แถวใหม่จากเบราว์เซอร์");
    assert_eq!(plan["sheets"][0]["rationale"][last], "ย่อหน้าใหม่จากเบราว์เซอร์");
    assert!(kept_in_order(&saved, &again), "only lines added");
    browser.run("document.querySelector('#pages').scrollTo(0, 0); document.querySelector('#forms').scrollTo(0, 0)");
    if let Some(to) = std::env::var_os("PHAEN_EDITOR_SCREENSHOT") {
        browser.screenshot(Path::new(&to));
    }
}

/// How many paragraphs sheet ๑'s rationale has in the dataset.
fn original_paragraphs(text: &str) -> usize {
    let plan: Value = serde_saphyr::from_str(text).unwrap();
    plan["sheets"][0]["rationale"].as_array().unwrap().len()
}
