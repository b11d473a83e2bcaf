//! `signpost serve`: a real server on a free port, real edits, real reload events.

use crate::common::TestSite;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `signpost serve`, stopped (with Ctrl-C) when dropped.
struct Preview {
    child: Child,
    address: String,
}

impl Preview {
    fn start(site: &TestSite) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_signpost"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap()).read_line(&mut line).unwrap();
        let address = line
            .trim()
            .strip_prefix("Serving on http://")
            .and_then(|a| a.split('/').next())
            .unwrap_or_else(|| panic!("{line}"))
            .to_string();
        Preview { child, address }
    }

    /// A raw HTTP/1.1 GET, so that paths go out exactly as written.
    fn get(&self, path: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.address).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let response = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        let status = head.split(' ').nth(1).unwrap_or("0").parse().unwrap();
        (status, head.to_lowercase(), body.to_string())
    }

    /// The event stream, read line by line.
    fn events(&self) -> BufReader<TcpStream> {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(
            stream,
            "GET /__signpost/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.address
        )
        .unwrap();
        BufReader::new(stream)
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

/// Reads events until one named `name` arrives; returns its data.
fn wait_for(events: &mut BufReader<TcpStream>, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut current = String::new();
    let mut data = String::new();
    while Instant::now() < deadline {
        let mut line = String::new();
        if events.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        let line = line.trim_end();
        if let Some(event) = line.strip_prefix("event: ") {
            current = event.to_string();
            data.clear();
        } else if let Some(text) = line.strip_prefix("data: ") {
            data.push_str(text);
            data.push('\n');
        } else if line.is_empty() && current == name {
            return data;
        }
    }
    panic!("no `{name}` event");
}

/// Whether no event line arrives within `quiet`.
fn quiet_for(events: &mut BufReader<TcpStream>, quiet: Duration) -> bool {
    events.get_ref().set_read_timeout(Some(quiet)).unwrap();
    let mut line = String::new();
    let read = events.read_line(&mut line);
    events.get_ref().set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    !matches!(read, Ok(n) if n > 0)
}

#[test]
fn serves_pages_with_the_reload_script_and_the_right_types() {
    let site = TestSite::new("basic");
    let preview = Preview::start(&site);
    let (status, head, body) = preview.get("/en/guides/alpha/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"));
    assert!(body.contains("Alpha guide"));
    assert!(body.contains(r#"<script src="/__signpost/reload.js"></script></body>"#), "reload script injected");
    assert!(body.contains("href=\"/en/guides/alpha/handout/\""), "handouts are linked");
    for (path, kind) in
        [("/style.css", "text/css"), ("/signpost.js", "text/javascript"), ("/sitemap.xml", "application/xml")]
    {
        let (status, head, _) = preview.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(head.contains(&format!("content-type: {kind}")), "{path}: {head}");
    }
    let (status, _, body) = preview.get("/en/nothing-here/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's 404 page");
    let (status, head, _) = preview.get("/en/guides");
    assert_eq!(status, 301);
    assert!(head.contains("location: /en/guides/"));
    let (status, head, body) = preview.get("/en/guides/alpha/handout.pdf");
    assert_eq!(status, 200, "handouts are made when asked for");
    assert!(head.contains("content-type: application/pdf") && body.starts_with("%PDF"));
    // Another guide in another language, typeset after the first.
    let (status, _, body) = preview.get("/ar/guides/beta/handout.pdf");
    assert_eq!(status, 200, "a second handout is made too");
    assert!(body.starts_with("%PDF"));
}

#[test]
fn an_edit_rebuilds_and_reloads_and_a_broken_edit_keeps_the_last_good_build() {
    let site = TestSite::new("basic");
    let preview = Preview::start(&site);
    let mut events = preview.events();
    wait_for(&mut events, "ready");

    let alpha = "content/guides/alpha.md";
    let text = std::fs::read_to_string(site.root().join(alpha)).unwrap();
    site.write(alpha, &text.replace("title: Alpha guide", "title: Alpha guide, edited"));
    wait_for(&mut events, "reload");
    assert!(preview.get("/en/guides/alpha/").2.contains("Alpha guide, edited"));
    assert!(preview.get("/pl/guides/").2.contains("Alpha guide, edited"), "the section's list shows the new title");
    assert!(quiet_for(&mut events, Duration::from_millis(600)), "the rebuild's own reads do not start another");

    site.write(alpha, &text.replace("title: Alpha guide", "title: Alpha guide\nweight: [broken"));
    let problem = wait_for(&mut events, "problem");
    assert!(problem.contains("content/guides/alpha.md:"), "names the file: {problem}");
    assert!(problem.contains(":3:") || problem.contains(":4:"), "and the line: {problem}");
    assert!(preview.get("/en/guides/alpha/").2.contains("Alpha guide, edited"), "the last good build is still served");
    let mut late = preview.events();
    assert!(wait_for(&mut late, "problem").contains("alpha.md"), "a page opened now learns of the problem too");

    site.write(alpha, &text);
    wait_for(&mut events, "reload");
    assert!(!preview.get("/en/guides/alpha/").2.contains("edited"));
}

#[test]
fn new_files_and_new_order_show_up_after_a_reload() {
    let site = TestSite::new("basic");
    let preview = Preview::start(&site);
    let mut events = preview.events();
    wait_for(&mut events, "ready");
    let list = |preview: &Preview| {
        let html = preview.get("/en/guides/").2;
        (html.find("Alpha guide").unwrap(), html.find("Beta guide").unwrap())
    };
    let (alpha, beta) = list(&preview);
    assert!(beta < alpha, "by weight");

    site.write("content/guides/new-guide.md", "---\ntitle: A new guide\nreviewed: 2026-11-01\n---\nText.\n");
    wait_for(&mut events, "reload");
    assert_eq!(preview.get("/ar/guides/new-guide/").0, 200, "a new page exists in every language");
    assert!(preview.get("/en/guides/").2.contains("A new guide"));

    let text = std::fs::read_to_string(site.root().join("content/guides/alpha.md")).unwrap();
    site.write("content/guides/alpha.md", &text.replace("weight: 20", "weight: 5"));
    wait_for(&mut events, "reload");
    let (alpha, beta) = list(&preview);
    assert!(alpha < beta, "a new weight moves the page in its section's list");
}

#[test]
fn refuses_paths_that_leave_the_site() {
    let site = TestSite::new("basic");
    let preview = Preview::start(&site);
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/en/%2E%2E/%2e%2e/site.yaml",
        "/en/..%2f..%2fsite.yaml",
        "//etc/passwd",
        "/en/%5c..%5csite.yaml",
    ] {
        let (status, _, body) = preview.get(path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("base_url"), "{path} leaked site.yaml");
    }
    let (status, _, _) = preview.get("/content/guides/alpha.md");
    assert_eq!(status, 404, "only files of the build are served");
}

#[test]
fn ctrl_c_stops_cleanly() {
    let site = TestSite::new("basic");
    let mut preview = Preview::start(&site);
    Command::new("kill").args(["-INT", &preview.child.id().to_string()]).status().unwrap();
    let status = preview.child.wait().unwrap();
    assert!(status.success(), "{status}");
    let mut rest = String::new();
    preview.child.stdout.as_mut().unwrap().read_to_string(&mut rest).unwrap();
    assert!(rest.contains("Stopped."));
}
