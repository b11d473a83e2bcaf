//! The write step. A first build writes the site into a new folder beside the output and
//! renames it into place. A rebuild updates the output where it is: it writes only files
//! whose bytes changed, each under a temporary name first, renames them into place only
//! when all were written, then removes files the site no longer has. Either way a failed
//! write leaves the previous site as it was, and a rebuild in which little changed touches
//! little (on many disks creating and deleting files costs more than rendering them).
//! A [`record`] of what the output holds spares the next build listing it all.

mod record;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::render::{Body, OutputFile};
use record::{Record, Stamp};

/// Suffix of a changed file while it is being written.
const PARTIAL: &str = ".signpost-new";

/// The folder beside the output where builds keep what the next one reuses: `.public-cache`
/// beside `public`.
pub fn work_folder(output: &Path) -> PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}-cache"))
}

fn record_path(output: &Path) -> PathBuf {
    work_folder(output).join("output-record")
}

/// Writes `files` as the complete contents of `output`, replacing what was there, which
/// is `existing` (listed with [`Existing::list`]).
pub fn write_output(output: &Path, files: &[OutputFile], existing: Option<Existing>) -> Result<()> {
    for file in files {
        // Paths come from slugs and theme file names: refuse anything that could leave the folder.
        if Path::new(&file.path).components().any(|c| !matches!(c, Component::Normal(_))) {
            bail!("refusing to write {}: it is not a plain path inside the output folder", file.path);
        }
    }
    let written = match &existing {
        Some(existing) if !existing.conflicts(files) => update(output, files, existing),
        _ => replace(output, files),
    };
    crate::drop_later(existing);
    written
}

/// Writes the whole site into a new folder and swaps it in.
fn replace(output: &Path, files: &[OutputFile]) -> Result<()> {
    let name = output.file_name().with_context(|| format!("{} is not a folder name", output.display()))?;
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let name = name.to_string_lossy();
    let staging = parent.join(format!(".{name}.new"));
    let retired = parent.join(format!(".{name}.old"));
    for leftover in [&staging, &retired] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).with_context(|| format!("cannot remove {}", leftover.display()))?;
        }
    }
    std::fs::create_dir(&staging).with_context(|| format!("cannot create {}", staging.display()))?;

    let written = files.par_iter().try_for_each(|file| write_file(&staging.join(&file.path), file));
    if let Err(err) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(err);
    }

    if output.exists() {
        std::fs::rename(output, &retired).with_context(|| format!("cannot move the old {} aside", output.display()))?;
    }
    if let Err(err) = std::fs::rename(&staging, output) {
        // Put the old site back rather than leave no site at all.
        let _ = std::fs::rename(&retired, output);
        return Err(err).with_context(|| format!("cannot move the new site into {}", output.display()));
    }
    if retired.exists() {
        std::fs::remove_dir_all(&retired).with_context(|| format!("cannot remove {}", retired.display()))?;
    }
    // The next build lists the new output and records it: stamping every folder now
    // would cost a first build time that only a rebuild can win back.
    record::forget(&record_path(output));
    Ok(())
}

/// What an existing output folder holds, by `/`-separated path: files with their inodes,
/// folders (`""` being the output itself) with their stamps as listed.
pub struct Existing {
    files: HashMap<String, u64>,
    folders: HashMap<String, Stamp>,
    record: Option<Record>,
    /// Whether the record held every folder, unchanged: then it needs no update when
    /// nothing changes.
    all_recorded: bool,
}

impl Existing {
    /// Lists `output`, reading again only the folders that changed since the last build's
    /// record of it; `None` if it is not a folder yet.
    pub fn list(output: &Path) -> Result<Option<Existing>> {
        if !output.is_dir() {
            return Ok(None);
        }
        let record = Record::read(&record_path(output));
        let mut existing =
            Existing { files: HashMap::new(), folders: HashMap::new(), record: None, all_recorded: true };
        for item in list_folder(output, "", record.as_ref())? {
            match item {
                Listed::File(path, inode) => {
                    existing.files.insert(path, inode);
                }
                Listed::Folder(path, stamp, recorded) => {
                    existing.folders.insert(path, stamp);
                    existing.all_recorded &= recorded;
                }
            }
        }
        existing.record = record;
        Ok(Some(existing))
    }

