//! Engine-level baselines for `make bench`: the same workloads as bench/capi_bench.c, run on
//! raw wasmi 2.x (the engine under our libiwasm, without the C API) and on Wasm3 (wasm3x).
//!
//! Usage:
//!   bench-engines <wasmi|wasm3> coremark <coremark.wasm>
//!   bench-engines <wasmi|wasm3> micro <micro.wasm> <reps>
//!   bench-engines <wasmi|wasm3> compile <reps> <file.wasm>...
//!
//! Prints one JSON object per line: {"engine", "bench", "unit", "samples": [...]}.
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: bench-engines <wasmi|wasm3> <coremark FILE | micro FILE REPS | compile REPS FILE...>");
        std::process::exit(2);
    }
    let engine = args[1].as_str();
    let result = match (engine, args[2].as_str()) {
        ("wasmi", "coremark") => wasmi_bench::coremark(&read(&args[3])),
        ("wasm3", "coremark") => wasm3_bench::coremark(&read(&args[3])),
        ("wasmi", "micro") => wasmi_bench::micro(&read(&args[3]), reps(&args[4])),
        ("wasm3", "micro") => wasm3_bench::micro(&read(&args[3]), reps(&args[4])),
        ("wasmi", "compile") => compile(engine, reps(&args[3]), &args[4..], wasmi_bench::compile),
        ("wasm3", "compile") => compile(engine, reps(&args[3]), &args[4..], wasm3_bench::compile),
        _ => Err(format!("unknown engine/benchmark {} {}", args[1], args[2])),
    };
    if let Err(e) = result {
        eprintln!("bench-engines {engine}: {e}");
        std::process::exit(1);
    }
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(2)
    })
}

fn reps(s: &str) -> usize {
    s.parse().unwrap_or(5).max(1)
}

fn emit(engine: &str, bench: &str, unit: &str, samples: &[f64]) {
    let list: Vec<String> = samples.iter().map(|s| format!("{s:.6}")).collect();
    println!(
        "{{\"engine\": \"{engine}\", \"bench\": \"{bench}\", \"unit\": \"{unit}\", \"samples\": [{}]}}",
        list.join(", ")
    );
}

/// Times `f` `reps` times; each sample is the elapsed time divided by `per`, in `scale` units.
fn time_reps(reps: usize, per: f64, scale: f64, mut f: impl FnMut() -> Result<(), String>) -> Result<Vec<f64>, String> {
    f()?; // warm-up (lazy translation, caches)
    let mut out = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        f()?;
        out.push(t.elapsed().as_secs_f64() * scale / per);
    }
    Ok(out)
}

fn compile(engine: &str, reps: usize, files: &[String], f: fn(&[u8]) -> Result<(), String>) -> Result<(), String> {
    for path in files {
        let bytes = read(path);
        let name = std::path::Path::new(path).file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        match time_reps(reps, 1.0, 1e3, || f(&bytes)) {
            Ok(samples) => emit(engine, &format!("compile:{name}"), "ms", &samples),
            Err(e) => eprintln!("bench-engines {engine}: compile {name}: {e}"),
        }
    }
    Ok(())
}

/// Iteration counts shared with capi_bench.c (keep them equal).
const CALLS: i32 = 1_000_000;
const HOST_CALLS: i32 = 1_000_000;
const FIB_N: i32 = 30;
const LOOP_N: i32 = 100_000_000;

fn ms_since_start() -> i32 {
    use std::sync::OnceLock;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_millis() as i32
}

mod wasmi_bench {
    use super::*;
    use wasmi::{CompilationMode, Config, Engine, Linker, Module, Store};

    fn engine() -> Engine {
        // The configuration capi/src/engine.rs uses.
        let mut config = Config::default();
        config.compilation_mode(CompilationMode::LazyTranslation);
        Engine::new(&config)
    }

    fn e(err: impl std::fmt::Display) -> String {
        err.to_string()
    }

    pub fn compile(bytes: &[u8]) -> Result<(), String> {
        Module::new(&engine(), bytes).map(drop).map_err(e)
    }

    pub fn coremark(bytes: &[u8]) -> Result<(), String> {
        let engine = engine();
        let module = Module::new(&engine, bytes).map_err(e)?;
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::<()>::new(&engine);
        linker.func_wrap("env", "clock_ms", ms_since_start).map_err(e)?;
        let instance = linker.instantiate_and_start(&mut store, &module).map_err(e)?;
        let run = instance.get_typed_func::<(), f32>(&store, "run").map_err(e)?;
        let score = run.call(&mut store, ()).map_err(e)?;
        emit("wasmi", "coremark", "score", &[score as f64]);
        Ok(())
    }

