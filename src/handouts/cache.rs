//! Handouts made by an earlier build, kept beside the output folder so that a rebuild only
//! makes the handouts whose input changed.
//!
//! Each guide in each language (and each print pack) is one entry in the cache, under a
//! key that hashes everything it is made from ([`Fingerprint`]). On a hit nothing is
//! rendered or typeset: the cached files are linked into the new output.
//!
//! The cache is one flat folder, so that a single listing at the start of a build finds
//! every entry and the inode of every file (a folder per entry cost a listing each).
//! Entry `KEY` keeps its files as `KEY.NAME`, `NAME` being the path inside the guide's
//! output folder with `/` written `%2F`, and is complete once the empty file `KEY`,
//! written last, exists: files without it are the remains of an interrupted build.

use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{OnceLock, RwLock, RwLockReadGuard};

use crate::content::{Document, Entry};
use crate::output::inode;
use crate::render::{Body, CachedFile, OutputFile};
use crate::site::Site;

/// A cached file.
struct Stored {
    /// Its path inside the guide's output folder: `handout/index.html`.
    relative: String,
    /// Where the cache keeps it.
    path: PathBuf,
    inode: u64,
}

/// The handout cache of one output folder.
pub struct Cache {
    folder: PathBuf,
    /// What the folder holds: read on first use, then kept up to date by [`Cache::store`].
    listing: OnceLock<RwLock<Listing>>,
}

impl Cache {
    pub fn new(folder: PathBuf) -> Cache {
        Cache { folder, listing: OnceLock::new() }
    }

    /// Reads the cache folder now rather than on first use (a build does it while the site
    /// loads).
    pub fn prepare(&self) {
        self.listing_lock();
    }

    fn listing_lock(&self) -> &RwLock<Listing> {
        self.listing.get_or_init(|| RwLock::new(Listing::read(&self.folder)))
    }

    fn listing(&self) -> RwLockReadGuard<'_, Listing> {
        self.listing_lock().read().unwrap_or_else(|e| e.into_inner())
    }

    /// The files stored under `key`, as output files under `prefix` (e.g. `ar/vote/x`).
    fn load(&self, key: &str, prefix: &str) -> Option<Vec<OutputFile>> {
        let listing = self.listing();
        let entry = listing.entries.get(key)?;
        entry.used.store(true, Ordering::Relaxed);
        let mut files: Vec<OutputFile> = entry
            .files
            .iter()
            .map(|stored| OutputFile {
                path: format!("{prefix}/{}", stored.relative),
                body: Body::Cached(CachedFile { path: stored.path.clone(), inode: stored.inode }),
            })
            .collect();
        drop(listing);
        files.sort_by(|a, b| a.path.cmp(&b.path));
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

    /// Writes the entry's files, then the file that marks it complete. Each file is
    /// written under a temporary name and renamed, so a file that is being read, or is
    /// linked into an output folder, never changes.
    fn store(&self, key: &str, prefix: &str, files: &[OutputFile]) {
        static WRITES: AtomicUsize = AtomicUsize::new(0);
        let write = || -> Result<Vec<Stored>, ()> {
            std::fs::create_dir_all(&self.folder).map_err(drop)?;
            let mut stored = Vec::new();
            for file in files {
                let Body::Bytes(bytes) = &file.body else { return Err(()) };
                let relative = file.path.strip_prefix(prefix).and_then(|p| p.strip_prefix('/')).ok_or(())?;
                let path = self.folder.join(format!("{key}.{}", flatten(relative)));
                let n = WRITES.fetch_add(1, Ordering::Relaxed);
                let partial = self.folder.join(format!(".{n}-{}.partial", std::process::id()));
                let written = std::fs::write(&partial, bytes).and_then(|()| std::fs::rename(&partial, &path));
                if written.is_err() {
                    let _ = std::fs::remove_file(&partial);
                    return Err(());
                }
                stored.push(Stored { relative: relative.to_string(), inode: inode_of(&path), path });
            }
            std::fs::write(self.folder.join(key), b"").map_err(drop)?;
            Ok(stored)
        };
        if let Ok(stored) = write() {
            let mut listing = self.listing_lock().write().unwrap_or_else(|e| e.into_inner());
            listing.entries.insert(key.to_string(), CacheEntry { files: stored, used: AtomicBool::new(false) });
        }
    }

    /// Removes what this build did not use, so the cache does not grow without end.
    pub fn prune(&self) {
        let listing = self.listing();
        let used = |key: &str| listing.entries.get(key).is_some_and(|e| e.used.load(Ordering::Relaxed));
        for (key, entry) in listing.entries.iter().filter(|(key, _)| !used(key)) {
            for file in &entry.files {
                let _ = std::fs::remove_file(&file.path);
            }
            let _ = std::fs::remove_file(self.folder.join(key));
        }
        // An entry completed by this build may have files from an interrupted one.
        for name in listing.others.iter().filter(|name| !used(name.split('.').next().unwrap_or_default())) {
            let path = self.folder.join(name);
            let _ = std::fs::remove_file(&path).or_else(|_| std::fs::remove_dir_all(&path));
        }
    }
}

/// A complete entry.
struct CacheEntry {
    files: Vec<Stored>,
    /// Whether this build used it; the others are removed when it succeeds.
    used: AtomicBool,
}

/// What the cache folder holds.
struct Listing {
    /// The complete entries, by key.
    entries: HashMap<String, CacheEntry>,
    /// Everything else: files of entries left incomplete, files being written, and
    /// folders from older versions.
    others: Vec<String>,
}