    /// A new file where a folder is, or a folder needed where a file is: then the site is
    /// written afresh instead.
    fn conflicts(&self, files: &[OutputFile]) -> bool {
        let mut folders_needed = HashSet::new();
        for file in files {
            if self.folders.contains_key(&file.path) {
                return true;
            }
            // Many files share a folder: look each folder up once.
            for folder in ancestors(&file.path) {
                if !folders_needed.insert(folder) {
                    break;
                }
            }
        }
        folders_needed.iter().any(|folder| self.files.contains_key(*folder))
    }
}

/// The folders that hold `path`, innermost first, ending with the output itself (`""`).
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(path), |&p| (!p.is_empty()).then(|| p.rsplit_once('/').map_or("", |(parent, _)| parent)))
        .skip(1)
}

enum Listed {
    File(String, u64),
    /// A folder, its stamp, and whether the record told what it holds.
    Folder(String, Stamp, bool),
}

/// The folder `folder`, at `relative` inside the output, and everything under it: from
/// `record` where the folder is unchanged since, else read. Subfolders are listed in
/// parallel: a site with handouts has thousands of small folders.
fn list_folder(folder: &Path, relative: &str, record: Option<&Record>) -> Result<Vec<Listed>> {
    let cannot_read = || format!("cannot read {}", folder.display());
    // Stamped before it is read: a change while it is read gives it a newer stamp.
    let stamp = Stamp::of(&std::fs::metadata(folder).with_context(cannot_read)?);
    let path_of = |name: &str| if relative.is_empty() { name.to_string() } else { format!("{relative}/{name}") };
    let recorded = record.and_then(|record| record.trusted(relative, stamp));
    let mut listed = vec![Listed::Folder(relative.to_string(), stamp, recorded.is_some())];
    let mut subfolders = Vec::new();
    if let Some(recorded) = recorded {
        listed.extend(recorded.files.iter().map(|(name, inode)| Listed::File(path_of(name), *inode)));
        subfolders.extend(recorded.subfolders.iter().map(|name| (folder.join(name), path_of(name))));
    } else {
        for item in std::fs::read_dir(folder).with_context(cannot_read)? {
            let item = item.with_context(cannot_read)?;
            let path = path_of(&item.file_name().to_string_lossy());
            if item.file_type().with_context(cannot_read)?.is_dir() {
                subfolders.push((item.path(), path));
            } else {
                listed.push(Listed::File(path, inode(&item)));
            }
        }
    }
    let below: Vec<Vec<Listed>> =
        subfolders.par_iter().map(|(folder, relative)| list_folder(folder, relative, record)).collect::<Result<_>>()?;
    listed.extend(below.into_iter().flatten());
    Ok(listed)
}

/// Updates an existing output folder in place.
fn update(output: &Path, files: &[OutputFile], existing: &Existing) -> Result<()> {
    let links = links_work(output, files);
    let changed: Vec<&OutputFile> = files.par_iter().filter(|file| !unchanged(output, existing, file, links)).collect();
    let partial = |file: &OutputFile| output.join(format!("{}{PARTIAL}", file.path));
    let written = changed.par_iter().try_for_each(|file| write_file(&partial(file), file));
    if let Err(err) = written {
        changed.par_iter().for_each(|file| drop(std::fs::remove_file(partial(file))));
        return Err(err);
    }
    changed.par_iter().try_for_each(|file| {
        let path = output.join(&file.path);
        std::fs::rename(partial(file), &path).with_context(|| format!("cannot write {}", path.display()))
    })?;

    // Folders whose entries this changed, so whose stamps changed: those of the changed
    // files and the folders above that did not exist yet.
    let mut touched: HashSet<&str> = HashSet::new();
    for file in &changed {
        for folder in ancestors(&file.path) {
            touched.insert(folder);
            if existing.folders.contains_key(folder) {
                break;
            }
        }
    }

    let kept: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for gone in existing.files.keys().filter(|path| !kept.contains(path.as_str())) {
        let path = output.join(gone);
        std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        touched.extend(ancestors(gone).next());
    }
    if touched.is_empty() && existing.all_recorded {
        return Ok(()); // the record says what the output holds still
    }
    // Folders the site no longer has, deepest first, so a folder's subfolders are gone
    // before it is tried.
    let folders = folders_of(files, links);
    let mut unwanted: Vec<&str> =
        existing.folders.keys().map(String::as_str).filter(|folder| !folders.contains_key(folder)).collect();
    unwanted.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let mut stray = false;
    for folder in unwanted {
        // One that is not empty holds something this build did not list: the record
        // would hide it.
        stray |= std::fs::remove_dir(output.join(folder)).is_err_and(|e| e.kind() != std::io::ErrorKind::NotFound);
        touched.extend(ancestors(folder).next());
    }
    if stray {
        record::forget(&record_path(output));
    } else {
        record_output(output, folders, existing, &touched);
    }
    Ok(())
}

