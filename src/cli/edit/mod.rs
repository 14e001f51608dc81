//! `phaen edit`: the planning officer's editor, a web page served by phaen itself on the
//! loopback address, with forms for the dataset and its typeset pages beside them.
//!
//! The server holds the dataset's text. Each change the forms make is an edit at the
//! spans of the nodes it touches ([`phaen::yaml::edit`]), so a save writes the file with
//! everything else as it was: comments, key order, quoting. A builder thread lays the new
//! text out with an incremental [`Session`] (typst's memos, the last source) and draws as
//! SVG only the pages whose content changed; the page asks for those by their fingerprint.
//!
//! Security: it listens on 127.0.0.1 only; every request carries the secret printed at
//! start (in the address, then as a cookie); a `Host` other than the loopback name and
//! port is refused (DNS rebinding), and a write without a matching `Origin`; nothing is
//! served from the disk, and only the dataset (and its first copy) is ever written. A
//! second `phaen edit` of the same file is refused while the first runs (a lock the
//! operating system lets go when the process ends).
//!
//! axum (over tokio and hyper) serves it: the Rust ecosystem's well-kept HTTP stack, used
//! with only HTTP/1, JSON and queries. The builds run on a thread of their own, so typing
//! never waits for one.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::{Path as UrlPath, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use phaen::diag::{Diagnostic, Severity};
use phaen::export::PdfSettings;
use phaen::template::Templates;
use phaen::yaml::edit;
use phaen::{Error, Session};
use serde::Deserialize;
use serde_json::{Value, json};

use super::output::{default_output, use_cache, write};

/// The editor's page and what it loads, built into the binary.
const PAGE: &str = include_str!("page.html");
const SCRIPT: &str = include_str!("editor.js");
const STYLE: &str = include_str!("editor.css");
const FONT_REGULAR: &[u8] = include_bytes!("../../../fonts/Sarabun-Regular.ttf");
const FONT_BOLD: &[u8] = include_bytes!("../../../fonts/Sarabun-Bold.ttf");

/// How many changes undo can go back through. Each is kept as the span it changed, not as
/// a whole text (a 2567 plan's text is 440 KB: 100 whole texts were 44 MB).
const MAX_UNDO: usize = 1000;

/// The name of the cookie that carries the secret.
const COOKIE: &str = "phaen_edit";

/// What the editor holds.
struct Doc {
    /// The dataset's file.
    path: PathBuf,
    /// The text being edited.
    text: String,
    /// Its version: one more at every change.
    version: u64,
    /// The changes made, and those undone.
    undo: Vec<Change>,
    redo: Vec<Change>,
    /// The text as it is on disk (as read or last saved): a file whose content differs
    /// changed on disk meanwhile.
    saved: String,
    /// Whether a copy of the original was kept beside the file (before the first save).
    backed_up: bool,
    /// The last build: the version it built, its diagnostics, its pages' fingerprints and
    /// drawings, and the first page of the table and of each sheet.
    built: u64,
    diagnostics: Vec<Diagnostic>,
    pages: Vec<(u128, Arc<String>)>,
    starts: Vec<usize>,
    /// A build's failure that is not the data's (a template, typst).
    failure: Option<String>,
}

/// One change of the text: at byte `at`, `old` was replaced by `new`.
struct Change {
    at: usize,
    old: String,
    new: String,
}

