//! `signpost`: parse the command line, run the command, print problems and a summary, and
//! set the exit code.

mod cli;

use clap::Parser;
use std::process::ExitCode;

use cli::{Cli, Command};
use signpost::diagnostics::{Diagnostics, Severity};
use signpost::{BuildOptions, LoadOptions};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                load: LoadOptions { root: args.root, base_url: args.base_url, drafts: args.drafts },
                output: args.output,
            };
            match signpost::build(&options) {
                Ok(report) => {
                    if !cli.quiet {
                        for warning in &report.warnings.0 {
                            eprintln!("{warning}");
                        }
                        println!("{}", summary(&report));
                    }
                    if cli.verbose {
                        for (step, time) in &report.timings {
                            println!("  {step}: {:.1} ms", time.as_secs_f64() * 1000.0);
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    report_failure(&err, cli.quiet);
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// `Built 24 pages (en 12, ar 12) in 0.08 s into public`
fn summary(report: &signpost::BuildReport) -> String {
    let total: usize = report.pages_per_language.iter().map(|(_, n)| n).sum();
    let per_language: Vec<String> = report.pages_per_language.iter().map(|(lang, n)| format!("{lang} {n}")).collect();
    let elapsed: f64 = report.timings.iter().map(|(_, t)| t.as_secs_f64()).sum();
    format!("Built {total} pages ({}) in {elapsed:.2} s into {}", per_language.join(", "), report.output.display())
}

fn report_failure(err: &anyhow::Error, quiet: bool) {
    match err.downcast_ref::<Diagnostics>() {
        Some(problems) => {
            for problem in &problems.0 {
                if problem.severity == Severity::Error || !quiet {
                    eprintln!("{problem}");
                }
            }
            let errors = problems.errors().count();
            eprintln!(
                "Build failed with {errors} error{}; the previous output is unchanged.",
                if errors == 1 { "" } else { "s" }
            );
        }
        None => eprintln!("error: {err:#}"),
    }
}
