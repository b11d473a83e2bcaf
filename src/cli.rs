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
    /// Nothing is written until the whole site has rendered, so a failed build leaves the
    /// previous output as it was; a rebuild writes only the files that changed.
    Build(BuildArgs),
    /// Preview the site: build it into memory, serve it, and rebuild and reload open pages
    /// whenever a file changes.
    ///
    /// Serves on loopback only, unless --bind says otherwise. A broken edit keeps the last
    /// good build in service and shows the problem in the terminal and over the page.
    Serve(ServeArgs),
    /// Check the site without writing anything: broken links and anchors, bad front
    /// matter, Fluent and template errors; and as warnings, images without alt text,
    /// headings that skip a level, facts overdue for review, and translations that are
    /// missing, stale, drafts or missing UI messages.
    ///
    /// Exits with 0 when there are no errors (and, with --strict, no warnings), else 1.
    Check(CheckArgs),
    /// Start a new factsheet with every front-matter field (as a draft), or, with --lang,
    /// a translation of an existing one that starts from its text and records its hash.
    New(NewArgs),
    /// Translation tools.
    I18n(I18nArgs),
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new page as <section>/<slug>, e.g. vote/postal-votes.
    pub page: String,
    /// The site folder: the one that holds site.yaml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Make a translation into this language instead.
    #[arg(long)]
    pub lang: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site folder: the one that holds site.yaml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// `text` for people (grouped by file) or `json` for CI.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder: the one that holds site.yaml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on; 0 picks any free port.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. Other machines can reach the preview only if you bind to
    /// an address they can reach, such as 0.0.0.0.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the preview in the default web browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
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
    /// Skip the printable handouts (HTML and PDF), for quick previews.
    #[arg(long)]
    pub no_handouts: bool,
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
    /// One row per language: pages translated, reviewed, draft, stale and missing, and the
    /// share of UI messages translated.
    Status(StatusArgs),
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The site folder: the one that holds site.yaml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
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
