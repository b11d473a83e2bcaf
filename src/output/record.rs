//! A record of the output folder as the last build left it: each folder with its
//! modification time and what it holds. A rebuild then reads only the folders whose time
//! changed since, and checks the others with one `stat` each; a site with handouts has
//! thousands of folders, and listing them cost a rebuild more than rendering did.
//!
//! Any change to a folder's entries (a file added, removed or renamed, by anyone) gives it
//! a new modification time, and a folder replaced by another has a new inode, so a
//! folder whose stamp is unchanged holds what the record says. The one exception is a
//! change in the same clock tick as the record was written, as git's index knows: folders
//! not older than the record are read again.

use anyhow::{Context, Result};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt::Write as _;
use std::fs::Metadata;
use std::path::Path;
use std::time::UNIX_EPOCH;

const HEADER: &str = "signpost output record 1\n";

/// What changes whenever a folder's entries do.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Stamp {
    device: u64,
    inode: u64,
    /// Modification time in nanoseconds since 1970; 0 when the system gives none.
    modified: u128,
}

impl Stamp {
    pub fn of(meta: &Metadata) -> Stamp {
        #[cfg(unix)]
        let (device, inode) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (device, inode) = (0, 0);
        let modified = meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
        Stamp { device, inode, modified }
    }
}

/// A folder as recorded: its stamp, its files (name and inode) and its subfolders' names.
#[derive(Debug)]
pub struct RecordedFolder {
    stamp: Stamp,
    pub files: Vec<(String, u64)>,
    pub subfolders: Vec<String>,
}

/// The record of an output folder, read from the file a build wrote.
#[derive(Debug)]
pub struct Record {
    /// The record file's own modification time.
    written: u128,
    /// Folders by `/`-separated path inside the output, `""` for the output itself.
    folders: HashMap<String, RecordedFolder>,
    /// The file as read, so that an unchanged record is not written again.
    text: String,
}

impl Record {
    /// Reads the record at `path`; `None` if there is none or it cannot be trusted.
    pub fn read(path: &Path) -> Option<Record> {
        let text = std::fs::read_to_string(path).ok()?;
        let written = Stamp::of(&std::fs::metadata(path).ok()?).modified;
        let folders = parse(&text)?;
        Some(Record { written, folders, text })
    }

    /// What the folder at `relative` holds, if the record says so and its stamp is
    /// still `stamp`.
    pub fn trusted(&self, relative: &str, stamp: Stamp) -> Option<&RecordedFolder> {
        let folder = self.folders.get(relative)?;
        let fresh = stamp.modified != 0 && stamp.modified < self.written;
        (fresh && folder.stamp == stamp).then_some(folder)
    }

    /// Whether `text` needs writing: it says something new, or it holds folders too new
    /// to be trusted under the old record's time (a newer record makes them old enough).
    fn outdated_by(&self, text: &str, mut stamps: impl Iterator<Item = Stamp>) -> bool {
        text != self.text || stamps.any(|s| s.modified >= self.written)
    }
}

/// Parses a record; `None` if it is not one, so that a damaged record only costs a full
/// listing.
fn parse(text: &str) -> Option<HashMap<String, RecordedFolder>> {
    let mut folders: HashMap<String, RecordedFolder> = HashMap::new();
    let mut current: Option<&mut RecordedFolder> = None;
    for line in text.strip_prefix(HEADER)?.lines() {
        let (kind, rest) = line.split_once(' ')?;
        match kind {
            "D" => {
                let mut parts = rest.splitn(4, ' ');
                let device = parts.next()?.parse().ok()?;
                let inode = parts.next()?.parse().ok()?;
                let modified = parts.next()?.parse().ok()?;
                let stamp = Stamp { device, inode, modified };
                let folder = RecordedFolder { stamp, files: Vec::new(), subfolders: Vec::new() };
                // A folder recorded twice: not a record signpost wrote.
                let Entry::Vacant(entry) = folders.entry(parts.next()?.to_string()) else { return None };
                current = Some(entry.insert(folder));
            }
            "F" => {
                let (inode, name) = rest.split_once(' ')?;
                current.as_mut()?.files.push((name.to_string(), inode.parse().ok()?));
            }
            _ => return None,
        }
    }
    // Subfolders are the folders recorded under each folder; every folder but the output
    // itself must have its parent recorded.
    let paths: Vec<String> = folders.keys().filter(|p| !p.is_empty()).cloned().collect();
    for path in paths {
        let (parent, name) = path.rsplit_once('/').unwrap_or(("", &path));
        folders.get_mut(parent)?.subfolders.push(name.to_string());
    }
    folders.get("")?;
    Some(folders)
}

