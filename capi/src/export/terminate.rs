//! `wasm_runtime_terminate`: stops what an instance is running, from any thread, as
//! if it raised a trap ("Exception: terminated by user").
//!
//! It interrupts the instance's store (`store_interrupt.rs`: a flag the running wasm
//! checks at its next taken branch or call, so even an endless loop stops) and notes
//! the instance as terminated, which is all another thread may touch: the instance's
//! exception is the calling thread's to write. The calling path runs each call through
//! [`run_call`], which turns the interrupt's trap into WAMR's exception, and fails at
//! once a call made after a termination that found the instance idle (WAMR leaves its
//! exception set, so that call reports false too).
use super::module_inst::{wasm_module_inst_t, WASMModuleInstanceCommon};
use crate::guard::guard;
use crate::trap::TrapBody;
use std::sync::Mutex;

/// WAMR's exception for a terminated instance (without "Exception: ").
pub(crate) const TERMINATED: &str = "terminated by user";

/// The instances terminated whose termination no call took yet (addresses). Its lock
/// also orders the store interrupts: a termination's flag and its interrupt are set,
/// and taken, together.
static TERMINATED_INSTANCES: Mutex<Vec<usize>> = Mutex::new(Vec::new());

fn terminated() -> std::sync::MutexGuard<'static, Vec<usize>> {
    TERMINATED_INSTANCES.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn address(inst: &WASMModuleInstanceCommon) -> usize {
    inst as *const WASMModuleInstanceCommon as usize
}

/// Takes `inst`'s pending termination, if it has one.
fn take(t: &mut Vec<usize>, inst: &WASMModuleInstanceCommon) -> bool {
    match t.iter().position(|&i| i == address(inst)) {
        Some(at) => {
            t.remove(at);
            true
        }
        None => false,
    }
}

/// Stops the instance's running call (or else its next one) with "Exception:
/// terminated by user". Safe from any thread while the instance runs elsewhere.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_terminate(module_inst: wasm_module_inst_t) {
    let Some(inst) = module_inst.as_ref() else { return };
    guard((), || {
        let mut t = terminated();
        if !t.contains(&address(inst)) {
            t.push(address(inst));
        }
        inst.store.interrupt.interrupt();
    })
}

/// Runs `call`, one call into wasm on `inst`, as a termination has it: a termination
/// pending from before fails the call without running it; one that interrupted it
/// makes its trap WAMR's. For the calling path (`call.rs`'s `run`), around the call.
#[allow(dead_code)]
pub(crate) fn run_call(inst: &WASMModuleInstanceCommon, call: impl FnOnce() -> Result<(), TrapBody>) -> Result<(), TrapBody> {
    {
        let mut t = terminated();
        if take(&mut t, inst) {
            inst.store.interrupt.clear();
            return Err(TrapBody::exception(TERMINATED));
        }
    }
    match call() {
        Err(trap) if trap.text() == "Exception: interrupted" && take(&mut terminated(), inst) => {
            Err(TrapBody::exception(TERMINATED))
        }
        outcome => outcome,
    }
}

/// At an instance's deinstantiation: a pending termination is forgotten.
pub(crate) fn instance_gone(inst: wasm_module_inst_t) {
    terminated().retain(|&i| i != inst as usize);
}
