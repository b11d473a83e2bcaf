//! One integration-test binary (one link step), a module per command. Every test copies a
//! fixture site from tests/fixtures/ into a temporary folder and runs the real binary on it,
//! so tests never write into the repository.

mod build;
mod common;
mod i18n;
mod shipped;
