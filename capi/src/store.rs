//! `wasm_store_t`: one wasmi `Store`, shared by every object created in it.
//!
//! Objects hold a [`StoreRef`] (an `Arc`), so a store lives as long as anything made
//! in it, and deleting objects after their store is harmless. During a host callback
//! the store is borrowed by wasmi's `Caller`; [`StoreCell::with`] routes re-entrant
//! use (wasm -> host -> wasm, or reading memory inside a callback) through it.
use crate::engine::wasm_engine_t;
use crate::guard::guard;
use crate::object::{delete, into_raw};
use std::cell::{Cell, RefCell, UnsafeCell};
use std::ptr;
use std::sync::{Arc, Weak};
use wasmi::{AsContextMut, Caller, Store, StoreContextMut};

/// What our wasmi store carries besides wasm state.
pub(crate) struct StoreData {
    /// Resource limits, built from `limit_settings`.
    pub(crate) limits: wasmi::StoreLimits,
    /// What `wamr_store_set_limits` and `InstantiationArgs::max_memory_pages` asked for.
    pub(crate) limit_settings: crate::store_limits::LimitSettings,
    /// The WASI contexts of the store's instances (see `wasi.rs`).
    pub(crate) wasi: crate::wasi::WasiContexts,
    /// Globals made by `wasm_global_new` that no instance imported yet (their wasmi
    /// handles' debug form): WAMR's `wasm_global_get` leaves `out` untouched for them.
    pub(crate) unlinked_globals: Vec<String>,
    /// The `wasm_exec_env_t` of the wasm_export.h call running on this store (an
    /// address; 0 outside such calls): what natives get as their first argument.
    pub(crate) exec_env: usize,
}

impl StoreData {
    /// Whether `g` was made by `wasm_global_new` and no instance imported it yet.
    pub(crate) fn is_unlinked(&self, g: &wasmi::Global) -> bool {
        !self.unlinked_globals.is_empty() && self.unlinked_globals.contains(&format!("{g:?}"))
    }

    pub(crate) fn mark_linked(&mut self, g: &wasmi::Global) {
        if !self.unlinked_globals.is_empty() {
            let key = format!("{g:?}");
            self.unlinked_globals.retain(|k| *k != key);
        }
    }

    pub(crate) fn cap_memory_pages(&mut self, pages: u32) {
        self.limit_settings.memory_size = Some(pages as usize * crate::memory::PAGE_SIZE);
        self.limits = self.limit_settings.build();
    }
}

/// How deep wasm -> host -> wasm re-entry may nest before we trap instead of
/// exhausting the native stack.
pub(crate) const MAX_REENTRY_DEPTH: u32 = 200;

pub(crate) struct StoreCell {
    store: UnsafeCell<Store<StoreData>>,
    /// The `Caller` of the innermost running host callback, if any.
    active: Cell<*mut Caller<'static, StoreData>>,
    /// How many host callbacks are running on this store.
    pub(crate) depth: Cell<u32>,
    /// Fuel budget and interruption, for stores made by `wamr_store_new_metered`.
    pub(crate) metering: Option<crate::fuel::Metering>,
    /// Stops the store's executions from any thread (`wamr_store_interrupt`).
    pub(crate) interrupt: wasmi::InterruptHandle,
    /// The store's engine (also reachable through `store`, but not while a call borrows it).
    engine: wasmi::Engine,
    /// How many `wasm_func_call`s are running on this store (nested ones included).
    calls: Cell<u32>,
    /// What extern handles deleted during a call leave behind (see `ExternObj::drop`):
    /// the running call still uses them; freed when the outermost call returns.
    graveyard: RefCell<Vec<Remains>>,
    /// Set when the graveyard is not empty (checked on every call's way out).
    buried: Cell<bool>,
    /// Host functions made by `wasm_func_new*`, with the mark their handles share: what
    /// [`reclaim_if_idle`] keeps.
    host_funcs: RefCell<Vec<(Weak<()>, wasmi::Func)>>,
    /// Set when something was made in the store since its last reclaim.
    dirty: Cell<bool>,
}

/// The parts of a deleted extern handle a running call may still use: the store, and
/// a function's numeric call path.
pub(crate) type Remains = (StoreRef, Option<Arc<crate::func_numeric::NumericCall>>);

// A store is used by one thread at a time (the C API's rule); shared ownership may
// still be released from any thread.
unsafe impl Send for StoreCell {}
unsafe impl Sync for StoreCell {}

pub(crate) type StoreRef = Arc<StoreCell>;

impl StoreCell {
    pub(crate) fn new(engine: wasmi::Engine) -> StoreRef {
        StoreCell::with_metering(engine, None)
    }

    /// A store on `engine` (a fuel-consuming one when `metering` is given).
    pub(crate) fn with_metering(engine: wasmi::Engine, metering: Option<crate::fuel::Metering>) -> StoreRef {
        let limit_settings = crate::store_limits::LimitSettings::default();
        let data = StoreData {
            limits: limit_settings.build(),
            limit_settings,
            wasi: Default::default(),
            unlinked_globals: Vec::new(),
            exec_env: 0,
        };
        let mut store = Store::new(&engine, data);
        let interrupt = store.interrupt_handle();
        store.limiter(|data| &mut data.limits);
        Arc::new(StoreCell {
            store: UnsafeCell::new(store),
            active: Cell::new(ptr::null_mut()),
            depth: Cell::new(0),
            metering,
            interrupt,
            engine,
            calls: Cell::new(0),
            graveyard: RefCell::new(Vec::new()),
            buried: Cell::new(false),
            host_funcs: RefCell::new(Vec::new()),
            dirty: Cell::new(false),
        })
    }

