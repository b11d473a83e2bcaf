//! `signpost serve`: a live preview for editors and translators.
//!
//! Steps: build the site into memory (load + render, nothing written); serve those files
//! on loopback with tiny_http; watch the site's folders with notify (debounced, editors'
//! temporary files ignored); on a change rebuild, and if the build succeeds swap the new
//! files in and only then tell every open page to reload (server-sent events). A failed
//! build keeps the last good one in service; its errors go to the terminal and to the pages
//! as an overlay. Handouts are typeset only when one is asked for, so edits stay fast.
//!
//! An edit to factsheets that already exist reloads only their files and renders only
//! their pages and their sections' lists, so a reload takes milliseconds on sites of
//! thousands of pages. Any other change (a new or deleted file, a section, a template,
//! a message, site.yaml) rebuilds the whole site.

use anyhow::{Context as _, Result};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tiny_http::{Header, Method, Request, Response, Server};

use crate::content::is_ignored;
use crate::diagnostics::Diagnostics;
use crate::handouts::{Cache, LazyTypesetter, STACK_SIZE, cache_folder, render_requested};
use crate::render::{Handouts, OutputFile, render_loaded, render_pages};
use crate::site::{LoadOptions, Site};

/// Where the page script listens for reload and error events.
const EVENTS: &str = "/__signpost/events";
const SCRIPT: &str = "/__signpost/reload.js";
/// Injected into every HTML page in serve mode, and only then.
const RELOAD_SCRIPT: &str = include_str!("serve_reload.js");
/// Quiet time after the last file event before a rebuild starts: long enough to see an
/// editor's save (write, rename) as one change, short enough not to be noticed.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// What `signpost serve` is asked to do.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks any free port.
    pub port: u16,
    pub drafts: bool,
}

/// The build being served, and what pages must be told.
struct Live {
    /// Files of the last good build by path (`en/vote/index.html`).
    files: RwLock<HashMap<String, OutputFile>>,
    /// The last good site, for handouts made on request, and the typesetter they share
    /// until the site is loaded again (its theme may have new fonts).
    site: RwLock<Option<(Arc<Site>, Arc<LazyTypesetter>)>>,
    /// Handouts typeset on request since the last build.
    handouts: Mutex<HashMap<String, OutputFile>>,
    /// The errors of the last build, if it failed.
    error: RwLock<Option<String>>,
    /// Open pages waiting for events.
    listeners: Mutex<Vec<Sender<String>>>,
    /// Where handouts typeset on request are cached.
    cache_folder: PathBuf,
}

/// A running server: its address, and a way to stop it.
pub struct Running {
    pub address: SocketAddr,
    server: Arc<Server>,
    stopped: Arc<AtomicBool>,
}

impl Running {
    /// Stops accepting requests; `serve` then returns.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        self.server.unblock();
    }
}