impl Change {
    /// The change from `before` to `after`: the span between their common start and end.
    fn between(before: &str, after: &str) -> Change {
        let prefix = before.bytes().zip(after.bytes()).take_while(|(a, b)| a == b).count();
        let max_suffix = before.len().min(after.len()) - prefix;
        let suffix = before.bytes().rev().zip(after.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
        // On character boundaries, both texts being UTF-8.
        let mut at = prefix;
        while !before.is_char_boundary(at) || !after.is_char_boundary(at) {
            at -= 1;
        }
        let (mut end_old, mut end_new) = (before.len() - suffix, after.len() - suffix);
        while !before.is_char_boundary(end_old) || !after.is_char_boundary(end_new) {
            end_old += 1;
            end_new += 1;
        }
        Change { at, old: before[at..end_old].to_string(), new: after[at..end_new].to_string() }
    }

    /// Undoes the change in `text`, which it then describes the other way round.
    fn revert(self, text: &mut String) -> Change {
        text.replace_range(self.at..self.at + self.new.len(), &self.old);
        Change { at: self.at, old: self.new, new: self.old }
    }
}

/// Keeps `change` in `undo`, forgetting the oldest beyond [`MAX_UNDO`].
fn remember(undo: &mut Vec<Change>, change: Change) {
    undo.push(change);
    if undo.len() > MAX_UNDO {
        undo.remove(0);
    }
}

/// The server's state: the document behind a lock, a bell for the builder, and the
/// secret and the addresses requests must carry.
struct Shared {
    doc: Mutex<Doc>,
    bell: Condvar,
    secret: String,
    hosts: [String; 2],
    origins: [String; 2],
}

type App = Arc<Shared>;

/// 32 hexadecimal digits from the operating system's random source.
fn secret() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system gives random bytes");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Opens `url` in the default browser; a failure is only printed (the address is too).
fn open_browser(url: &str) {
    // A plain command rather than a crate: one line per platform, and nothing to keep up.
    let spawned = if cfg!(target_os = "windows") {
        std::process::Command::new("rundll32").args(["url.dll,FileProtocolHandler", url]).spawn()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = spawned {
        let _ = writeln!(
            std::io::stderr(),
            "เปิดเบราว์เซอร์ไม่ได้ เปิดที่อยู่ด้านบนเอง / cannot open a browser ({e}): open the address above"
        );
    }
}

/// Runs the editor on `data` until the process is stopped.
pub(crate) fn edit(data: PathBuf, port: u16, no_open: bool, cache: &super::args::CacheArgs) -> Result<ExitCode, Error> {
    use_cache(cache);
    let read = |path: &Path| std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.into(), source });
    let text = read(&data)?;
    // One editor per file: a lock beside it, let go by the system when this process ends.
    let lock_path = data.with_file_name(format!(
        ".{}.phaen-edit-lock",
        data.file_name().map_or_else(|| "plan".into(), |n| n.to_string_lossy().into_owned())
    ));
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|source| Error::Write { path: lock_path.clone(), source })?;
    if lock.try_lock().is_err() {
        return Err(Error::AlreadyEditing(data));
    }
    let listener = std::net::TcpListener::bind(("127.0.0.1", port))
        .map_err(|source| Error::Write { path: format!("127.0.0.1:{port}").into(), source })?;
    let port = listener.local_addr().map_err(|source| Error::Write { path: "127.0.0.1".into(), source })?.port();
    listener.set_nonblocking(true).map_err(|source| Error::Write { path: "127.0.0.1".into(), source })?;
    let secret = secret();
    let app: App = Arc::new(Shared {
        doc: Mutex::new(Doc {
            path: data.clone(),
            saved: text.clone(),
            text,
            version: 1,
            undo: Vec::new(),
            redo: Vec::new(),
            backed_up: false,
            built: 0,
            diagnostics: Vec::new(),
            pages: Vec::new(),
            starts: Vec::new(),
            failure: None,
        }),
        bell: Condvar::new(),
        hosts: [format!("127.0.0.1:{port}"), format!("localhost:{port}")],
        origins: [format!("http://127.0.0.1:{port}"), format!("http://localhost:{port}")],
        secret,
    });
    let url = format!("http://127.0.0.1:{port}/?token={}", app.secret);
    // The address first, alone on its line; nothing after it may stop the server, not even
    // a closed standard output (`phaen edit | head -1`).
    println!("{url}");
    let _ = writeln!(
        std::io::stdout(),
        "แก้ไข {} ในเบราว์เซอร์ (Ctrl-C เพื่อหยุด) / editing {} in the browser (Ctrl-C to stop)",
        data.display(),
        data.display()
    );
    {
        let app = app.clone();
        std::thread::spawn(move || builder(&app));
    }
    if !no_open {
        open_browser(&url);
    }
    let router = Router::new()
        .route("/", get(page))
        .route("/editor.js", get(|| async { asset("text/javascript; charset=utf-8", SCRIPT.as_bytes()) }))
        .route("/editor.css", get(|| async { asset("text/css; charset=utf-8", STYLE.as_bytes()) }))
        .route("/fonts/Sarabun-Regular.ttf", get(|| async { asset("font/ttf", FONT_REGULAR) }))
        .route("/fonts/Sarabun-Bold.ttf", get(|| async { asset("font/ttf", FONT_BOLD) }))
        .route("/api/state", get(state))
        .route("/api/page/{n}", get(page_svg))
        .route("/api/edit", post(apply))
        .route("/api/undo", post(|s: State<App>| async move { history(&s, true) }))
        .route("/api/redo", post(|s: State<App>| async move { history(&s, false) }))
        .route("/api/save", post(save))
        .route("/api/reload", post(reload))
        .route("/api/pdf", post(pdf))
        .fallback(|| async { (StatusCode::NOT_FOUND, "not found") })
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .map_err(|source| Error::Write { path: "127.0.0.1".into(), source })?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|source| Error::Write { path: "127.0.0.1".into(), source })?;
        axum::serve(listener, router).await.map_err(|source| Error::Write { path: "127.0.0.1".into(), source })
    })?;
    drop(lock);
    Ok(ExitCode::SUCCESS)
}

