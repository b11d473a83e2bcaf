//! Where templates, UI strings and static files come from: the theme (built into the binary,
//! or a folder under the site's `themes/`), then the site's own `templates/`, `locales/` and
//! `static/`, which win over the theme's files of the same name.

use include_dir::{Dir, include_dir};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

use crate::config::{BUILT_IN_THEME, SiteConfig};
use crate::content::is_ignored;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};

/// `themes/default/`, compiled in so that any site folder builds without a copy of it.
static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A file of a theme or site layer.
#[derive(Debug)]
pub struct LayerFile {
    /// Path inside the layer's folder, with `/` separators: `page.html`, `en/main.ftl`.
    pub name: String,
    /// How messages name the file.
    pub shown: PathBuf,
    pub bytes: Cow<'static, [u8]>,
}

impl LayerFile {
    /// The file as text (templates and FTL are UTF-8), without a byte-order mark.
    pub fn text(&self) -> Result<Cow<'_, str>, Diagnostic> {
        let text = std::str::from_utf8(&self.bytes)
            .map_err(|_| Diagnostic::error(&self.shown, (1, 1), "the file is not valid UTF-8 text"))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Ok(if text.contains('\r') { Cow::Owned(text.replace("\r\n", "\n")) } else { Cow::Borrowed(text) })
    }
}

/// The files of one layer, by kind.
#[derive(Debug, Default)]
pub struct Layer {
    pub templates: Vec<LayerFile>,
    pub locales: Vec<LayerFile>,
    pub statics: Vec<LayerFile>,
    /// Fonts for handouts (never copied to the site).
    pub fonts: Vec<LayerFile>,
    /// Typst layout files for handouts.
    pub handouts: Vec<LayerFile>,
}

/// Where files come from, in order; a later layer's file replaces an earlier one of the
/// same name.
pub struct Layers {
    /// The default theme, then the site's chosen theme if it picked another. A theme needs
    /// only the files it changes: the rest come from the default theme.
    pub themes: Vec<Layer>,
    /// The site's own `templates/`, `locales/` and `static/`.
    pub site: Layer,
}

impl Layers {
    pub fn load(root: &Path, config: &SiteConfig, problems: &mut Diagnostics) -> Layers {
        let folder = |name: &str| Path::new("themes").join(name);
        // A default theme folder on disk wins over the built-in copy, so that theme authors
        // (and the repository's own themes/default/) see their edits without rebuilding signpost.
        let mut themes = vec![if root.join(folder(BUILT_IN_THEME)).is_dir() {
            read_disk_layer(root, &folder(BUILT_IN_THEME), problems)
        } else {
            built_in_layer()
        }];
        let name = config.theme();
        if name != BUILT_IN_THEME {
            if root.join(folder(name)).is_dir() {
                themes.push(read_disk_layer(root, &folder(name), problems));
            } else {
                problems.push(Diagnostic::error(
                    display_path(root, Path::new("site.yaml")),
                    crate::config::position(&config.theme),
                    format!("theme `{name}` not found: there is no {} folder", folder(name).display()),
                ));
            }
        }
        let site = read_disk_layer(root, Path::new(""), problems);
        Layers { themes, site }
    }

    /// Every layer, lowest precedence first.
    pub fn all(&self) -> impl Iterator<Item = &Layer> {
        self.themes.iter().chain(std::iter::once(&self.site))
    }

    /// Static files of all layers; a later layer's file replaces an earlier one.
    pub fn statics(&self) -> Vec<&LayerFile> {
        let mut by_name = std::collections::BTreeMap::new();
        for file in self.all().flat_map(|layer| &layer.statics) {
            by_name.insert(file.name.as_str(), file);
        }
        by_name.into_values().collect()
    }
}

fn built_in_layer() -> Layer {
    let files = |folder: &str| -> Vec<LayerFile> {
        let mut list = Vec::new();
        if let Some(dir) = BUILT_IN.get_dir(folder) {
            collect_embedded(dir, folder, &mut list);
        }
        list.sort_by(|a, b| a.name.cmp(&b.name));
        list
    };
    Layer {
        templates: files("templates"),
        locales: files("locales"),
        statics: files("static"),
        fonts: files("fonts"),
        handouts: files("handouts"),
    }
}

fn collect_embedded(dir: &'static Dir<'static>, folder: &str, list: &mut Vec<LayerFile>) {
    for file in dir.files() {
        let name = file.path().strip_prefix(folder).unwrap_or(file.path());
        list.push(LayerFile {
            name: name.to_string_lossy().replace('\\', "/"),
            shown: Path::new("<built-in theme>").join(file.path()),
            bytes: Cow::Borrowed(file.contents()),
        });
    }
    for sub in dir.dirs() {
        collect_embedded(sub, folder, list);
    }
}

/// Reads `templates/`, `locales/`, `static/`, `fonts/` and `handouts/` under `root/base`.
fn read_disk_layer(root: &Path, base: &Path, problems: &mut Diagnostics) -> Layer {
    let files = |folder: &str, problems: &mut Diagnostics| {
        let relative = base.join(folder);
        let dir = root.join(&relative);
        let mut list = Vec::new();
        if !dir.is_dir() {
            return list;
        }
        let walker = WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let inside = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                    let shown = display_path(root, &relative.join(inside));
                    match std::fs::read(entry.path()) {
                        Ok(bytes) => list.push(LayerFile {
                            name: inside.to_string_lossy().replace('\\', "/"),
                            shown,
                            bytes: Cow::Owned(bytes),
                        }),
                        Err(err) => problems.push(Diagnostic::error(shown, (1, 1), format!("cannot read: {err}"))),
                    }
                }
                Ok(_) => {}
                Err(err) => problems.push(Diagnostic::error(
                    err.path().unwrap_or(&dir).to_path_buf(),
                    (1, 1),
                    format!("cannot read: {err}"),
                )),
            }
        }
        list
    };
    Layer {
        templates: files("templates", problems),
        locales: files("locales", problems),
        statics: files("static", problems),
        fonts: files("fonts", problems),
        handouts: files("handouts", problems),
    }
}