/// The folders that hold `files` (`""` for the output itself), each with the name and
/// inode of its files; an inode only where the file is a link into the handout cache.
fn folders_of(files: &[OutputFile], links: bool) -> BTreeMap<&str, Vec<(&str, u64)>> {
    let mut folders: BTreeMap<&str, Vec<(&str, u64)>> = BTreeMap::from([("", Vec::new())]);
    for file in files {
        let (folder, name) = file.path.rsplit_once('/').unwrap_or(("", &file.path));
        let inode = match &file.body {
            Body::Cached(cached) if links => cached.inode,
            _ => 0,
        };
        folders.entry(folder).or_default().push((name, inode));
        for above in ancestors(&file.path).skip(1) {
            if folders.contains_key(above) {
                break;
            }
            folders.insert(above, Vec::new());
        }
    }
    folders
}

/// Records that `output` holds `folders`, stamping afresh those in `touched` and those
/// that `existing` did not have. A record that cannot be written costs the next build a
/// full listing, no more.
fn record_output(
    output: &Path,
    folders: BTreeMap<&str, Vec<(&str, u64)>>,
    existing: &Existing,
    touched: &HashSet<&str>,
) {
    let path = record_path(output);
    let stamped: Option<Vec<_>> = folders
        .into_par_iter()
        .map(|(folder, mut files)| {
            let listed = existing.folders.get(folder).filter(|_| !touched.contains(folder));
            let stamp = match listed {
                Some(stamp) => *stamp,
                None => Stamp::of(&std::fs::metadata(output.join(folder)).ok()?),
            };
            files.sort_unstable();
            Some(record::Folder { path: folder, stamp, files })
        })
        .collect();
    let written = stamped.map(|folders| record::write(&path, existing.record.as_ref(), &folders));
    if !matches!(written, Some(Ok(()))) {
        record::forget(&path);
    }
}

/// Whether the output already holds what `file` would write. A cached file needs no
/// look at all when `links` says inodes can be trusted: the output file is the same one.
fn unchanged(output: &Path, existing: &Existing, file: &OutputFile, links: bool) -> bool {
    let Some(&old_inode) = existing.files.get(&file.path) else { return false };
    match &file.body {
        Body::Bytes(bytes) => std::fs::read(output.join(&file.path)).is_ok_and(|old| old == **bytes),
        Body::Cached(cached) => links && cached.inode != 0 && cached.inode == old_inode,
    }
}

