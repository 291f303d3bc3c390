//! The built-in `wasi_snapshot_preview1` itself (feature `wasi`): wasi-common, through
//! wasmi's `wasmi_wasi` binding. Every instance that uses a built-in WASI function gets
//! its own `WasiCtx`, made at instantiation from its module's [`WasiArgs`] and kept in
//! the store ([`WasiContexts`]). Each WASI function linked into that instance is bound
//! to that context by index, so no per-call bookkeeping is needed (calls that do not
//! involve WASI pay nothing) and wasm -> wasm calls across instances stay correct.
use crate::store::StoreData;
use crate::wasi::{WasiArgs, WASI_MODULE};
use std::ffi::c_int;
use std::os::fd::FromRawFd;
use wasmi::{AsContextMut, Func, ValType};
use wasmi_wasi::sync::snapshots::preview_1::wrapped;
use wasmi_wasi::wasi_common::sync::{ambient_authority, Dir, WasiCtxBuilder};
use wasmi_wasi::{WasiCtx, WasiFile};

/// The WASI contexts of a store's instances, indexed by what their functions hold.
#[derive(Default)]
pub(crate) struct WasiContexts(Vec<WasiCtx>);

impl WasiContexts {
    fn push(&mut self, ctx: WasiCtx) -> usize {
        self.0.push(ctx);
        self.0.len() - 1
    }
}

/// How a WASI function finds its instance's context.
fn ctx_of(index: usize) -> impl Fn(&mut StoreData) -> &mut WasiCtx + Send + Sync + Copy + 'static {
    move |data: &mut StoreData| &mut data.wasi.0[index]
}

macro_rules! wasi_functions {
    ($( $name:ident ( $($p:ident),* ) -> ( $($r:ident),* ); )*) => {
        /// Every function wasi-common provides, with its wasm signature.
        pub(crate) const SIGNATURES: &[(&str, &[ValType], &[ValType])] =
            &[$( (stringify!($name), &[$(ValType::$p),*], &[$(ValType::$r),*]) ),*];

        /// A new host function `name` bound to context `index`.
        fn wrap_function(ctx: impl AsContextMut<Data = StoreData>, name: &str, index: usize) -> Option<Func> {
            match name {
                $( stringify!($name) => Some(Func::wrap(ctx, wrapped::$name(ctx_of(index)))), )*
                _ => None,
            }
        }
    };
}

wasi_functions! {
    args_get(I32, I32) -> (I32);
    args_sizes_get(I32, I32) -> (I32);
    environ_get(I32, I32) -> (I32);
    environ_sizes_get(I32, I32) -> (I32);
    clock_res_get(I32, I32) -> (I32);
    clock_time_get(I32, I64, I32) -> (I32);
    fd_advise(I32, I64, I64, I32) -> (I32);
    fd_allocate(I32, I64, I64) -> (I32);
    fd_close(I32) -> (I32);
    fd_datasync(I32) -> (I32);
    fd_fdstat_get(I32, I32) -> (I32);
    fd_fdstat_set_flags(I32, I32) -> (I32);
    fd_fdstat_set_rights(I32, I64, I64) -> (I32);
    fd_filestat_get(I32, I32) -> (I32);
    fd_filestat_set_size(I32, I64) -> (I32);
    fd_filestat_set_times(I32, I64, I64, I32) -> (I32);
    fd_pread(I32, I32, I32, I64, I32) -> (I32);
    fd_prestat_get(I32, I32) -> (I32);
    fd_prestat_dir_name(I32, I32, I32) -> (I32);
    fd_pwrite(I32, I32, I32, I64, I32) -> (I32);
    fd_read(I32, I32, I32, I32) -> (I32);
    fd_readdir(I32, I32, I32, I64, I32) -> (I32);
    fd_renumber(I32, I32) -> (I32);
    fd_seek(I32, I64, I32, I32) -> (I32);
    fd_sync(I32) -> (I32);
    fd_tell(I32, I32) -> (I32);
    fd_write(I32, I32, I32, I32) -> (I32);
    path_create_directory(I32, I32, I32) -> (I32);
    path_filestat_get(I32, I32, I32, I32, I32) -> (I32);
    path_filestat_set_times(I32, I32, I32, I32, I64, I64, I32) -> (I32);
    path_link(I32, I32, I32, I32, I32, I32, I32) -> (I32);
    path_open(I32, I32, I32, I32, I32, I64, I64, I32, I32) -> (I32);
    path_readlink(I32, I32, I32, I32, I32, I32) -> (I32);
    path_remove_directory(I32, I32, I32) -> (I32);
    path_rename(I32, I32, I32, I32, I32, I32) -> (I32);
    path_symlink(I32, I32, I32, I32, I32) -> (I32);
    path_unlink_file(I32, I32, I32) -> (I32);
    poll_oneoff(I32, I32, I32, I32) -> (I32);
    proc_exit(I32) -> ();
    proc_raise(I32) -> (I32);
    sched_yield() -> (I32);
    random_get(I32, I32) -> (I32);
    sock_accept(I32, I32, I32) -> (I32);
    sock_recv(I32, I32, I32, I32, I32, I32) -> (I32);
    sock_send(I32, I32, I32, I32, I32) -> (I32);
    sock_shutdown(I32, I32) -> (I32);
}

