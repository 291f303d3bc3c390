//! What deinstantiating an instance, or destroying an exec env, releases besides their
//! own fields: the per-instance state kept in side tables by address (contexts and
//! their destructors, externref entries and their cleanups, a pending termination, a
//! spawned instance's registration) and an exec env's native stack boundary.
//!
//! Contexts' destructors get the instance while it is still whole, as in WAMR (its
//! fields are dropped after this).
use super::exec_env::WASMExecEnv;
use super::module_inst::WASMModuleInstanceCommon;
use crate::guard::guard;

impl Drop for WASMModuleInstanceCommon {
    fn drop(&mut self) {
        let inst = self as *mut WASMModuleInstanceCommon;
        guard((), || unsafe {
            let spawned = super::threads::instance_gone(inst);
            super::context_keys::instance_gone(inst, spawned);
            super::externref_map::instance_gone(inst);
            super::terminate::instance_gone(inst);
        })
    }
}

impl Drop for WASMExecEnv {
    fn drop(&mut self) {
        super::native_stack::exec_env_gone(self);
    }
}