/// A folder as a build left it, to be recorded: its path, stamp, and files with inodes.
pub struct Folder<'a> {
    pub path: &'a str,
    pub stamp: Stamp,
    pub files: Vec<(&'a str, u64)>,
}

/// Writes the record of an output folder that holds `folders`, unless `old` says the
/// same already.
pub fn write(path: &Path, old: Option<&Record>, folders: &[Folder]) -> Result<()> {
    // One line per name: a name with a line break (never one signpost writes) gets no record.
    let mut names = folders.iter().flat_map(|f| std::iter::once(f.path).chain(f.files.iter().map(|(name, _)| *name)));
    if names.any(|name| name.contains(['\n', '\r'])) {
        forget(path);
        return Ok(());
    }
    let mut text = String::from(HEADER);
    for Folder { path: folder, stamp, files } in folders {
        let Stamp { device, inode, modified } = stamp;
        writeln!(text, "D {device} {inode} {modified} {folder}").expect("writing to a String");
        for (name, inode) in files {
            writeln!(text, "F {inode} {name}").expect("writing to a String");
        }
    }
    if old.is_some_and(|old| !old.outdated_by(&text, folders.iter().map(|f| f.stamp))) {
        return Ok(());
    }
    let folder = path.parent().context("the record has no folder")?;
    std::fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
    let partial = path.with_extension("partial");
    std::fs::write(&partial, text)
        .and_then(|()| std::fs::rename(&partial, path))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Removes the record, so that the next build lists the whole output.
pub fn forget(path: &Path) {
    let _ = std::fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(modified: u128) -> Stamp {
        Stamp { device: 1, inode: 2, modified }
    }

    #[test]
    fn a_written_record_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("record");
        let folders = [
            Folder { path: "", stamp: stamp(1), files: vec![("index.html", 0)] },
            Folder { path: "en", stamp: stamp(2), files: vec![] },
            Folder { path: "en/a b", stamp: stamp(3), files: vec![("handout.pdf", 7), ("index.html", 0)] },
        ];
        write(&path, None, &folders).unwrap();
        let record = Record::read(&path).unwrap();
        let en = record.trusted("en", stamp(2)).unwrap();
        assert_eq!(en.subfolders, ["a b"]);
        assert_eq!(
            record.trusted("en/a b", stamp(3)).unwrap().files,
            [("handout.pdf".into(), 7), ("index.html".into(), 0)]
        );
        assert!(record.trusted("en", stamp(9)).is_none(), "a folder whose time changed is read again");
        assert!(record.trusted("fr", stamp(2)).is_none());
    }

    #[test]
    fn folders_as_new_as_the_record_are_not_trusted() {
        let text = format!("{HEADER}D 1 2 100 \n");
        let record = Record { written: 100, folders: parse(&text).unwrap(), text: text.clone() };
        // Changed in the same clock tick as the record was written: it could change again unseen.
        assert!(record.trusted("", stamp(100)).is_none());
        assert!(record.outdated_by(&text, [stamp(100)].into_iter()), "so the record is written again");
        let record = Record { written: 101, ..record };
        assert!(record.trusted("", stamp(100)).is_some());
        assert!(!record.outdated_by(&text, [stamp(100)].into_iter()));
        assert!(record.outdated_by(&format!("{text}F 0 new.html\n"), [stamp(100)].into_iter()));
    }

    #[test]
    fn names_with_line_breaks_get_no_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("record");
        write(&path, None, &[Folder { path: "", stamp: stamp(1), files: vec![("a", 0)] }]).unwrap();
        write(&path, None, &[Folder { path: "", stamp: stamp(1), files: vec![("a\nF 9 b", 0)] }]).unwrap();
        assert!(!path.exists());
    }

    #[test]
    fn a_damaged_record_is_ignored() {
        for text in
            ["", "something else\n", "signpost output record 1\nF 1 orphan\n", "signpost output record 1\nD 1 2 x en\n"]
        {
            assert!(parse(text).is_none(), "{text:?}");
        }
        assert!(parse("signpost output record 1\nD 1 2 3 en\n").is_none(), "a folder without its parent");
        assert!(parse("signpost output record 1\nD 1 2 3 \nD 1 2 3 \n").is_none(), "a folder twice");
        assert!(parse("signpost output record 1\nD 1 2 3 \nD 1 2 3 en\n").is_some());
    }
}
