//! Triage helper: writes the module that smith_instantiate builds from a fuzz input.
//!   cargo run --release --manifest-path tests/fuzz/Cargo.toml --example smith_dump -- INPUT OUT.wasm
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (input, out) = (&args[1], &args[2]);
    let data = std::fs::read(input).expect("read input");
    let wasm = iwasm_fuzz::smith::module_bytes(&data).expect("no module from this input");
    std::fs::write(out, wasm).expect("write output");
}
