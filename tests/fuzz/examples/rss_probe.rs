//! Memory growth probe: runs a harness on generated inputs and prints the resident set
//! size every N inputs (a library that keeps memory per module or store shows a steady
//! climb).  cargo run --release --manifest-path tests/fuzz/Cargo.toml --example rss_probe -- TARGET ITERS
use iwasm_fuzz::{module_bytes, sequence, smith, SplitMix};

fn rss_kb() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()).unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let target = args.get(1).map(String::as_str).unwrap_or("smith_instantiate");
    let iters: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20000);
    let mut rng = SplitMix(7);
    for i in 0..iters {
        let n = 64 + (i as usize * 37) % 2048;
        let input = rng.bytes(n);
        match target {
            "module_bytes" => module_bytes::run(&input),
            "api_sequence" => sequence::run(&input),
            // the same small module over and over, through the module_bytes harness
            "same_module" => module_bytes::run(include_bytes!("../seeds/module_bytes/m1_add.wasm")),
            _ => smith::run(&input),
        }
        if i % (iters / 10).max(1) == 0 {
            println!("{i:>8} inputs: rss {} KB", rss_kb());
        }
    }
    println!("{iters:>8} inputs: rss {} KB", rss_kb());
}