/// Refuses a request whose `Host` is not this server's, that carries neither the secret
/// nor its cookie, or that writes without this server's `Origin`.
async fn guard(State(app): State<App>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if !app.hosts.iter().any(|h| h == host) {
        return (StatusCode::FORBIDDEN, "forbidden: unknown host").into_response();
    }
    let query_secret =
        request.uri().query().and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("token=")).map(str::to_string));
    let by_query = query_secret.as_deref() == Some(app.secret.as_str());
    let by_cookie = cookie(headers).as_deref() == Some(app.secret.as_str());
    if !by_query && !by_cookie {
        return (StatusCode::FORBIDDEN, "forbidden: open the address phaen edit printed").into_response();
    }
    if request.method() != Method::GET {
        let origin = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok()).unwrap_or("");
        if !app.origins.iter().any(|o| o == origin) {
            return (StatusCode::FORBIDDEN, "forbidden: a write from another page").into_response();
        }
    }
    let mut response = next.run(request).await;
    if by_query {
        let value = format!("{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict", app.secret);
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(header::SET_COOKIE, v);
        }
    }
    response
}

/// The secret's cookie, if the request has it.
fn cookie(headers: &HeaderMap) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|all| {
        all.split(';').find_map(|c| c.trim().strip_prefix(COOKIE)?.strip_prefix('=').map(str::to_string))
    })
}

fn asset(kind: &'static str, bytes: &'static [u8]) -> Response {
    ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "no-cache")], bytes).into_response()
}

async fn page() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], PAGE).into_response()
}

/// The pages of `layout` by fingerprint, as SVG: those `old` has, taken from it; the
/// others drawn.
pub(super) fn redraw(layout: &typst_layout::PagedDocument, old: &[(u128, Arc<String>)]) -> Vec<(u128, Arc<String>)> {
    phaen::export::page_hashes(layout)
        .iter()
        .enumerate()
        .map(|(i, &h)| match old.iter().find(|(o, _)| *o == h) {
            Some((_, svg)) => (h, svg.clone()),
            None => (h, Arc::new(phaen::export::page_svg(layout, i).unwrap_or_default())),
        })
        .collect()
}