    pub fn micro(bytes: &[u8], reps: usize) -> Result<(), String> {
        let engine = engine();
        let module = Module::new(&engine, bytes).map_err(e)?;
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::<()>::new(&engine);
        linker.func_wrap("env", "host_inc", |x: i32| x.wrapping_add(1)).map_err(e)?;
        let inst = linker.instantiate_and_start(&mut store, &module).map_err(e)?;
        let add = inst.get_typed_func::<(i32, i32), i32>(&store, "add").map_err(e)?;
        let host_loop = inst.get_typed_func::<i32, i32>(&store, "host_loop").map_err(e)?;
        let fib = inst.get_typed_func::<i32, i32>(&store, "fib").map_err(e)?;
        let lp = inst.get_typed_func::<i32, i32>(&store, "loop").map_err(e)?;

        let s = time_reps(reps, CALLS as f64, 1e9, || {
            let mut acc = 0;
            for i in 0..CALLS {
                acc = add.call(&mut store, (acc, i)).map_err(e)?;
            }
            std::hint::black_box(acc);
            Ok(())
        })?;
        emit("wasmi", "call_add", "ns", &s);
        let s = time_reps(reps, HOST_CALLS as f64, 1e9, || {
            match host_loop.call(&mut store, HOST_CALLS).map_err(e)? {
                n if n == HOST_CALLS => Ok(()),
                n => Err(format!("host_loop returned {n}")),
            }
        })?;
        emit("wasmi", "host_call", "ns", &s);
        let s = time_reps(reps, 1.0, 1e3, || match fib.call(&mut store, FIB_N).map_err(e)? {
            832040 => Ok(()),
            n => Err(format!("fib returned {n}")),
        })?;
        emit("wasmi", "fib30", "ms", &s);
        let s = time_reps(reps, 1.0, 1e3, || lp.call(&mut store, LOOP_N).map(drop).map_err(e))?;
        emit("wasmi", "loop", "ms", &s);
        Ok(())
    }
}

mod wasm3_bench {
    use super::*;
    use wasm3x::{Engine, Linker, Module, Store};

    fn e(err: impl std::fmt::Display) -> String {
        err.to_string()
    }

    pub fn compile(bytes: &[u8]) -> Result<(), String> {
        let engine = Engine::default();
        Module::new(&engine, bytes).map(drop).map_err(e)
    }

    pub fn coremark(bytes: &[u8]) -> Result<(), String> {
        let engine = Engine::default();
        let module = Module::new(&engine, bytes).map_err(e)?;
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::<()>::new(&engine);
        linker.func_wrap("env", "clock_ms", ms_since_start).map_err(e)?;
        let instance = linker.instantiate_and_start(&mut store, &module).map_err(e)?;
        let run = instance.get_typed_func::<(), f32>(&store, "run").map_err(e)?;
        let score = run.call(&mut store, ()).map_err(e)?;
        emit("wasm3", "coremark", "score", &[score as f64]);
        Ok(())
    }

    pub fn micro(bytes: &[u8], reps: usize) -> Result<(), String> {
        let engine = Engine::default();
        let module = Module::new(&engine, bytes).map_err(e)?;
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::<()>::new(&engine);
        linker.func_wrap("env", "host_inc", |x: i32| x.wrapping_add(1)).map_err(e)?;
        let inst = linker.instantiate_and_start(&mut store, &module).map_err(e)?;
        let add = inst.get_typed_func::<(i32, i32), i32>(&store, "add").map_err(e)?;
        let host_loop = inst.get_typed_func::<i32, i32>(&store, "host_loop").map_err(e)?;
        let fib = inst.get_typed_func::<i32, i32>(&store, "fib").map_err(e)?;
        let lp = inst.get_typed_func::<i32, i32>(&store, "loop").map_err(e)?;

        let s = time_reps(reps, CALLS as f64, 1e9, || {
            let mut acc = 0;
            for i in 0..CALLS {
                acc = add.call(&mut store, (acc, i)).map_err(e)?;
            }
            std::hint::black_box(acc);
            Ok(())
        })?;
        emit("wasm3", "call_add", "ns", &s);
        let s = time_reps(reps, HOST_CALLS as f64, 1e9, || {
            match host_loop.call(&mut store, HOST_CALLS).map_err(e)? {
                n if n == HOST_CALLS => Ok(()),
                n => Err(format!("host_loop returned {n}")),
            }
        })?;
        emit("wasm3", "host_call", "ns", &s);
        let s = time_reps(reps, 1.0, 1e3, || match fib.call(&mut store, FIB_N).map_err(e)? {
            832040 => Ok(()),
            n => Err(format!("fib returned {n}")),
        })?;
        emit("wasm3", "fib30", "ms", &s);
        let s = time_reps(reps, 1.0, 1e3, || lp.call(&mut store, LOOP_N).map(drop).map_err(e))?;
        emit("wasm3", "loop", "ms", &s);
        Ok(())
    }
}
