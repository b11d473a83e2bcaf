//! Handouts made by an earlier build, kept beside the output folder so that a rebuild only
//! makes the handouts whose input changed.
//!
//! Each guide in each language (and each print pack) is one folder in the cache, named by
//! a hash of everything it is made from ([`Fingerprint`]). On a hit nothing is rendered or
//! typeset: the cached files are linked into the new output.

use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::content::{Document, Entry};
use crate::render::{Body, CachedFile, OutputFile};
use crate::site::Site;

/// The handout cache of one output folder.
pub struct Cache {
    folder: PathBuf,
    /// Keys used by this build; the others are removed when it succeeds.
    used: Mutex<BTreeSet<String>>,
}

impl Cache {
    pub fn new(folder: PathBuf) -> Cache {
        Cache { folder, used: Mutex::new(BTreeSet::new()) }
    }

    /// The files stored under `key`, as output files under `prefix` (e.g. `ar/vote/x`).
    fn load(&self, key: &str, prefix: &str) -> Option<Vec<OutputFile>> {
        let mut files = Vec::new();
        for item in std::fs::read_dir(self.folder.join(key)).ok()? {
            let item = item.ok()?;
            let name = item.file_name().into_string().ok()?;
            let cached = CachedFile { path: item.path(), inode: inode(&item) };
            files.push(OutputFile { path: format!("{prefix}/{}", unflatten(&name)), body: Body::Cached(cached) });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(key.to_string());
        Some(files)
    }

    /// The files stored under `key`; or, if there are none, the files `make` makes, kept
    /// under `key` for the next build and given back as links to the cache, so their bytes
    /// need not stay in memory. A cache that cannot be written only costs time next time.
    pub fn load_or_make<E>(
        &self,
        key: &str,
        prefix: &str,
        make: impl FnOnce() -> Result<Vec<OutputFile>, E>,
    ) -> Result<Vec<OutputFile>, E> {
        if let Some(files) = self.load(key, prefix) {
            return Ok(files);
        }
        let files = make()?;
        self.store(key, prefix, &files);
        Ok(self.load(key, prefix).unwrap_or(files))
    }

    /// Writes the folder under a temporary name and renames it, so a cached folder is
    /// always complete.
    fn store(&self, key: &str, prefix: &str, files: &[OutputFile]) {
        let partial = self.folder.join(format!(".{key}.partial"));
        let written = std::fs::create_dir_all(&partial).map_err(drop).and_then(|()| {
            files.iter().try_for_each(|file| {
                let Body::Bytes(bytes) = &file.body else { return Err(()) };
                let relative = file.path.strip_prefix(prefix).and_then(|p| p.strip_prefix('/')).ok_or(())?;
                std::fs::write(partial.join(flatten(relative)), bytes).map_err(drop)
            })
        });
        if written.is_err() || std::fs::rename(&partial, self.folder.join(key)).is_err() {
            let _ = std::fs::remove_dir_all(&partial);
        }
    }

    /// Removes what this build did not use, so the cache does not grow without end.
    pub fn prune(&self) {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let Ok(entries) = std::fs::read_dir(&self.folder) else { return };
        for entry in entries.flatten() {
            if !used.contains(&*entry.file_name().to_string_lossy()) {
                let path = entry.path();
                let _ = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
            }
        }
    }
}

/// A cached folder is flat, so that one listing finds all its files and their inodes:
/// `handout/index.html` is kept as `handout%2Findex.html`.
fn flatten(relative: &str) -> String {
    relative.replace('%', "%25").replace('/', "%2F")
}

fn unflatten(name: &str) -> String {
    name.replace("%2F", "/").replace("%25", "%")
}

#[cfg(unix)]
fn inode(item: &std::fs::DirEntry) -> u64 {
    std::os::unix::fs::DirEntryExt::ino(item)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::DirEntry) -> u64 {
    0
}

/// The cache folder for an output folder: `.public-cache/handouts` beside `public`.
pub fn cache_folder(output: &Path) -> PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}-cache")).join("handouts")
}

/// Hashes what every handout of a site is made from, so that cache keys change whenever
/// any input does: this program, the site's settings, templates, messages, fonts and
/// layout, and which pages exist (links are checked against them).
#[derive(Clone)]
pub struct Fingerprint(Sha256);

impl Fingerprint {
    pub fn of_site(site: &Site) -> Fingerprint {
        let mut hasher = Sha256::new();
        let mut add = |part: &[u8]| {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        };
        add(program_identity().as_bytes());
        add(format!("{:?}", site.config).as_bytes());
        for layer in site.layers.all() {
            for file in layer.templates.iter().chain(&layer.locales).chain(&layer.fonts).chain(&layer.handouts) {
                add(file.name.as_bytes());
                add(&file.bytes);
            }
        }
        for path in site.content.entries.keys() {
            add(path.as_bytes());
        }
        Fingerprint(hasher)
    }

    /// The key of `entry`'s handouts in `lang`: its source and that language's translation.
    pub fn guide(&self, entry: &Entry, lang: &str) -> String {
        let mut hasher = self.0.clone();
        let mut add = |part: &[u8]| {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        };
        add(lang.as_bytes());
        add(entry.path.as_bytes());
        add(format!("{:?}", entry.meta).as_bytes());
        let mut document = |doc: &Document| {
            for part in [&doc.title, &doc.description, &doc.body] {
                add(part.as_bytes());
            }
        };
        document(&entry.source);
        if let Some(translation) = entry.translations.get(lang) {
            document(&translation.doc);
        }
        hex(&hasher.finalize()[..16])
    }

    /// The key of a print pack in `lang`, from the keys of the guides in it.
    pub fn pack(&self, lang: &str, guides: &[String]) -> String {
        let mut hasher = self.0.clone();
        hasher.update(format!("pack\0{lang}\0"));
        for key in guides {
            hasher.update(key);
        }
        hex(&hasher.finalize()[..16])
    }
}

/// Changes whenever signpost is rebuilt, so a new version never reuses an old handout.
fn program_identity() -> String {
    let exe = std::env::current_exe().ok();
    let stamp = exe.as_ref().and_then(|p| std::fs::metadata(p).ok()).map(|m| (m.len(), m.modified().ok()));
    format!("{} {exe:?} {stamp:?}", env!("CARGO_PKG_VERSION"))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.into(), body: Body::Bytes(Cow::Owned(text.as_bytes().to_vec())) }
    }

    #[test]
    fn stored_files_come_back_under_their_output_paths() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("handouts"));
        assert!(cache.load("k1", "ar/vote/x").is_none());
        cache.store(
            "k1",
            "ar/vote/x",
            &[file("ar/vote/x/handout.pdf", "pdf"), file("ar/vote/x/handout/index.html", "h")],
        );
        let loaded = cache.load("k1", "ar/vote/x").unwrap();
        let paths: Vec<_> = loaded.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["ar/vote/x/handout.pdf", "ar/vote/x/handout/index.html"]);
        assert_eq!(&*loaded[0].bytes().unwrap(), b"pdf");
    }

    #[test]
    fn prune_keeps_only_what_this_build_used() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("handouts");
        let first = Cache::new(folder.clone());
        first.store("old", "en/a", &[file("en/a/handout.pdf", "1")]);
        first.store("kept", "en/b", &[file("en/b/handout.pdf", "2")]);
        let second = Cache::new(folder.clone());
        assert!(second.load("kept", "en/b").is_some());
        second.prune();
        assert!(folder.join("kept").is_dir());
        assert!(!folder.join("old").exists());
    }
}