/// Whether the output and the handout cache share a device, so that equal inodes mean
/// the same file.
#[cfg(unix)]
fn links_work(output: &Path, files: &[OutputFile]) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Some(cached) = files.iter().find_map(|f| if let Body::Cached(c) = &f.body { Some(c) } else { None }) else {
        return false;
    };
    match (std::fs::metadata(output), std::fs::metadata(&cached.path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn links_work(_: &Path, _: &[OutputFile]) -> bool {
    false
}

/// A listed file's inode, without another system call (0 where there are none).
#[cfg(unix)]
pub(crate) fn inode(item: &std::fs::DirEntry) -> u64 {
    std::os::unix::fs::DirEntryExt::ino(item)
}

#[cfg(not(unix))]
pub(crate) fn inode(_: &std::fs::DirEntry) -> u64 {
    0
}

fn write_file(path: &Path, file: &OutputFile) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    match &file.body {
        Body::Bytes(bytes) => std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display())),
        // A link costs no copying; across file systems, copy instead.
        Body::Cached(cached) => std::fs::hard_link(&cached.path, path)
            .or_else(|_| std::fs::copy(&cached.path, path).map(drop))
            .with_context(|| format!("cannot copy {} to {}", cached.path.display(), path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lists and writes, as a build does.
    fn write(out: &Path, files: &[OutputFile]) -> Result<()> {
        write_output(out, files, Existing::list(out)?)
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path, text.as_bytes().to_vec())
    }

    #[test]
    fn replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[file("a/index.html", "one"), file("old.txt", "x")]).unwrap();
        write(&out, &[file("a/index.html", "two")]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert!(!out.join("old.txt").exists());
        let mut names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        assert_eq!(names, [".public-cache", "public"], "no staging folders left behind");
    }

    #[test]
    fn a_rebuild_sees_what_changed_since_the_last() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let site = [file("index.html", "home"), file("en/a/index.html", "a"), file("en/b/index.html", "b")];
        write(&out, &site).unwrap();
        assert!(!record_path(&out).exists(), "a site written afresh is recorded by the next build");
        write(&out, &site).unwrap();
        assert!(record_path(&out).is_file());
        std::fs::write(out.join("en/a/stray.txt"), "x").unwrap();
        std::fs::remove_file(out.join("en/b/index.html")).unwrap();
        std::fs::create_dir(out.join("en/c")).unwrap();
        write(&out, &site).unwrap();
        assert!(!out.join("en/a/stray.txt").exists());
        assert_eq!(std::fs::read_to_string(out.join("en/b/index.html")).unwrap(), "b");
        assert!(!out.join("en/c").exists());
    }

    #[test]
    fn unchanged_folders_are_not_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let site = [file("en/a/index.html", "a")];
        write(&out, &site).unwrap();
        // An old time, so that the record is newer than the folder whatever the clock's tick.
        let set_old_time = || {
            let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
            std::fs::File::open(out.join("en/a")).unwrap().set_modified(old).unwrap();
        };
        set_old_time();
        write(&out, &site).unwrap();
        // Added behind the record's back: the folder's time says it did not change.
        std::fs::write(out.join("en/a/hidden.txt"), "x").unwrap();
        set_old_time();
        let existing = Existing::list(&out).unwrap().unwrap();
        assert!(!existing.files.contains_key("en/a/hidden.txt"), "the folder was not read");
        assert!(existing.files.contains_key("en/a/index.html"));
        record::forget(&record_path(&out));
        let existing = Existing::list(&out).unwrap().unwrap();
        assert!(existing.files.contains_key("en/a/hidden.txt"), "without a record every folder is read");
    }

    #[test]
    fn a_rebuild_writes_only_what_changed() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[file("same.html", "same"), file("edited.html", "one"), file("gone/x.html", "x")]).unwrap();
        let inode = |name: &str| std::fs::metadata(out.join(name)).unwrap().ino();
        let same = inode("same.html");
        write(&out, &[file("same.html", "same"), file("edited.html", "two"), file("new/y.html", "y")]).unwrap();
        assert_eq!(inode("same.html"), same, "an unchanged file is left alone");
        assert_eq!(std::fs::read_to_string(out.join("edited.html")).unwrap(), "two");
        assert_eq!(std::fs::read_to_string(out.join("new/y.html")).unwrap(), "y");
        assert!(!out.join("gone").exists(), "files and folders the site no longer has are removed");
        let mut names: Vec<_> =
            walkdir::WalkDir::new(&out).min_depth(1).into_iter().map(|e| e.unwrap().file_name().to_owned()).collect();
        names.sort();
        assert_eq!(names, ["edited.html", "new", "same.html", "y.html"], "no temporary files are left");
    }

    #[test]
    fn a_failed_rebuild_leaves_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[file("a.html", "old"), file("b.html", "old")]).unwrap();
        let cached = crate::render::CachedFile { path: dir.path().join("no-such-file"), inode: 1 };
        let missing = OutputFile { path: "b.html".into(), body: Body::Cached(cached) };
        assert!(write(&out, &[file("a.html", "new"), missing]).is_err());
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "old");
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "old");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2, "no temporary files are left");
    }

    #[test]
    fn a_file_that_becomes_a_folder_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[file("a", "file"), file("b/index.html", "folder")]).unwrap();
        write(&out, &[file("a/index.html", "folder"), file("b", "file")]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "folder");
        assert_eq!(std::fs::read_to_string(out.join("b")).unwrap(), "file");
    }

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[file("keep.txt", "kept")]).unwrap();
        let err = write(&out, &[file("../evil.txt", "x")]).unwrap_err();
        assert!(err.to_string().contains("refusing"));
        assert!(!dir.path().join("evil.txt").exists());
        assert_eq!(std::fs::read_to_string(out.join("keep.txt")).unwrap(), "kept");
    }
}