/// Builds whatever version has not been built yet, forever.
fn builder(app: &Shared) {
    let mut session = Session::incremental(Templates::embedded(), PdfSettings::default());
    loop {
        let (path, text, version) = {
            let mut doc = app.doc.lock().unwrap_or_else(|e| e.into_inner());
            while doc.built == doc.version {
                doc = app.bell.wait(doc).unwrap_or_else(|e| e.into_inner());
            }
            (doc.path.clone(), doc.text.clone(), doc.version)
        };
        let result = session.lay_out_text(&path, text);
        // Draw the pages that changed outside the lock, then publish.
        let old: Vec<(u128, Arc<String>)> = app.doc.lock().unwrap_or_else(|e| e.into_inner()).pages.clone();
        let mut doc_update = match result {
            Ok(laid) => {
                let (document, layout) = laid.value;
                let pages = redraw(&layout, &old);
                let starts = match &document {
                    phaen::Document::Plan(_) => {
                        phaen::plan::split::parts(&layout, document.plan()).iter().map(|p| *p.pages.start()).collect()
                    }
                    phaen::Document::Report(_) => Vec::new(),
                };
                let update = (laid.warnings, Some((pages, starts)), None);
                drop((document, layout));
                update
            }
            Err(Error::Data(diags)) => (diags, None, None),
            Err(e) => (Vec::new(), None, Some(e.to_string())),
        };
        let mut doc = app.doc.lock().unwrap_or_else(|e| e.into_inner());
        doc.built = version;
        doc.diagnostics = std::mem::take(&mut doc_update.0);
        if let Some((pages, starts)) = doc_update.1.take() {
            doc.pages = pages;
            doc.starts = starts;
        }
        doc.failure = doc_update.2.take();
        drop(doc);
        Session::forget_unused();
    }
}

#[derive(Deserialize)]
struct Since {
    since: Option<u64>,
}

/// What the page shows: the data as JSON, the diagnostics, the pages' fingerprints, and
/// whether there are unsaved changes.
async fn state(State(app): State<App>, Query(q): Query<Since>) -> Response {
    let doc = app.doc.lock().unwrap_or_else(|e| e.into_inner());
    let data: Option<Value> = if q.since == Some(doc.version) { None } else { serde_saphyr::from_str(&doc.text).ok() };
    let diagnostics: Vec<Value> = doc
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "severity": if d.severity == Severity::Error { "error" } else { "warning" },
                "line": d.line, "column": d.column, "path": d.path, "message": d.message,
            })
        })
        .collect();
    let file = doc.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let body = json!({
        "file": file,
        "version": doc.version,
        "built": doc.built,
        "data": data,
        "diagnostics": diagnostics,
        "failure": doc.failure,
        "pages": doc.pages.iter().map(|(h, _)| format!("{h:032x}")).collect::<Vec<_>>(),
        "starts": doc.starts,
        "dirty": doc.text != doc.saved,
        "undo": !doc.undo.is_empty(),
        // The lists a progress file's fields choose from, as the reporting system has them.
        "statuses": phaen::report::STATUSES,
        "reasons": phaen::report::REASONS,
        "redo": !doc.redo.is_empty(),
    });
    axum::Json(body).into_response()
}

/// Page `n` (1-based) as SVG; cached by the browser, as its address names its fingerprint.
async fn page_svg(State(app): State<App>, UrlPath(n): UrlPath<String>) -> Response {
    let n: usize = n.trim_end_matches(".svg").parse().unwrap_or(0);
    let svg = {
        let doc = app.doc.lock().unwrap_or_else(|e| e.into_inner());
        n.checked_sub(1).and_then(|i| doc.pages.get(i)).map(|(_, s)| s.clone())
    };
    match svg {
        Some(svg) => (
            [(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "private, max-age=31536000, immutable")],
            Body::from(svg.as_bytes().to_vec()),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such page").into_response(),
    }
}

/// One change the forms make.
#[derive(Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
enum Op {
    /// A value set (added to its mapping when it is not there).
    Set { path: String, value: Value },
    /// An entry of a list or a mapping removed.
    Remove { path: String },
    /// An item put into a list at `index`.
    Insert { path: String, index: usize, value: Value },
    /// An item of a list moved.
    Move { path: String, from: usize, to: usize },
}

#[derive(Deserialize)]
struct Edits {
    ops: Vec<Op>,
}

fn refuse(status: StatusCode, message: String) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}

