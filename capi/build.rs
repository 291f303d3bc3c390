// Programs linked against WAMR's library record the soname `libiwasm.so.2`;
// giving ours the same soname lets them load it unchanged.
fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libiwasm.so.2");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
