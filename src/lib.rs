//! signpost: Markdown factsheets and Fluent translations in, an accessible multilingual
//! static site out.
//!
//! The pipeline is load ([`site::Site::load`]) → render ([`render::render_site`]) →
//! write ([`output::write_output`]); [`build`] runs all three.

pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod handouts;
pub mod i18n;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod templates;
pub mod theme;
pub mod translations;
mod yaml;

use anyhow::{Result, bail};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::Diagnostics;
pub use crate::site::{LoadOptions, Site};

/// What `signpost build` is asked to do.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub load: LoadOptions,
    /// The output folder; `<root>/public` when not set.
    pub output: Option<PathBuf>,
    /// Build the printable handouts (HTML and PDF); off for quick previews.
    pub handouts: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    /// Pages written per language, in configured order.
    pub pages_per_language: Vec<(String, usize)>,
    /// Problems that did not stop the build.
    pub warnings: Diagnostics,
    /// Time spent in each step.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Loads, renders and writes a site. If the site has errors, the error is a
/// [`Diagnostics`] listing all of them, and the previous output is left as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let root = &options.load.root;
    let output = options.output.clone().unwrap_or_else(|| diagnostics::display_path(root, Path::new("public")));
    check_output_location(root, &output)?;

    let start = Instant::now();
    let cache = handouts::Cache::new(handouts::cache_folder(&output));
    let handouts = if options.handouts { render::Handouts::Build(&cache) } else { render::Handouts::Skip };
    // The old output and the cache are listed while the site loads and renders, on a core
    // they leave idle.
    let (existing, loaded_and_rendered) = rayon::join(
        || {
            if options.handouts {
                cache.prepare();
            }
            output::Existing::list(&output)
        },
        || -> Result<_> {
            let (site, load_problems) = Site::load(&options.load)?;
            let loaded = Instant::now();
            Ok((render::render_loaded(&site, load_problems, handouts)?, loaded, site))
        },
    );
    let (rendered, loaded, site) = loaded_and_rendered?;
    let render_done = Instant::now();
    output::write_output(&output, &rendered.files, existing?)?;
    if options.handouts {
        cache.prune();
    }
    let written = Instant::now();
    drop_later((site, rendered.files, cache));

    Ok(BuildReport {
        output,
        pages_per_language: rendered.pages_per_language,
        warnings: rendered.warnings,
        timings: vec![("load", loaded - start), ("render", render_done - loaded), ("write", written - render_done)],
    })
}

/// Frees `value` on another thread: freeing a large site takes milliseconds that a build
/// need not wait for (the process may well end first, which frees it all at once).
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}

/// The output folder is replaced wholesale, so it must not be the site itself, hold it,
/// or sit inside one of its source folders.
fn check_output_location(root: &Path, output: &Path) -> Result<()> {
    let absolute = |p: &Path| -> PathBuf {
        let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        p.components().fold(PathBuf::new(), |mut acc, c| {
            match c {
                std::path::Component::ParentDir => {
                    acc.pop();
                }
                std::path::Component::CurDir => {}
                other => acc.push(other),
            }
            acc
        })
    };
    let (root, out) = (absolute(root), absolute(output));
    let sources = ["content", "locales", "templates", "themes", "static"];
    if root.starts_with(&out) || sources.iter().any(|s| out.starts_with(root.join(s))) {
        bail!(
            "refusing to use {} as the output folder: it is replaced on every build and would delete the site's own files",
            output.display()
        );
    }
    Ok(())
}
