//! The command line, described with clap's derive API: doc comments are the help text.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// signpost builds accessible, multilingual guide sites and printable handouts from
/// Markdown factsheets and Fluent translations.
#[derive(Debug, Parser)]
#[command(name = "signpost", version)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print how long each step took.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site: every page in every language, the sitemap and static files.
    ///
    /// The new site is written beside the output folder and swapped in only when the whole
    /// build succeeded, so a failed build leaves the previous output as it was.
    Build(BuildArgs),
    /// Translation tools.
    I18n(I18nArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site folder: the one that holds site.yaml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: <root>/public].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Publish under this address instead of site.yaml's base_url.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct I18nArgs {
    #[command(subcommand)]
    pub command: I18nCommand,
}

#[derive(Debug, Subcommand)]
pub enum I18nCommand {
    /// Record that translations match the current version of their source.
    ///
    /// Sets `translation.source_hash` in each file to the hash of its source file, changing
    /// nothing else. Run it when a translation has been brought up to date.
    Stamp(StampArgs),
}

#[derive(Debug, Args)]
pub struct StampArgs {
    /// The site folder: the one that holds site.yaml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Translation files to stamp, e.g. content/vote/register-to-vote.ar.md.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
