//! `wat2wasm IN.wat [IN2.wat ...]`: writes each `X.wat` as `X.wasm` beside it
//! (or `wat2wasm IN.wat -o OUT.wasm` for one file).
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn convert(input: &Path, output: &Path) -> Result<(), String> {
    let wasm = wat::parse_file(input).map_err(|e| format!("{}: {e}", input.display()))?;
    std::fs::write(output, wasm).map_err(|e| format!("{}: {e}", output.display()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let jobs: Vec<(PathBuf, PathBuf)> = match args.as_slice() {
        [input, flag, output] if flag == "-o" => vec![(input.into(), output.into())],
        inputs if !inputs.is_empty() => {
            inputs.iter().map(|i| (PathBuf::from(i), Path::new(i).with_extension("wasm"))).collect()
        }
        _ => {
            eprintln!("usage: wat2wasm IN.wat [-o OUT.wasm] | wat2wasm A.wat B.wat ...");
            return ExitCode::from(2);
        }
    };
    for (input, output) in jobs {
        if let Err(e) = convert(&input, &output) {
            eprintln!("wat2wasm: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