    /// Runs `f` with mutable access to the store (through the running callback's
    /// `Caller` when there is one).
    pub(crate) fn with<R>(&self, f: impl FnOnce(StoreContextMut<'_, StoreData>) -> R) -> R {
        let active = self.active.get();
        unsafe {
            if active.is_null() {
                f((*self.store.get()).as_context_mut())
            } else {
                f((*active).as_context_mut())
            }
        }
    }

    /// The export `name` of the instance whose wasm called the innermost running host
    /// callback (None outside callbacks, or for a host function called from the host).
    pub(crate) fn caller_export(&self, name: &str) -> Option<wasmi::Extern> {
        let active = self.active.get();
        // Safety: `active` is the live `Caller` of a callback running on this thread
        // (set and restored by `enter_callback`); only read here.
        unsafe { active.as_ref()?.get_export(name) }
    }

    /// Makes `caller` the way into the store while `f` (a host callback) runs.
    pub(crate) fn enter_callback<R>(&self, caller: &mut Caller<'_, StoreData>, f: impl FnOnce() -> R) -> R {
        struct Restore<'a>(&'a StoreCell, *mut Caller<'static, StoreData>);
        impl Drop for Restore<'_> {
            fn drop(&mut self) {
                self.0.active.set(self.1);
                self.0.depth.set(self.0.depth.get().saturating_sub(1));
            }
        }
        let this = caller as *mut Caller<'_, StoreData> as *mut Caller<'static, StoreData>;
        let _restore = Restore(self, self.active.replace(this));
        self.depth.set(self.depth.get() + 1);
        f()
    }

    pub(crate) fn engine(&self) -> wasmi::Engine {
        self.engine.clone()
    }

    /// True while a `wasm_func_call` runs on this store.
    pub(crate) fn in_call(&self) -> bool {
        self.calls.get() > 0
    }

    pub(crate) fn enter_call(&self) {
        self.calls.set(self.calls.get() + 1);
    }

    /// Ends a call; the outermost one returns what handles deleted meanwhile left,
    /// for the caller to drop after its last use of the store (it may free the store).
    #[must_use]
    pub(crate) fn leave_call(&self) -> Vec<Remains> {
        let calls = self.calls.get().saturating_sub(1);
        self.calls.set(calls);
        if calls == 0 && self.buried.get() {
            if let Ok(mut graves) = self.graveyard.try_borrow_mut() {
                self.buried.set(false);
                return std::mem::take(&mut *graves);
            }
        }
        Vec::new()
    }

    /// Keeps a deleted handle's remains until the outermost call returns.
    pub(crate) fn bury(&self, remains: Remains) {
        if let Ok(mut graves) = self.graveyard.try_borrow_mut() {
            graves.push(remains);
            self.buried.set(true);
        }
    }

    /// Records a host function made by `wasm_func_new*`; its handles share the mark returned.
    pub(crate) fn hold_host_func(&self, func: wasmi::Func) -> Arc<()> {
        let mark = Arc::new(());
        if let Ok(mut funcs) = self.host_funcs.try_borrow_mut() {
            funcs.push((Arc::downgrade(&mark), func));
        }
        self.dirty.set(true);
        mark
    }

    /// Notes that an instance, memory, table or global was made in the store.
    pub(crate) fn made_something(&self) {
        self.dirty.set(true);
    }
}

/// Frees every dead instance, memory, table, global and host function of `store`, when
/// nothing of it is alive but host functions (WAMR frees an instance on delete; wasmi
/// keeps every entity until its store is dropped, so a program that instantiates over
/// and over in one store would grow without bound).
///
/// Every object made in a store holds its `StoreRef`, so when the only holders are the
/// `wasm_store_t` and handles of host functions, no handle can reach anything else:
/// wasmi's `Store::reclaim` (our patch, see third_party/wasmi/PATCHED.md) then drops
/// all but those functions. Never runs inside a call or callback.
pub(crate) fn reclaim_if_idle(store: &StoreRef) {
    if !store.dirty.get() || store.in_call() || store.depth.get() > 0 || !store.active.get().is_null() {
        return;
    }
    let Ok(mut funcs) = store.host_funcs.try_borrow_mut() else { return };
    funcs.retain(|(mark, _)| mark.strong_count() > 0);
    let held: usize = funcs.iter().map(|(mark, _)| mark.strong_count()).sum();
    // The `wasm_store_t` holds one reference, each host function handle one more.
    if Arc::strong_count(store) != 1 + held {
        return;
    }
    let keep: Vec<wasmi::Func> = funcs.iter().map(|(_, f)| *f).collect();
    drop(funcs);
    let reclaimed = unsafe {
        let inner = &mut *store.store.get();
        match inner.reclaim(&keep) {
            Ok(reclaimed) => {
                let data = inner.data_mut();
                data.wasi = Default::default();
                data.unlinked_globals.clear();
                reclaimed
            }
            Err(_) => return,
        }
    };
    store.dirty.set(false);
    // Last: dropping what was reclaimed may run host code (finalizers of host
    // functions and foreign objects), which may use the store again.
    drop(reclaimed);
}

/// A store: the home of instances, functions, globals, tables and memories.
pub struct wasm_store_t {
    pub(crate) inner: StoreRef,
}

#[no_mangle]
pub unsafe extern "C" fn wasm_store_new(engine: *mut wasm_engine_t) -> *mut wasm_store_t {
    match engine.as_ref() {
        Some(engine) => guard(ptr::null_mut(), || {
            into_raw(wasm_store_t { inner: StoreCell::new(engine.plain()) })
        }),
        None => ptr::null_mut(),
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_store_delete(store: *mut wasm_store_t) {
    delete(store)
}