/// Applies the forms' changes to the text, all or none, and wakes the builder.
async fn apply(State(app): State<App>, axum::Json(edits): axum::Json<Edits>) -> Response {
    let mut doc = app.doc.lock().unwrap_or_else(|e| e.into_inner());
    let mut text = doc.text.clone();
    let ops = follow_renames(&text, edits.ops);
    for op in &ops {
        // An edit is a pure function of the text; should one ever panic, the edit is refused
        // and the server, with the officer's unsaved work, stays up.
        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match op {
            Op::Set { path, value } => edit::set(&text, path, &budget_typed(path, value)),
            Op::Remove { path } => edit::remove(&text, path),
            Op::Insert { path, index, value } => {
                edit::insert(&text, path, *index, &budget_typed(&format!("{path}[{index}]"), value))
            }
            Op::Move { path, from, to } => edit::move_item(&text, path, *from, *to),
        }));
        match done {
            Ok(Ok(t)) => text = t,
            Ok(Err(e)) => return refuse(StatusCode::BAD_REQUEST, e.to_string()),
            Err(_) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, "แก้ไม่ได้ / the edit failed".into()),
        }
    }
    if text != doc.text {
        let change = Change::between(&doc.text, &text);
        doc.text = text;
        remember(&mut doc.undo, change);
        doc.redo.clear();
        doc.version += 1;
        app.bell.notify_all();
    }
    axum::Json(json!({ "version": doc.version })).into_response()
}

/// The edits with, after each rename of a row, the same rename of the `project:` of the
/// sheets that named the row by its old name: renaming a project keeps its sheet.
fn follow_renames(text: &str, ops: Vec<Op>) -> Vec<Op> {
    let renames = |op: &Op| matches!(op, Op::Set { path, .. } if path.starts_with("rows[") && path.ends_with("].name"));
    // Reading the whole dataset costs more than a keystroke's edit: only for a rename.
    if !ops.iter().any(renames) {
        return ops;
    }
    let Ok(data) = serde_saphyr::from_str::<Value>(text) else { return ops };
    let sheets = data["sheets"].as_array().cloned().unwrap_or_default();
    let mut out = Vec::with_capacity(ops.len());
    for op in ops {
        let renamed = match &op {
            Op::Set { path, value: Value::String(new) } => path
                .strip_prefix("rows[")
                .and_then(|p| p.strip_suffix("].name"))
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| data["rows"][i]["name"].as_str())
                .map(|old| (old.to_string(), new.clone())),
            _ => None,
        };
        out.push(op);
        if let Some((old, new)) = renamed {
            for (k, sheet) in sheets.iter().enumerate() {
                if sheet["project"].as_str() == Some(old.as_str()) {
                    out.push(Op::Set { path: format!("sheets[{k}].project"), value: Value::String(new.clone()) });
                }
            }
        }
    }
    out
}

/// A budget as the officer typed it (`45,000`, `๔๕,๐๐๐.๐๐`) in the dataset's form, a
/// quoted amount with two decimals (`"45000.00"`); any other value as it is.
fn budget_typed(path: &str, value: &Value) -> Value {
    // A row added whole has its budget inside.
    match value {
        Value::Object(map) => {
            return Value::Object(
                map.iter().map(|(k, v)| (k.clone(), budget_typed(&format!("{path}.{k}"), v))).collect(),
            );
        }
        Value::Array(items) => {
            return Value::Array(
                items.iter().enumerate().map(|(i, v)| budget_typed(&format!("{path}[{i}]"), v)).collect(),
            );
        }
        _ => {}
    }
    let Some(typed) = value.as_str().filter(|_| path.ends_with(".budget")) else { return value.clone() };
    // Read as the dataset reads it; what is not an amount is kept, for `check` to name.
    match phaen::checks::money::parse_amount(typed) {
        Some(amount) if amount.scale() <= 2 => Value::String(amount.to_string()),
        _ => value.clone(),
    }
}

/// Undo (`back`) or redo.
fn history(app: &Shared, back: bool) -> Response {
    let mut guard = app.doc.lock().unwrap_or_else(|e| e.into_inner());
    let doc = &mut *guard;
    let popped = if back { doc.undo.pop() } else { doc.redo.pop() };
    if let Some(change) = popped {
        let reverse = change.revert(&mut doc.text);
        if back {
            doc.redo.push(reverse);
        } else {
            remember(&mut doc.undo, reverse);
        }
        doc.version += 1;
        app.bell.notify_all();
    }
    axum::Json(json!({ "version": doc.version })).into_response()
}

