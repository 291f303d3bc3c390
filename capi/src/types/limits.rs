//! `wasm_limits_t` and `wasm_mutability_t`.

/// `wasm_mutability_t`: `WASM_CONST` or `WASM_VAR`.
pub type wasm_mutability_t = u8;
pub const WASM_CONST: wasm_mutability_t = 0;
pub const WASM_VAR: wasm_mutability_t = 1;

/// `wasm_limits_t`: `max == 0xffffffff` means "no maximum".
#[repr(C)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct wasm_limits_t {
    pub min: u32,
    pub max: u32,
}

pub(crate) const LIMITS_MAX_DEFAULT: u32 = 0xffff_ffff;

impl wasm_limits_t {
    pub(crate) fn max_opt(&self) -> Option<u32> {
        (self.max != LIMITS_MAX_DEFAULT).then_some(self.max)
    }

    pub(crate) fn from_wasmi(min: u64, max: Option<u64>) -> wasm_limits_t {
        let clamp = |v: u64| v.min(u64::from(u32::MAX)) as u32;
        wasm_limits_t { min: clamp(min), max: max.map(clamp).unwrap_or(LIMITS_MAX_DEFAULT) }
    }
}
