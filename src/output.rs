//! The write step: put the rendered files into a new folder beside the output, then swap
//! it in. Until the swap the old output is untouched, so a failed build never leaves a
//! half-written site behind.

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use std::path::{Component, Path, PathBuf};

use crate::render::{Body, OutputFile};

/// Writes `files` as the complete contents of `output`, replacing what was there.
pub fn write_output(output: &Path, files: &[OutputFile]) -> Result<()> {
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

    let written = files.par_iter().try_for_each(|file| write_file(&staging, file));
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
    Ok(())
}

fn write_file(folder: &Path, file: &OutputFile) -> Result<()> {
    let relative = Path::new(&file.path);
    // Paths come from slugs and theme file names: refuse anything that could leave the folder.
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        bail!("refusing to write {}: it is not a plain path inside the output folder", file.path);
    }
    let path = folder.join(relative);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    match &file.body {
        Body::Bytes(bytes) => std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display())),
        // A link costs no copying; across file systems, copy instead.
        Body::Cached(cached) => std::fs::hard_link(cached, &path)
            .or_else(|_| std::fs::copy(cached, &path).map(drop))
            .with_context(|| format!("cannot copy {} to {}", cached.display(), path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path, text.as_bytes().to_vec())
    }

    #[test]
    fn replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_output(&out, &[file("a/index.html", "one"), file("old.txt", "x")]).unwrap();
        write_output(&out, &[file("a/index.html", "two")]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert!(!out.join("old.txt").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["public"], "no staging folders left behind");
    }

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_output(&out, &[file("keep.txt", "kept")]).unwrap();
        let err = write_output(&out, &[file("../evil.txt", "x")]).unwrap_err();
        assert!(err.to_string().contains("refusing"));
        assert!(!dir.path().join("evil.txt").exists());
        assert_eq!(std::fs::read_to_string(out.join("keep.txt")).unwrap(), "kept");
    }
}
