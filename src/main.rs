//! `signpost`: parse the command line, run the command, print problems and a summary, and
//! set the exit code.

mod cli;

use clap::Parser;
use std::process::ExitCode;

use cli::{
    BuildArgs, CheckArgs, Cli, Command, Format, I18nArgs, I18nCommand, NewArgs, ServeArgs, StampArgs, StatusArgs,
};
use signpost::diagnostics::{Diagnostics, Severity};
use signpost::{BuildOptions, LoadOptions};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Handouts are typeset on rayon's threads.
    if let Err(err) = rayon::ThreadPoolBuilder::new().stack_size(signpost::handouts::STACK_SIZE).build_global() {
        eprintln!("warning: cannot give threads a larger stack ({err}); long print packs may fail");
    }
    match cli.command {
        Command::Build(args) => build(args, cli.quiet, cli.verbose),
        Command::Serve(args) => serve(args),
        Command::Check(args) => check(args),
        Command::New(args) => new(args),
        Command::I18n(I18nArgs { command: I18nCommand::Stamp(args) }) => stamp(args, cli.quiet),
        Command::I18n(I18nArgs { command: I18nCommand::Status(args) }) => status(args),
    }
}

fn build(args: BuildArgs, quiet: bool, verbose: bool) -> ExitCode {
    let options = BuildOptions {
        load: LoadOptions { root: args.root, base_url: args.base_url, drafts: args.drafts },
        output: args.output,
        handouts: !args.no_handouts,
    };
    match signpost::build(&options) {
        Ok(report) => {
            if !quiet {
                for warning in &report.warnings.0 {
                    eprintln!("{warning}");
                }
                println!("{}", summary(&report));
            }
            if verbose {
                for (step, time) in &report.timings {
                    println!("  {step}: {:.1} ms", time.as_secs_f64() * 1000.0);
                }
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            let errors = report_failure(&err, quiet);
            eprintln!("Build failed with {}; the previous output is unchanged.", plural(errors, "error"));
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let options =
        signpost::serve::ServeOptions { root: args.root, bind: args.bind, port: args.port, drafts: args.drafts };
    let open = args.open;
    let result = signpost::serve::serve(&options, |running| {
        let url = format!("http://{}/", running.address);
        println!("Serving on {url} (Ctrl-C to stop)");
        if open && let Err(err) = open::that_detached(&url) {
            eprintln!("warning: could not open a browser: {err}");
        }
        let handle = std::sync::Arc::clone(&running);
        if let Err(err) = ctrlc::set_handler(move || handle.stop()) {
            eprintln!("warning: Ctrl-C handler not installed: {err}");
        }
    });
    match result {
        Ok(()) => {
            println!("Stopped.");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let today = jiff::Zoned::now().date();
    let findings = signpost::check::check(&args.root, today);
    match args.format {
        Format::Text => print!("{}", signpost::check::text_report(&findings)),
        Format::Json => match serde_json::to_string_pretty(&signpost::check::JsonReport::new(&findings)) {
            Ok(json) => println!("{json}"),
            Err(err) => {
                eprintln!("error: {err}");
                return ExitCode::FAILURE;
            }
        },
    }
    let failed = findings.has_errors() || (args.strict && !findings.0.is_empty());
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn new(args: NewArgs) -> ExitCode {
    match signpost::scaffold::new_page(&args.root, &args.page, args.lang.as_deref(), jiff::Zoned::now().date()) {
        Ok(file) => {
            println!("Created {}", signpost::diagnostics::display_path(&args.root, &file).display());
            ExitCode::SUCCESS
        }
        Err(problems) => {
            report_failure(&problems.into(), false);
            ExitCode::FAILURE
        }
    }
}

fn status(args: StatusArgs) -> ExitCode {
    match signpost::translations::status(&args.root) {
        Ok(rows) => {
            print!("{}", signpost::translations::status_table(&rows));
            ExitCode::SUCCESS
        }
        Err(problems) => {
            let errors = report_failure(&problems.into(), false);
            eprintln!("Cannot report: {}.", plural(errors, "error"));
            ExitCode::FAILURE
        }
    }
}

fn stamp(args: StampArgs, quiet: bool) -> ExitCode {
    let root = std::path::absolute(&args.root).unwrap_or(args.root.clone());
    let mut files = Vec::new();
    for file in &args.files {
        let absolute = std::path::absolute(file).unwrap_or(file.clone());
        match absolute.strip_prefix(&root) {
            Ok(relative) => files.push(relative.to_path_buf()),
            Err(_) => {
                eprintln!("error: {} is not inside the site folder {}", file.display(), args.root.display());
                return ExitCode::FAILURE;
            }
        }
    }
    match signpost::translations::stamp(&args.root, &files) {
        Ok(stamped) => {
            if !quiet {
                for s in stamped {
                    let what = if s.changed { "stamped" } else { "already up to date" };
                    println!("{}: {what} ({})", s.file.display(), s.hash);
                }
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            let errors = report_failure(&problems.into(), quiet);
            eprintln!("Stamping failed with {}; those files were not changed.", plural(errors, "error"));
            ExitCode::FAILURE
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

/// Prints what went wrong; returns how many errors there were.
fn report_failure(err: &anyhow::Error, quiet: bool) -> usize {
    match err.downcast_ref::<Diagnostics>() {
        Some(problems) => {
            for problem in &problems.0 {
                if problem.severity == Severity::Error || !quiet {
                    eprintln!("{problem}");
                }
            }
            problems.errors().count()
        }
        None => {
            eprintln!("error: {err:#}");
            1
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