/// Builds the site, then serves and watches it until `stop` is called on the returned
/// handle (from another thread; `started` receives it as soon as the server listens).
pub fn serve(options: &ServeOptions, started: impl FnOnce(Arc<Running>)) -> Result<()> {
    let root = options.root.clone();
    let live = Arc::new(Live {
        files: RwLock::new(HashMap::new()),
        site: RwLock::new(None),
        handouts: Mutex::new(HashMap::new()),
        error: RwLock::new(None),
        listeners: Mutex::new(Vec::new()),
        cache_folder: cache_folder(&root.join("public")),
    });
    let server = Server::http(SocketAddr::new(options.bind, options.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
    let address = server.server_addr().to_ip().context("the server has no IP address")?;
    let load = LoadOptions { root: root.clone(), base_url: Some(format!("http://{address}")), drafts: options.drafts };
    rebuild(&live, &load);

    let (events, changes) = channel();
    let mut debouncer = new_debouncer(DEBOUNCE, None, events).context("cannot watch the site's files")?;
    for folder in ["content", "locales", "templates", "themes", "static", "fonts", "handouts"] {
        let path = root.join(folder);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", path.display()))?;
        }
    }
    debouncer.watch(root.join("site.yaml"), RecursiveMode::NonRecursive).context("cannot watch site.yaml")?;
    let watcher_live = Arc::clone(&live);
    std::thread::spawn(move || watch(&watcher_live, &load, &changes));

    let running = Arc::new(Running { address, server: Arc::new(server), stopped: Arc::new(AtomicBool::new(false)) });
    started(Arc::clone(&running));
    for request in running.server.incoming_requests() {
        let live = Arc::clone(&live);
        // A request for a handout typesets it on this thread.
        let handler = std::thread::Builder::new().stack_size(STACK_SIZE).spawn(move || respond(&live, request));
        if let Err(err) = handler {
            eprintln!("cannot start a thread for a request: {err}");
        }
    }
    // Closing the listeners ends the event streams of open pages.
    live.listeners.lock().unwrap_or_else(|e| e.into_inner()).clear();
    drop(debouncer);
    Ok(())
}

/// What a rebuild did: how many files it made and what it warned about, or its problems.
type Outcome = Result<(usize, Diagnostics), Diagnostics>;

/// Rebuilds after each batch of changes to files that matter.
fn watch(live: &Live, load: &LoadOptions, changes: &Receiver<DebounceEventResult>) {
    // Events name absolute paths.
    let root = std::fs::canonicalize(&load.root).unwrap_or_else(|_| load.root.clone());
    // After a failed update the next change rebuilds everything, so no problem is forgotten.
    let mut failed = false;
    while let Ok(batch) = changes.recv() {
        let Ok(events) = batch else { continue };
        // Reading a file (the rebuild reads them all) or changing only its metadata is not
        // a change, and hidden folders and editors' swap and backup files do not count.
        let changed: BTreeSet<PathBuf> = events
            .iter()
            .filter(|e| !e.kind.is_access() && !matches!(e.kind, EventKind::Modify(ModifyKind::Metadata(_))))
            .flat_map(|e| &e.paths)
            .map(|path| path.strip_prefix(&root).unwrap_or(path).to_path_buf())
            .filter(|inside| !inside.components().any(|c| is_ignored(&c.as_os_str().to_string_lossy())))
            .collect();
        if changed.is_empty() {
            continue;
        }
        let start = Instant::now();
        let quick = if failed { None } else { update_pages(live, load, &changed) };
        let outcome = quick.unwrap_or_else(|| rebuild_all(live, load));
        failed = outcome.is_err();
        announce(live, outcome, start);
    }
}

/// Builds everything into memory and, if that works, swaps it in.
fn rebuild(live: &Live, load: &LoadOptions) {
    let start = Instant::now();
    let outcome = rebuild_all(live, load);
    announce(live, outcome, start);
}

fn rebuild_all(live: &Live, load: &LoadOptions) -> Outcome {
    let (site, problems) = Site::load(load)?;
    let rendered = render_loaded(&site, problems, Handouts::LinkOnly)?;
    let count = rendered.files.len();
    *live.files.write().unwrap_or_else(|e| e.into_inner()) =
        rendered.files.into_iter().map(|f| (f.path.clone(), f)).collect();
    *live.site.write().unwrap_or_else(|e| e.into_inner()) = Some((Arc::new(site), Arc::default()));
    live.handouts.lock().unwrap_or_else(|e| e.into_inner()).clear();
    Ok((count, rendered.warnings))
}

/// When every file in `changed` is a factsheet file that was already part of the site:
/// reloads those factsheets, renders their pages and their sections' pages, and swaps
/// those in. `None` when the change needs a full rebuild.
fn update_pages(live: &Live, load: &LoadOptions, changed: &BTreeSet<PathBuf>) -> Option<Outcome> {
    let mut current = live.site.write().unwrap_or_else(|e| e.into_inner());
    // Only a handout being typeset holds the site; then rebuild rather than wait.
    let site = Arc::get_mut(&mut current.as_mut()?.0)?;
    let mut pages = BTreeSet::new();
    for file in changed {
        let entry = site.content.page_of(file, &site.config)?;
        let known = entry.source.file == *file || entry.translations.values().any(|t| t.doc.file == *file);
        if !known {
            return None;
        }
        pages.insert(entry.path.clone());
    }
    for page in &pages {
        if let Err(problems) = site.content.reload_page(&site.root, &site.config, page, load.drafts)? {
            return Some(Err(problems));
        }
    }
    let parents = pages.iter().filter_map(|p| site.content.entries[p].parent.as_deref());
    let affected: Vec<&str> =
        pages.iter().map(String::as_str).chain(parents).collect::<BTreeSet<_>>().into_iter().collect();
    let (files, warnings) = match render_pages(site, &affected, Handouts::LinkOnly) {
        Ok(rendered) => rendered,
        Err(problems) => return Some(Err(problems)),
    };
    let count = files.len();
    let mut served = live.files.write().unwrap_or_else(|e| e.into_inner());
    served.extend(files.into_iter().map(|f| (f.path.clone(), f)));
    live.handouts.lock().unwrap_or_else(|e| e.into_inner()).clear();
    Some(Ok((count, warnings)))
}

/// Tells pages to reload after a good rebuild; after a failed one, keeps the last good
/// build and tells pages (and the terminal) what is wrong.
fn announce(live: &Live, outcome: Outcome, start: Instant) {
    match outcome {
        Ok((count, warnings)) => {
            for warning in &warnings.0 {
                eprintln!("{warning}");
            }
            *live.error.write().unwrap_or_else(|e| e.into_inner()) = None;
            eprintln!("Rebuilt {count} files in {:.0} ms", start.elapsed().as_secs_f64() * 1000.0);
            broadcast(live, "event: reload\ndata: ok\n\n".into());
        }
        Err(problems) => {
            let report = problems.to_string();
            eprintln!("{report}\nThe last good build is still being served.");
            let data: String = report.lines().map(|l| format!("data: {l}\n")).collect();
            *live.error.write().unwrap_or_else(|e| e.into_inner()) = Some(report);
            broadcast(live, format!("event: problem\n{data}\n"));
        }
    }
}

fn broadcast(live: &Live, message: String) {
    let mut listeners = live.listeners.lock().unwrap_or_else(|e| e.into_inner());
    listeners.retain(|listener| listener.send(message.clone()).is_ok());
}

fn respond(live: &Live, request: Request) {
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if *request.method() != Method::Get && *request.method() != Method::Head {
        let _ = request.respond(Response::from_string("method not allowed").with_status_code(405));
        return;
    }
    match path {
        EVENTS => return stream_events(live, request),
        SCRIPT => {
            let _ = request.respond(Response::from_string(RELOAD_SCRIPT).with_header(content_type("js")));
            return;
        }
        _ => {}
    }
    let Some(key) = file_key(path) else {
        let _ = request.respond(Response::from_string("bad path").with_status_code(400));
        return;
    };
    let files = || live.files.read().unwrap_or_else(|e| e.into_inner());
    let found = files().get(&key).cloned();
    match found.or_else(|| lazy_handout(live, &key)) {
        Some(file) => send(request, 200, &file),
        None if !key.ends_with(".html") && files().contains_key(&format!("{key}/index.html")) => {
            let location = Header::from_bytes("Location", format!("{path}/")).expect("an ASCII header");
            let _ = request.respond(Response::empty(301).with_header(location));
        }
        None => {
            let not_found = files().get("404.html").cloned();
            match not_found {
                Some(page) => send(request, 404, &page),
                None => {
                    let _ = request.respond(Response::from_string("not found").with_status_code(404));
                }
            }
        }
    }
}

/// The file key for a URL path: percent-decoded, `index.html` for folders. `None` for
/// anything that could step outside the site (`..`, `%2e%2e`, backslashes, NUL).
pub fn file_key(path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    if decoded.contains(['\\', '\0']) || !decoded.starts_with('/') {
        return None;
    }
    let inside = &decoded[1..];
    let segments: Vec<&str> = inside.split('/').collect();
    let last = segments.len() - 1;
    if segments.iter().enumerate().any(|(i, s)| matches!(*s, "." | "..") || (s.is_empty() && i != last)) {
        return None;
    }
    Some(if inside.is_empty() || inside.ends_with('/') { format!("{inside}index.html") } else { inside.to_string() })
}

/// A handout typeset on request: the first request for any of a guide's handout files
/// makes them all, and they are kept until the next build.
fn lazy_handout(live: &Live, key: &str) -> Option<OutputFile> {
    if let Some(file) = live.handouts.lock().unwrap_or_else(|e| e.into_inner()).get(key) {
        return Some(file.clone());
    }
    let (site, typesetter) = live.site.read().unwrap_or_else(|e| e.into_inner()).clone()?;
    // A cache read afresh: a `signpost build` may have changed it since the last request.
    let cache = Cache::new(live.cache_folder.clone());
    let made = match render_requested(&site, &cache, &typesetter, key)? {
        Ok(files) => files,
        Err(problems) => {
            eprintln!("{problems}");
            return None;
        }
    };
    let mut handouts = live.handouts.lock().unwrap_or_else(|e| e.into_inner());
    for file in made {
        handouts.insert(file.path.clone(), file);
    }
    handouts.get(key).cloned()
}

fn send(request: Request, status: u16, file: &OutputFile) {
    let extension = Path::new(&file.path).extension().and_then(|e| e.to_str()).unwrap_or_default();
    let Ok(bytes) = file.bytes() else {
        let _ = request.respond(Response::from_string("cannot read the file").with_status_code(500));
        return;
    };
    let body = if extension == "html" { inject_script(&bytes) } else { bytes.into_owned() };
    let response = Response::from_data(body)
        .with_status_code(status)
        .with_header(content_type(extension))
        .with_header(Header::from_bytes("Cache-Control", "no-store").expect("an ASCII header"));
    let _ = request.respond(response);
}

/// Adds the reload script before `</body>`.
fn inject_script(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn content_type(extension: &str) -> Header {
    let value = match extension {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "json" => "application/json",
        _ => "application/octet-stream",
    };
    Header::from_bytes("Content-Type", value).expect("an ASCII header")
}

/// A server-sent event stream: the current state at once, then every reload or problem.
/// tiny_http would buffer a streamed body, so the stream takes over the connection.
fn stream_events(live: &Live, request: Request) {
    let (sender, receiver) = channel();
    let first = match &*live.error.read().unwrap_or_else(|e| e.into_inner()) {
        Some(report) => {
            format!("event: problem\n{}\n", report.lines().map(|l| format!("data: {l}\n")).collect::<String>())
        }
        None => "event: ready\ndata: ok\n\n".into(),
    };
    live.listeners.lock().unwrap_or_else(|e| e.into_inner()).push(sender);
    let response = Response::empty(200)
        .with_header(Header::from_bytes("Content-Type", "text/event-stream").expect("an ASCII header"))
        .with_header(Header::from_bytes("Cache-Control", "no-store").expect("an ASCII header"));
    let mut stream = request.upgrade("signpost-events", response);
    let mut send = |message: &str| stream.write_all(message.as_bytes()).and_then(|()| stream.flush()).is_ok();
    if !send(&first) {
        return;
    }
    while let Ok(message) = receiver.recv() {
        if !send(&message) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_keys_stay_inside_the_site() {
        assert_eq!(file_key("/").as_deref(), Some("index.html"));
        assert_eq!(file_key("/ar/vote/").as_deref(), Some("ar/vote/index.html"));
        assert_eq!(file_key("/style.css").as_deref(), Some("style.css"));
        assert_eq!(file_key("/ar/%D8%A7/").as_deref(), Some("ar/ا/index.html"));
        for bad in [
            "/../etc/passwd",
            "/en/%2e%2e/%2e%2e/x",
            "/en/%2E%2E/x",
            "/a/./b",
            "//etc/passwd",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/a%00",
        ] {
            assert_eq!(file_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn script_goes_before_the_end_of_body() {
        let html = inject_script(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8(html).unwrap(),
            format!("<html><body><p>x</p><script src=\"{SCRIPT}\"></script></body></html>")
        );
    }
}
