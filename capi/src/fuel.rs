//! Bounded execution (extensions): metered stores with a fuel budget and a wall-clock
//! timeout per call (interrupting, which every store can do, is `store_interrupt.rs`).
//!
//! A metered store runs on the engine's fuel-consuming twin. Its calls run in slices
//! of [`FUEL_SLICE`] fuel (a millisecond or two of wasm); between slices the call checks
//! the deadline and the remaining budget, so an infinite loop stops within a slice. Calls nested in host callbacks run in slices too and share the budget.
//! Instantiation (start function, `_initialize`) cannot be sliced: it gets the whole
//! remaining budget at once, so only fuel bounds it.
use crate::engine::wasm_engine_t;
use crate::guard::guard;
use crate::object::into_raw;
use crate::store::{wasm_store_t, StoreCell, StoreData};
use crate::trap::{self, TrapBody};
use std::cell::Cell;
use std::ptr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use wasmi::{ResumableCall, StoreContextMut, Val};

/// Fuel given to a call between two checks of the deadline
/// (about 1-2 ms of a simple loop).
const FUEL_SLICE: u64 = 1 << 20;

/// The budget, deadline and interrupt flag of a metered store.
pub(crate) struct Metering {
    /// Fuel left for this store's calls; `u64::MAX` means unlimited.
    budget: Cell<u64>,
    /// The store's fuel when it was last set or charged (what is not charged yet).
    given: Cell<u64>,
    /// Wall-clock limit of each call in microseconds (0: none).
    timeout_us: AtomicU64,
    /// When the running calls must stop (`None`: no limit, and no clock is read).
    deadline: Cell<Option<Instant>>,
}

/// Restores the enclosing call's deadline when a call ends (however it ends).
struct DeadlineScope<'a>(&'a Metering, Option<Instant>);

impl Drop for DeadlineScope<'_> {
    fn drop(&mut self) {
        self.0.deadline.set(self.1);
    }
}

impl Metering {
    fn new() -> Metering {
        Metering {
            budget: Cell::new(u64::MAX),
            given: Cell::new(0),
            timeout_us: AtomicU64::new(0),
            deadline: Cell::new(None),
        }
    }

    fn out_of_fuel() -> TrapBody {
        TrapBody::exception(trap::trap_code_reason(wasmi::TrapCode::OutOfFuel))
    }

    fn timed_out() -> TrapBody {
        TrapBody::exception("timeout")
    }

    /// Charges the budget with the fuel used since the store's fuel was last set or charged.
    fn charge(&self, ctx: &StoreContextMut<'_, StoreData>) {
        let left = ctx.get_fuel().unwrap_or(0);
        let used = self.given.get().saturating_sub(left);
        self.given.set(left);
        if self.budget.get() != u64::MAX {
            self.budget.set(self.budget.get().saturating_sub(used));
        }
    }

    /// Gives the store the next slice of fuel; `None` once the budget is spent.
    fn next_slice(&self, ctx: &mut StoreContextMut<'_, StoreData>, required: u64) -> Option<()> {
        let budget = self.budget.get();
        if budget < required.max(1) {
            return None;
        }
        let given = budget.min(FUEL_SLICE).max(required);
        ctx.set_fuel(given).ok()?;
        self.given.set(given);
        Some(())
    }

