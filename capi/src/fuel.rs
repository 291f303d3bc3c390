//! Bounded execution (extensions): metered stores with a fuel budget, and
//! interrupting a running call from another thread.
//!
//! A metered store runs on the engine's fuel-consuming twin. Its outermost calls run
//! in slices of [`FUEL_SLICE`] fuel; between slices the call checks the interrupt flag
//! and the remaining budget, so an infinite loop stops within a slice.
use crate::engine::wasm_engine_t;
use crate::guard::guard;
use crate::object::into_raw;
use crate::store::{wasm_store_t, StoreCell, StoreData};
use crate::trap::{self, TrapBody};
use std::cell::Cell;
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};
use wasmi::{ResumableCall, StoreContextMut, Val};

/// Fuel given to a call between two checks of the interrupt flag (a few ms of wasm).
const FUEL_SLICE: u64 = 1 << 20;

/// The budget and interrupt flag of a metered store.
pub(crate) struct Metering {
    /// Fuel left for this store's calls; `u64::MAX` means unlimited.
    budget: Cell<u64>,
    /// Set by `wamr_store_interrupt` from any thread; cleared when it stops a call.
    interrupt: AtomicBool,
}

impl Metering {
    fn new() -> Metering {
        Metering { budget: Cell::new(u64::MAX), interrupt: AtomicBool::new(false) }
    }

    fn interrupted() -> TrapBody {
        TrapBody::exception("interrupted")
    }

    fn out_of_fuel() -> TrapBody {
        TrapBody::exception(trap::trap_code_reason(wasmi::TrapCode::OutOfFuel))
    }

    /// Charges the fuel the last slice used.
    fn charge(&self, ctx: &StoreContextMut<'_, StoreData>, given: u64) {
        let left = ctx.get_fuel().unwrap_or(0);
        let used = given.saturating_sub(left);
        if self.budget.get() != u64::MAX {
            self.budget.set(self.budget.get().saturating_sub(used));
        }
    }

    /// Gives the store the next slice of fuel; `None` once the budget is spent.
    fn next_slice(&self, ctx: &mut StoreContextMut<'_, StoreData>, required: u64) -> Option<u64> {
        let budget = self.budget.get();
        if budget < required.max(1) {
            return None;
        }
        let given = budget.min(FUEL_SLICE).max(required);
        ctx.set_fuel(given).ok()?;
        Some(given)
    }

    /// Runs an outermost call in slices, stopping on interrupt or an empty budget.
    pub(crate) fn call(
        &self,
        mut ctx: StoreContextMut<'_, StoreData>,
        func: &wasmi::Func,
        inputs: &[Val],
        outputs: &mut [Val],
    ) -> Result<(), TrapBody> {
        if self.interrupt.swap(false, Ordering::AcqRel) {
            return Err(Metering::interrupted());
        }
        let mut given = self.next_slice(&mut ctx, 1).ok_or_else(Metering::out_of_fuel)?;
        let mut state = func.call_resumable(&mut ctx, inputs, outputs);
        loop {
            self.charge(&ctx, given);
            match state {
                Err(e) => return Err(trap::from_error(&e)),
                Ok(ResumableCall::Finished) => return Ok(()),
                Ok(ResumableCall::HostTrap(t)) => return Err(trap::from_error(t.host_error())),
                Ok(ResumableCall::OutOfFuel(t)) => {
                    if self.interrupt.swap(false, Ordering::AcqRel) {
                        return Err(Metering::interrupted());
                    }
                    given = self.next_slice(&mut ctx, t.required_fuel()).ok_or_else(Metering::out_of_fuel)?;
                    state = t.resume(&mut ctx, outputs);
                }
            }
        }
    }
}

impl StoreCell {
    /// The metering of an outermost call (nested calls inside callbacks just use
    /// the fuel already in the store).
    pub(crate) fn outer_metering(&self) -> Option<&Metering> {
        self.metering.as_ref().filter(|_| self.depth.get() == 0)
    }
}

/// A store whose calls can be given a fuel budget and interrupted; it can
/// instantiate any module (compiled again for metering on first use).
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

/// Stops the store's running call (or its next one) with the trap
/// "Exception: interrupted". Safe to call from any thread while the store runs
/// elsewhere; false for a store that is not metered.
#[no_mangle]
pub unsafe extern "C" fn wamr_store_interrupt(store: *const wasm_store_t) -> bool {
    match store.as_ref().and_then(|s| s.inner.metering.as_ref()) {
        Some(m) => {
            m.interrupt.store(true, Ordering::Release);
            true
        }
        None => false,
    }
}
