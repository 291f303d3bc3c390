// Programs linked against WAMR's library record the soname `libiwasm.so.2`;
// giving ours the same soname lets them load it unchanged.
//
// wasm_runtime_call_wasm_v is C-variadic, which stable Rust cannot define: it is C
// (src/export/call_wasm_v.c), compiled here. rustc exports only Rust's own symbols
// from the shared library (its version script hides the rest), so a second version
// script makes the C function global too (GNU ld and lld merge the two).
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/export/call_wasm_v.c");
    cc::Build::new().file("src/export/call_wasm_v.c").warnings(true).compile("iwasm_call_wasm_v");

    const C_EXPORTS: &[&str] = &["wasm_runtime_call_wasm_v"];
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libiwasm.so.2");
        let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
        let map = out.join("c_exports.map");
        let globals: String = C_EXPORTS.iter().map(|s| format!(" {s};")).collect();
        std::fs::write(&map, format!("{{ global:{globals} }};\n")).expect("writing the version script");
        println!("cargo:rustc-cdylib-link-arg=-Wl,--version-script={}", map.display());
    } else if os == "macos" || os == "ios" {
        for s in C_EXPORTS {
            println!("cargo:rustc-cdylib-link-arg=-Wl,-exported_symbol,_{s}");
        }
    }
}
