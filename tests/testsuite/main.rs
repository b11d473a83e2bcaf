//! One integration-test binary (one link step), a module per command. Every test copies a
//! fixture site from tests/fixtures/ into a temporary folder and runs the real binary on it,
//! so tests never write into the repository.

mod build;
mod check;
mod common;
mod handouts;
mod i18n;
mod serve;
mod shipped;