impl Listing {
    /// Reads `folder` with one listing.
    fn read(folder: &Path) -> Listing {
        let mut files: HashMap<String, Vec<Stored>> = HashMap::new();
        let mut complete = BTreeSet::new();
        let mut others = Vec::new();
        for item in std::fs::read_dir(folder).into_iter().flatten().flatten() {
            let name = item.file_name().to_string_lossy().into_owned();
            let is_file = item.file_type().is_ok_and(|t| t.is_file());
            match name.split_once('.') {
                // Files being written start with a dot.
                Some((key, file)) if is_file && !key.is_empty() => {
                    let stored = Stored { relative: unflatten(file), path: item.path(), inode: inode(&item) };
                    match files.get_mut(key) {
                        Some(list) => list.push(stored),
                        None => {
                            files.insert(key.to_string(), vec![stored]);
                        }
                    }
                }
                None if is_file => {
                    complete.insert(name);
                }
                _ => others.push(name),
            }
        }
        let mut entries = HashMap::new();
        for (key, list) in files {
            if complete.remove(&key) {
                entries.insert(key, CacheEntry { files: list, used: AtomicBool::new(false) });
            } else {
                others.extend(list.iter().filter_map(|s| Some(s.path.file_name()?.to_string_lossy().into_owned())));
            }
        }
        others.extend(complete); // marks without files
        Listing { entries, others }
    }
}

/// An entry's files are flat, so that one listing finds them all: `handout/index.html`
/// is kept as `handout%2Findex.html`.
fn flatten(relative: &str) -> String {
    relative.replace('%', "%25").replace('/', "%2F")
}

fn unflatten(name: &str) -> String {
    if name.contains('%') { name.replace("%2F", "/").replace("%25", "%") } else { name.to_string() }
}

#[cfg(unix)]
fn inode_of(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| std::os::unix::fs::MetadataExt::ino(&m))
}

#[cfg(not(unix))]
fn inode_of(_: &Path) -> u64 {
    0
}

/// The cache folder for an output folder: `.public-cache/handouts` beside `public`.
pub fn cache_folder(output: &Path) -> PathBuf {
    crate::output::work_folder(output).join("handouts")
}

/// Hashes what every handout of a site is made from, so that cache keys change whenever
/// any input does: this program, the site's settings, templates, messages, fonts and
/// layout, and which pages exist (links are checked against them).
#[derive(Clone)]
pub struct Fingerprint(Sha256);

impl Fingerprint {
    pub fn of_site(site: &Site) -> Fingerprint {
        let mut hasher = Sha256::new();
        add(&mut hasher, program_identity().as_bytes());
        add(&mut hasher, format!("{:?}", site.config).as_bytes());
        for layer in site.layers.all() {
            for file in layer.templates.iter().chain(&layer.locales).chain(&layer.fonts).chain(&layer.handouts) {
                add(&mut hasher, file.name.as_bytes());
                // Files built into signpost change only with the program, which is hashed
                // already; hashing their fonts again would cost every build milliseconds.
                if let Cow::Owned(bytes) = &file.bytes {
                    add(&mut hasher, bytes);
                }
            }
        }
        for path in site.content.entries.keys() {
            add(&mut hasher, path.as_bytes());
        }
        Fingerprint(hasher)
    }

    /// What a guide's keys share in every language: the site, its path, front matter and
    /// source text, hashed once rather than once per language.
    pub fn guide(&self, entry: &Entry) -> GuideFingerprint {
        let mut hasher = self.0.clone();
        add(&mut hasher, entry.path.as_bytes());
        add(&mut hasher, format!("{:?}", entry.meta).as_bytes());
        add_document(&mut hasher, &entry.source);
        GuideFingerprint(hasher)
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

/// The part of a guide's cache keys that is the same in every language.
pub struct GuideFingerprint(Sha256);

impl GuideFingerprint {
    /// The key of the guide's handouts in `lang`: adds that language's translation.
    pub fn key(&self, entry: &Entry, lang: &str) -> String {
        let mut hasher = self.0.clone();
        add(&mut hasher, lang.as_bytes());
        if let Some(translation) = entry.translations.get(lang) {
            add_document(&mut hasher, &translation.doc);
        }
        hex(&hasher.finalize()[..16])
    }
}

/// Adds `part` so that no two lists of parts hash alike.
fn add(hasher: &mut Sha256, part: &[u8]) {
    hasher.update((part.len() as u64).to_le_bytes());
    hasher.update(part);
}

fn add_document(hasher: &mut Sha256, doc: &Document) {
    for part in [&doc.title, &doc.description, &doc.body] {
        add(hasher, part.as_bytes());
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

        // The next build finds the same files, with the same inodes, in its one listing.
        let next = Cache::new(dir.path().join("handouts"));
        let again = next.load("k1", "ar/vote/x").unwrap();
        let inodes = |files: &[OutputFile]| -> Vec<u64> {
            files.iter().map(|f| if let Body::Cached(c) = &f.body { c.inode } else { 0 }).collect()
        };
        assert_eq!(again.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), paths);
        assert_eq!(inodes(&again), inodes(&loaded));
        assert_eq!(&*again[1].bytes().unwrap(), b"h");
    }

    #[test]
    fn an_entry_without_its_completion_mark_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("handouts");
        Cache::new(folder.clone()).store("k1", "en/a", &[file("en/a/handout.pdf", "1")]);
        std::fs::remove_file(folder.join("k1")).unwrap();
        assert!(Cache::new(folder).load("k1", "en/a").is_none());
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
        assert!(folder.join("kept").is_file());
        assert!(folder.join("kept.handout.pdf").is_file());
        assert!(!folder.join("old").exists());
        assert!(!folder.join("old.handout.pdf").exists());
    }
}