    /// The deadline of a call starting now: the store's timeout from now, within the
    /// enclosing call's deadline. Reads the clock only when there is a limit.
    fn call_deadline(&self, outer: Option<Instant>) -> Option<Instant> {
        let micros = self.timeout_us.load(Ordering::Relaxed);
        let own = if micros == 0 { None } else { Instant::now().checked_add(Duration::from_micros(micros)) };
        match (outer, own) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Why the call must stop at a slice boundary, if it must.
    fn stop_reason(&self) -> Option<TrapBody> {
        match self.deadline.get() {
            Some(d) if Instant::now() >= d => Some(Metering::timed_out()),
            _ => None,
        }
    }

    /// Runs a call (outermost or nested in a host callback) in slices, stopping on
    /// interrupt, timeout or an empty budget.
    pub(crate) fn call(
        &self,
        mut ctx: StoreContextMut<'_, StoreData>,
        func: &wasmi::Func,
        inputs: &[Val],
        outputs: &mut [Val],
    ) -> Result<(), TrapBody> {
        let outer = self.deadline.get();
        let _scope = DeadlineScope(self, outer);
        self.deadline.set(self.call_deadline(outer));
        // Inside a callback the enclosing call's fuel is charged before the slice is replaced.
        self.charge(&ctx);
        self.next_slice(&mut ctx, 1).ok_or_else(Metering::out_of_fuel)?;
        let mut state = func.call_resumable(&mut ctx, inputs, outputs);
        loop {
            self.charge(&ctx);
            match state {
                Err(e) => return Err(trap::from_error(&e)),
                Ok(ResumableCall::Finished) => return Ok(()),
                Ok(ResumableCall::HostTrap(t)) => return Err(trap::from_error(t.host_error())),
                Ok(ResumableCall::OutOfFuel(t)) => {
                    if let Some(reason) = self.stop_reason() {
                        return Err(reason);
                    }
                    self.next_slice(&mut ctx, t.required_fuel()).ok_or_else(Metering::out_of_fuel)?;
                    state = t.resume(&mut ctx, outputs);
                }
            }
        }
    }

    /// Runs `f` (instantiation: the start function and `_initialize` run in one go)
    /// with the whole remaining budget as fuel, then charges what it used.
    pub(crate) fn unsliced<R>(
        &self,
        ctx: &mut StoreContextMut<'_, StoreData>,
        f: impl FnOnce(&mut StoreContextMut<'_, StoreData>) -> R,
    ) -> R {
        self.charge(ctx);
        let budget = self.budget.get();
        if ctx.set_fuel(budget).is_ok() {
            self.given.set(budget);
        }
        let out = f(ctx);
        self.charge(ctx);
        // An enclosing call (instantiation from a host callback) goes on in slices.
        if self.next_slice(ctx, 1).is_none() && ctx.set_fuel(0).is_ok() {
            self.given.set(0);
        }
        out
    }
}

impl StoreCell {
    /// The metering of this store's calls and instantiations (`None`: not metered).
    pub(crate) fn metering(&self) -> Option<&Metering> {
        self.metering.as_ref()
    }
}

/// A store whose calls can be given a fuel budget and a timeout, and interrupted;
/// it can instantiate any module (compiled again for metering on first use).
#[no_mangle]
pub unsafe extern "C" fn wamr_store_new_metered(engine: *mut wasm_engine_t) -> *mut wasm_store_t {
    match engine.as_ref() {
        Some(e) => guard(ptr::null_mut(), || {
            into_raw(wasm_store_t { inner: StoreCell::with_metering(e.metered(), Some(Metering::new())) })
        }),
        None => ptr::null_mut(),
    }
}

/// Sets the fuel left for the store's calls (`UINT64_MAX`: unlimited); a call that
/// runs out traps with "Exception: all fuel consumed". False for a store that is not
/// metered.
#[no_mangle]
pub unsafe extern "C" fn wamr_store_set_fuel(store: *mut wasm_store_t, fuel: u64) -> bool {
    match store.as_ref().and_then(|s| s.inner.metering.as_ref()) {
        Some(m) => {
            m.budget.set(fuel);
            true
        }
        None => false,
    }
}

/// Writes the fuel left to `*fuel`; false for a store that is not metered.
#[no_mangle]
pub unsafe extern "C" fn wamr_store_get_fuel(store: *const wasm_store_t, fuel: *mut u64) -> bool {
    match (store.as_ref().and_then(|s| s.inner.metering.as_ref()), fuel.as_mut()) {
        (Some(m), Some(out)) => {
            *out = m.budget.get();
            true
        }
        _ => false,
    }
}

/// Limits every call on the store to `microseconds` of wall-clock time (0: no limit);
/// a call over it traps with "Exception: timeout". Checked between fuel slices, so the
/// call stops a millisecond or two after the limit (not while a host function runs; a
/// call nested in a host callback stops at its own limit or the enclosing call's,
/// whichever comes first). Instantiation is not limited. Takes effect from the next
/// call. False for a store that is not metered.
#[no_mangle]
pub unsafe extern "C" fn wamr_store_set_timeout(store: *mut wasm_store_t, microseconds: u64) -> bool {
    match store.as_ref().and_then(|s| s.inner.metering.as_ref()) {
        Some(m) => {
            m.timeout_us.store(microseconds, Ordering::Relaxed);
            true
        }
        None => false,
    }
}