/// Whether the library provides `wasi_snapshot_preview1.name` with this signature.
pub(crate) fn provides(module: &str, name: &str, params: &[ValType], results: &[ValType]) -> bool {
    module == WASI_MODULE
        && SIGNATURES.iter().any(|(n, p, r)| *n == name && *p == params && *r == results)
}

/// A WASI file for a host descriptor (duplicated, so neither side's close affects the other).
fn host_fd_file(fd: i64) -> Result<Box<dyn WasiFile>, String> {
    let raw = c_int::try_from(fd).map_err(|_| format!("invalid file descriptor {fd}"))?;
    let dup = unsafe { libc::fcntl(raw, libc::F_DUPFD_CLOEXEC, 0) };
    if dup < 0 {
        return Err(format!("invalid file descriptor {fd}: {}", std::io::Error::last_os_error()));
    }
    let file = unsafe { std::fs::File::from_raw_fd(dup) };
    let file = cap_std::fs::File::from_std(file);
    Ok(Box::new(wasmi_wasi::wasi_common::sync::file::File::from_cap_std(file)))
}

fn open_dir(host: &str) -> Result<Dir, std::io::Error> {
    Dir::open_ambient_dir(host, ambient_authority())
}

/// A fresh WASI context for one instance: args, env, stdio (inherited unless a
/// descriptor was given), then the preopens (fd 3, 4, ...: `dirs`, then `map_dirs`).
pub(crate) fn new_context(args: &WasiArgs) -> Result<WasiCtx, String> {
    let mut b = WasiCtxBuilder::new();
    for a in &args.argv {
        b.arg(a).map_err(|e| format!("init wasi argv failed: {e}"))?;
    }
    for (k, v) in &args.env {
        b.env(k, v).map_err(|e| format!("init wasi environment failed: {e}"))?;
    }
    let [stdin, stdout, stderr] = args.stdio;
    if stdin < 0 {
        b.inherit_stdin();
    } else {
        b.stdin(host_fd_file(stdin)?);
    }
    if stdout < 0 {
        b.inherit_stdout();
    } else {
        b.stdout(host_fd_file(stdout)?);
    }
    if stderr < 0 {
        b.inherit_stderr();
    } else {
        b.stderr(host_fd_file(stderr)?);
    }
    for dir in &args.dirs {
        let opened = open_dir(dir).map_err(|e| format!("error while pre-opening directory {dir}: {e}"))?;
        b.preopened_dir(opened, dir).map_err(|e| format!("error while pre-opening directory {dir}: {e}"))?;
    }
    for (guest, host) in &args.map_dirs {
        let opened =
            open_dir(host).map_err(|e| format!("error while pre-opening mapped directory {host}: {e}"))?;
        b.preopened_dir(opened, guest)
            .map_err(|e| format!("error while pre-opening mapped directory {host}: {e}"))?;
    }
    Ok(b.build())
}

/// Adds a context to the store; returns the index WASI functions bind to.
pub(crate) fn add_context(mut ctx: impl AsContextMut<Data = StoreData>, wasi: WasiCtx) -> usize {
    ctx.as_context_mut().data_mut().wasi.push(wasi)
}

