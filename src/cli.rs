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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