#[derive(Deserialize, Default)]
struct SaveOptions {
    #[serde(default)]
    force: bool,
}

/// Writes the text to the dataset's file, atomically. Refused (409) when the file changed
/// on disk since it was read or saved, unless `force`; before the first save, the file as
/// it was is kept beside it (`plan.yaml` → `plan.yaml.orig`, when no such file exists).
async fn save(State(app): State<App>, body: Option<axum::Json<SaveOptions>>) -> Response {
    let force = body.is_some_and(|b| b.force);
    let mut doc = app.doc.lock().unwrap_or_else(|e| e.into_inner());
    let on_disk = std::fs::read_to_string(&doc.path).ok();
    if !force && on_disk.as_deref() != Some(doc.saved.as_str()) {
        return refuse(
            StatusCode::CONFLICT,
            "ไฟล์ถูกแก้ไขจากที่อื่นหลังจากเปิด / the file changed on disk since it was opened".into(),
        );
    }
    if !doc.backed_up {
        let copy = PathBuf::from(format!("{}.orig", doc.path.display()));
        if !copy.exists()
            && let Some(original) = &on_disk
            && let Err(e) = write(&copy, original.as_bytes())
        {
            return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
        }
        doc.backed_up = true;
    }
    if let Err(e) = write(&doc.path, doc.text.as_bytes()) {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    }
    doc.saved = doc.text.clone();
    axum::Json(json!({ "version": doc.version, "saved": true })).into_response()
}

/// Reads the file again, dropping the changes not saved (they stay in undo).
async fn reload(State(app): State<App>) -> Response {
    let mut doc = app.doc.lock().unwrap_or_else(|e| e.into_inner());
    let text = match std::fs::read_to_string(&doc.path) {
        Ok(t) => t,
        Err(e) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let change = Change::between(&doc.text, &text);
    doc.text = text.clone();
    remember(&mut doc.undo, change);
    doc.redo.clear();
    doc.saved = text;
    doc.version += 1;
    app.bell.notify_all();
    axum::Json(json!({ "version": doc.version })).into_response()
}

/// Writes the PDF of the text being edited, the bytes `phaen build` writes of it.
async fn pdf(State(app): State<App>) -> Response {
    let (path, text) = {
        let doc = app.doc.lock().unwrap_or_else(|e| e.into_inner());
        (doc.path.clone(), doc.text.clone())
    };
    // Where `phaen build` writes it: beside the dataset (`<folder>/output/<name>.pdf`).
    let out = default_output(&path, "pdf");
    let built = tokio::task::spawn_blocking(move || {
        let mut session = Session::new(Templates::embedded(), PdfSettings::default());
        let built = session.build_text(&path, text)?;
        write(&out, &built.value.pdf)?;
        Ok::<_, Error>((out, built.value.pages))
    })
    .await;
    match built {
        Ok(Ok((out, pages))) => {
            axum::Json(json!({ "path": out.display().to_string(), "pages": pages })).into_response()
        }
        Ok(Err(e)) => refuse(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
        Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::Change;

    #[test]
    fn a_change_undoes_and_redoes_to_the_same_texts() {
        for (before, after) in [
            ("name: เทศบาล\n", "name: เทศบาลเมือง\n"),
            ("a: กข\nb: 1\n", "a: กค\nb: 1\n"),
            ("x: ก่\n", "x: ก้\n"),
            ("", "plan: {}\n"),
            ("same", "same"),
            ("ab", "b"),
        ] {
            let change = Change::between(before, after);
            let mut text = after.to_string();
            let redo = change.revert(&mut text);
            assert_eq!(text, before);
            let undo = redo.revert(&mut text);
            assert_eq!(text, after);
            assert!(undo.old.len() + undo.new.len() <= before.len() + after.len());
        }
    }
}