/// The built-in `name` bound to context `index`, if wasi-common has it.
/// `proc_exit` is ours: wasi-common refuses codes of 126 and above, while WAMR
/// (and a C program's `exit(255)`) pass any code through.
pub(crate) fn function(ctx: impl AsContextMut<Data = StoreData>, name: &str, index: usize) -> Option<Func> {
    if name == "proc_exit" {
        return Some(Func::wrap(ctx, |code: i32| -> Result<(), wasmi::Error> { Err(wasmi::Error::i32_exit(code)) }));
    }
    if name == "fd_allocate" {
        return Some(Func::wrap(ctx, move |mut caller: wasmi::Caller<'_, StoreData>, fd: i32, offset: i64, len: i64| {
            fd_allocate(&mut caller.data_mut().wasi.0[index], fd, offset, len)
        }));
    }
    wrap_function(ctx, name, index)
}

/// `fd_allocate`, which wasi-common refuses (`notsup`) while C's `posix_fallocate`
/// and WAMR's WASI make the file at least `offset + len` bytes long: the size from
/// `fd_filestat_get`, grown with `fd_filestat_set_size` (both wasi-common's, with
/// their rights checks). Returns the WASI errno.
fn fd_allocate(ctx: &mut WasiCtx, fd: i32, offset: i64, len: i64) -> Result<i32, wasmi::Error> {
    use wasmi_wasi::wasi_common::snapshots::preview_1::wasi_snapshot_preview1 as p1;
    const INVAL: i32 = 28;
    const FBIG: i32 = 22;
    // a filestat is 64 bytes, its size at 32: written to a scratch "memory" of our own
    let mut scratch = [0u8; 64];
    let mut memory = wasmi_wasi::WasmiGuestMemory::Unshared(&mut scratch);
    let errno = ready(p1::fd_filestat_get(ctx, &mut memory, fd, 0)).map_err(|e| wasmi::Error::new(e.to_string()))?;
    if errno != 0 {
        return Ok(errno);
    }
    if offset < 0 || len <= 0 {
        return Ok(INVAL);
    }
    let Some(end) = offset.checked_add(len) else { return Ok(FBIG) };
    let size = u64::from_le_bytes(scratch[32..40].try_into().unwrap_or_default());
    if end as u64 <= size {
        return Ok(0);
    }
    let mut memory = wasmi_wasi::WasmiGuestMemory::Unshared(&mut scratch);
    ready(p1::fd_filestat_set_size(ctx, &mut memory, fd, end)).map_err(|e| wasmi::Error::new(e.to_string()))
}

/// The value of a future that is ready at once (wasi-common's synchronous files).
fn ready<F: std::future::Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => unreachable!("wasi-common's synchronous files never wait"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The signature table agrees with the functions wasi-common really provides.
    #[test]
    fn signatures_match_wasmi_wasi() {
        let store = crate::store::StoreCell::new(wasmi::Engine::default());
        store.with(|mut ctx| {
            let index = add_context(&mut ctx, new_context(&WasiArgs::default()).unwrap());
            for (name, params, results) in SIGNATURES {
                let f = function(&mut ctx, name, index).expect(name);
                let ty = f.ty(&ctx);
                assert_eq!((ty.params(), ty.results()), (*params, *results), "{name}");
            }
            assert!(function(&mut ctx, "no_such_function", index).is_none());
        });
        assert_eq!(SIGNATURES.len(), 46);
        assert!(provides(WASI_MODULE, "fd_write", &[ValType::I32; 4], &[ValType::I32]));
        assert!(!provides(WASI_MODULE, "fd_write", &[ValType::I32; 3], &[ValType::I32]));
        assert!(!provides("env", "fd_write", &[ValType::I32; 4], &[ValType::I32]));
    }

    #[test]
    fn missing_preopen_fails() {
        let args = WasiArgs { dirs: vec!["/definitely/not/here".into()], ..Default::default() };
        let err = new_context(&args).err().unwrap();
        assert!(err.starts_with("error while pre-opening directory /definitely/not/here"), "{err}");
        let args = WasiArgs { stdio: [-1, 987654, -1], ..Default::default() };
        assert!(new_context(&args).is_err());
    }
}
