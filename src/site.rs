//! The load step: site.yaml, theme and site layers, Fluent bundles, templates and content,
//! gathered into one [`Site`] that later steps only read.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::content::{Content, load_content};
use crate::diagnostics::Diagnostics;
use crate::i18n::I18n;
use crate::templates::Templates;
use crate::theme::Layers;

/// What a build reads.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// The site folder (the one with site.yaml).
    pub root: PathBuf,
    /// Replaces `base_url` from site.yaml (for previews and staging copies).
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
}

/// Everything about a site, loaded once and then shared read-only.
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub content: Content,
    pub layers: Layers,
    pub i18n: Arc<I18n>,
    pub templates: Templates,
}

impl Site {
    /// Loads the site. Problems in the content still give a `Site` (with the problems
    /// beside it) so that rendering can find more, such as broken links; problems that
    /// leave nothing to render with (site.yaml, Fluent files, templates) give only the
    /// problems. Either way every problem found is reported, not just the first.
    pub fn load(options: &LoadOptions) -> Result<(Site, Diagnostics), Diagnostics> {
        let root = options.root.clone();
        let mut config = SiteConfig::from_site_folder(&root)?;
        if let Some(base_url) = &options.base_url {
            config.base_url.value = base_url.clone();
        }
        let mut problems = Diagnostics::default();
        let layers = Layers::load(&root, &config, &mut problems);
        let i18n = Arc::new(I18n::load(&config, &layers, &mut problems));
        let templates = Templates::load(&layers, Arc::clone(&i18n), &mut problems);
        let setup_failed = problems.has_errors();
        let content = load_content(&root, &config, options.drafts, &mut problems);
        match templates {
            Some(mut templates) if !setup_failed => {
                set_globals(&mut templates, &config);
                Ok((Site { root, config, content, layers, i18n, templates }, problems.sorted()))
            }
            _ => Err(problems.sorted()),
        }
    }

    /// A path inside the site folder, as messages show it.
    pub fn shown(&self, relative: &Path) -> PathBuf {
        crate::diagnostics::display_path(&self.root, relative)
    }
}

/// One configured language, as templates see it.
#[derive(serde::Serialize)]
pub struct LanguageView<'a> {
    pub code: &'a str,
    /// The language's name in itself.
    pub name: &'a str,
    pub dir: crate::config::Direction,
}

/// Values that are the same on every page.
fn set_globals(templates: &mut Templates, config: &SiteConfig) {
    let languages: Vec<LanguageView> = config
        .languages
        .iter()
        .map(|l| LanguageView { code: &l.code.value, name: &l.name, dir: config.direction(&l.code.value) })
        .collect();
    templates.set_global("languages", &languages);
    templates.set_global("default_language", &config.default_language());
    let default_name = config.language(config.default_language()).map_or("", |l| l.name.as_str());
    templates.set_global("default_language_name", &default_name);
    templates.set_global("base_url", &config.base_url());
    templates.set_global("base_path", &config.base_path());
}
