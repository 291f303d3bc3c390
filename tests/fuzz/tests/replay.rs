//! The fuzz targets without libFuzzer: replays the seed corpora (and any corpus a
//! fuzzing run left in build/fuzz/corpus) plus a bounded number of generated inputs,
//! so the harnesses run anywhere `cargo test` does.
//!
//! `FUZZ_REPLAY_ITERS` sets how many generated inputs each target gets (default 300).
//! A panic anywhere, even one the library's panic firewall catches, fails the test.
use iwasm_fuzz::{differential, module_bytes, sequence, smith, SplitMix};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

static PANICS: AtomicUsize = AtomicUsize::new(0);

fn count_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            default(info);
        }));
    });
}

fn iters() -> u64 {
    std::env::var("FUZZ_REPLAY_ITERS").ok().and_then(|s| s.parse().ok()).unwrap_or(300)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every file in the given directories (those that exist).
fn files(dirs: &[PathBuf]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for d in dirs {
        let Ok(entries) = std::fs::read_dir(d) else { continue };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
        paths.sort();
        for p in paths {
            if let Ok(bytes) = std::fs::read(&p) {
                if bytes.len() <= 1 << 20 {
                    out.push(bytes);
                }
            }
        }
    }
    out
}

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let r = root();
    let mut dirs = vec![r.join("tests/fuzz/seeds").join(target), r.join("build/fuzz/corpus").join(target)];
    if target == "module_bytes" {
        dirs.push(r.join("build/wasm"));
    }
    files(&dirs)
}

/// Flips a few bytes of `input` (a cheap stand-in for libFuzzer's mutations).
fn mutate(rng: &mut SplitMix, input: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    if v.is_empty() {
        return rng.bytes(16);
    }
    for _ in 0..1 + rng.next_u64() % 4 {
        let i = (rng.next_u64() as usize) % v.len();
        v[i] ^= 1 << (rng.next_u64() % 8);
    }
    if rng.next_u64() % 4 == 0 {
        let cut = (rng.next_u64() as usize) % v.len();
        v.truncate(cut);
    }
    v
}

fn no_panics(before: usize) {
    assert_eq!(PANICS.load(Ordering::SeqCst), before, "a panic happened (see the output above)");
}

#[test]
fn module_bytes_replay() {
    count_panics();
    let before = PANICS.load(Ordering::SeqCst);
    let seeds = corpus("module_bytes");
    assert!(!seeds.is_empty(), "no seed modules found");
    for s in &seeds {
        module_bytes::run(s);
    }
    let mut rng = SplitMix(1);
    for i in 0..iters() {
        let input = mutate(&mut rng, &seeds[i as usize % seeds.len()]);
        module_bytes::run(&input);
    }
    no_panics(before);
}

#[test]
fn smith_instantiate_replay() {
    count_panics();
    let before = PANICS.load(Ordering::SeqCst);
    for s in corpus("smith_instantiate") {
        smith::run(&s);
    }
    let mut rng = SplitMix(2);
    for i in 0..iters() {
        let n = 32 + (i as usize * 37) % 2048;
        smith::run(&rng.bytes(n));
    }
    no_panics(before);
}

#[test]
fn api_sequence_replay() {
    count_panics();
    let before = PANICS.load(Ordering::SeqCst);
    for s in corpus("api_sequence") {
        sequence::run(&s);
    }
    let mut rng = SplitMix(3);
    for i in 0..iters() * 10 {
        let n = 16 + (i as usize * 13) % 1024;
        sequence::run(&rng.bytes(n));
    }
    no_panics(before);
}

#[test]
fn differential_replay() {
    count_panics();
    let before = PANICS.load(Ordering::SeqCst);
    for s in corpus("differential") {
        differential::run(&s);
    }
    let mut rng = SplitMix(4);
    for i in 0..iters() {
        let n = 32 + (i as usize * 41) % 2048;
        differential::run(&rng.bytes(n));
    }
    no_panics(before);
}
