//! WASI set-up as WAMR's C API has it: `wasm_runtime_set_wasi_args(_ex)` record a
//! module's argv, environment, preopens and stdio ([`WasiArgs`]), and our
//! `wamr_trap_exit_code` reads a `proc_exit` code. The built-in WASI itself is
//! `wasi_host.rs` (feature `wasi`; without it, `wasi_absent.rs`: WASI imports stay
//! unlinked, as in a WAMR built without libc-wasi).
use crate::guard::guard;
use crate::module::wasm_module_t;
use crate::trap::wasm_trap_t;
use std::ffi::{c_char, c_int, CStr};

#[cfg(not(feature = "wasi"))]
pub(crate) use crate::wasi_absent::{add_context, function, new_context, provides, WasiContexts};
#[cfg(feature = "wasi")]
pub(crate) use crate::wasi_host::{add_context, function, new_context, provides, WasiContexts};

/// The import module name of WASI preview 1.
pub(crate) const WASI_MODULE: &str = "wasi_snapshot_preview1";

/// WASI set-up recorded on a module by `wasm_runtime_set_wasi_args(_ex)`; copied
/// at the call, so the caller's arrays need not outlive it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct WasiArgs {
    /// Host directories preopened under the same path.
    pub(crate) dirs: Vec<String>,
    /// `(guest, host)` pairs from `"guest::host"` entries.
    pub(crate) map_dirs: Vec<(String, String)>,
    /// `"KEY=VALUE"` entries, split at the first `=`.
    pub(crate) env: Vec<(String, String)>,
    pub(crate) argv: Vec<String>,
    /// Host descriptors for stdin, stdout, stderr; negative means inherit.
    pub(crate) stdio: [i64; 3],
    /// Whether the embedder gave this set-up (WAMR's `set_by_user`): a module's, by
    /// `wasm_runtime_set_wasi_args(_ex)` (or the socket pools); an instantiation's, by
    /// a WASI setter of its `InstantiationArgs2`. WAMR refuses an instantiation given both.
    pub(crate) set_by_user: bool,
}

impl Default for WasiArgs {
    fn default() -> WasiArgs {
        WasiArgs {
            dirs: Vec::new(),
            map_dirs: Vec::new(),
            env: Vec::new(),
            argv: Vec::new(),
            stdio: [-1; 3],
            set_by_user: false,
        }
    }
}

/// Whether a module counts as a WASI module for WAMR (it imports a function
/// from `wasi_snapshot_preview1` or `wasi_unstable`).
pub(crate) fn imports_wasi(module: &wasmi::Module) -> bool {
    module.imports().any(|i| {
        matches!(i.ty(), wasmi::ExternType::Func(_)) && matches!(i.module(), WASI_MODULE | "wasi_unstable")
    })
}

/// The C strings of `list[0..count]`; NULL list or entries are skipped.
pub(crate) unsafe fn strings<T>(list: *const *const T, count: usize) -> Vec<String> {
    if list.is_null() {
        return Vec::new();
    }
    (0..count)
        .filter_map(|i| {
            let p = *list.add(i) as *const c_char;
            (!p.is_null()).then(|| CStr::from_ptr(p).to_string_lossy().into_owned())
        })
        .collect()
}

pub(crate) fn parse_args(
    dirs: Vec<String>,
    maps: Vec<String>,
    env: Vec<String>,
    argv: Vec<String>,
    stdio: [i64; 3],
) -> WasiArgs {
    let map_dirs = maps
        .into_iter()
        .filter_map(|m| {
            let parsed = m.split_once("::").map(|(g, h)| (g.to_owned(), h.to_owned()));
            if parsed.is_none() {
                eprintln!("WASI: ignoring directory mapping \"{m}\" (expected \"guest::host\")");
            }
            parsed
        })
        .collect();
    let env = env
        .into_iter()
        .map(|e| match e.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (e, String::new()),
        })
        .collect();
    WasiArgs { dirs, map_dirs, env, argv, stdio, set_by_user: true }
}

/// WAMR's `wasm_runtime_set_wasi_args_ex`: the WASI set-up of every later
/// instance of `module` (`*m` for the `wasm_module_t* m` from `wasm_module_new`).
/// `dir_list` entries are preopened under their own path, `map_dir_list` entries
/// are `"guest::host"`, `env` entries `"KEY=VALUE"`; a negative fd inherits the
/// process's stdin/stdout/stderr. The strings are copied.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_wasi_args_ex(
    module: wasm_module_t,
    dir_list: *mut *const c_char,
    dir_count: u32,
    map_dir_list: *mut *const c_char,
    map_dir_count: u32,
    env: *mut *const c_char,
    env_count: u32,
    argv: *mut *mut c_char,
    argc: c_int,
    stdinfd: i64,
    stdoutfd: i64,
    stderrfd: i64,
) {
    let Some(m) = module.as_ref() else { return };
    guard((), || {
        let args = parse_args(
            strings(dir_list, dir_count as usize),
            strings(map_dir_list, map_dir_count as usize),
            strings(env, env_count as usize),
            strings(argv as *const *const c_char, argc.max(0) as usize),
            [stdinfd, stdoutfd, stderrfd],
        );
        if let Ok(mut w) = m.wasi.lock() {
            *w = args;
        }
    })
}

/// WAMR's `wasm_runtime_set_wasi_args`: as `_ex`, inheriting stdio.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_wasi_args(
    module: wasm_module_t,
    dir_list: *mut *const c_char,
    dir_count: u32,
    map_dir_list: *mut *const c_char,
    map_dir_count: u32,
    env: *mut *const c_char,
    env_count: u32,
    argv: *mut *mut c_char,
    argc: c_int,
) {
    wasm_runtime_set_wasi_args_ex(
        module,
        dir_list,
        dir_count,
        map_dir_list,
        map_dir_count,
        env,
        env_count,
        argv,
        argc,
        -1,
        -1,
        -1,
    )
}

/// Extension: true if `trap` is a WASI `proc_exit` (even with code 0), storing
/// the exit code in `*code` (when `code` is not NULL); false for any other trap.
#[no_mangle]
pub unsafe extern "C" fn wamr_trap_exit_code(trap: *const wasm_trap_t, code: *mut i32) -> bool {
    match trap.as_ref().and_then(|t| t.obj.body.exit_code) {
        Some(c) => {
            if let Some(out) = code.as_mut() {
                *out = c;
            }
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_wamr_style_args() {
        let args = parse_args(
            vec!["/tmp".into()],
            vec!["/data::/srv/data".into(), "bad".into()],
            vec!["A=1".into(), "B=x=y".into(), "C".into()],
            vec!["prog".into()],
            [-1, 5, -1],
        );
        assert_eq!(args.map_dirs, vec![("/data".to_owned(), "/srv/data".to_owned())]);
        assert_eq!(
            args.env,
            vec![("A".into(), "1".into()), ("B".into(), "x=y".into()), ("C".into(), String::new())]
        );
        assert_eq!(args.stdio, [-1, 5, -1]);
        assert_eq!(WasiArgs::default().stdio, [-1; 3]);
    }
}
