//! `wamr_store_set_limits`: caps on what a store's wasm may allocate (wasmtime's
//! `Store::limiter`). An extension; WAMR caps memory only per instantiation
//! (`max_memory_pages` of `InstantiationArgs`, which sets `memory_size` here).
use crate::store::wasm_store_t;

/// Most elements a table may have (as in browsers): a table of 0xFFFFFFFF elements
/// is valid wasm, but allocating it (16 GiB) is refused rather than attempted.
pub(crate) const MAX_TABLE_ELEMENTS: usize = 10_000_000;

/// Most instances, tables and memories a store holds at once (live, or deleted and not
/// yet reclaimed: see README, What the engine cannot do).
pub(crate) const MAX_STORE_ENTITIES: usize = 100_000;

/// A store's limits as asked for; `build` turns them into wasmi's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LimitSettings {
    /// Most bytes any one linear memory may have (None: what its type allows).
    pub(crate) memory_size: Option<usize>,
    pub(crate) table_elements: usize,
    pub(crate) instances: usize,
    pub(crate) tables: usize,
    pub(crate) memories: usize,
}

impl Default for LimitSettings {
    fn default() -> Self {
        LimitSettings {
            memory_size: None,
            table_elements: MAX_TABLE_ELEMENTS,
            instances: MAX_STORE_ENTITIES,
            tables: MAX_STORE_ENTITIES,
            memories: MAX_STORE_ENTITIES,
        }
    }
}

impl LimitSettings {
    pub(crate) fn build(&self) -> wasmi::StoreLimits {
        let builder = wasmi::StoreLimitsBuilder::new()
            .instances(self.instances)
            .tables(self.tables)
            .memories(self.memories)
            .table_elements(self.table_elements);
        match self.memory_size {
            Some(bytes) => builder.memory_size(bytes),
            None => builder,
        }
        .build()
    }

    /// The settings with each non-negative value of the arguments applied (a negative
    /// one restores the default); the counts never exceed the library's own caps.
    fn with(self, memory_size: i64, table_elements: i64, instances: i64, tables: i64, memories: i64) -> Self {
        let d = LimitSettings::default();
        let capped = |v: i64, cap: usize| if v < 0 { cap } else { (v as u64).min(cap as u64) as usize };
        LimitSettings {
            memory_size: (memory_size >= 0).then(|| memory_size.min(isize::MAX as i64) as usize),
            table_elements: capped(table_elements, d.table_elements),
            instances: capped(instances, d.instances),
            tables: capped(tables, d.tables),
            memories: capped(memories, d.memories),
        }
    }
}

/// Limits what the store's wasm may allocate from now on: `memory_size` bytes per
/// linear memory (growth past it fails: `memory.grow` gives -1, an instantiation
/// needing more fails), `table_elements` per table, and how many `instances`, `tables`
/// and `memories` the store holds. A negative value means no limit of ours (the
/// library keeps its own caps: 10,000,000 table elements, 100,000 of each entity).
/// Replaces earlier limits (including `max_memory_pages` of an instantiation).
/// False for a NULL store.
#[no_mangle]
pub unsafe extern "C" fn wamr_store_set_limits(
    store: *mut wasm_store_t,
    memory_size: i64,
    table_elements: i64,
    instances: i64,
    tables: i64,
    memories: i64,
) -> bool {
    let Some(store) = store.as_ref() else { return false };
    crate::guard::guard(false, || {
        store.inner.with(|mut ctx| {
            let data = ctx.data_mut();
            data.limit_settings = data.limit_settings.with(memory_size, table_elements, instances, tables, memories);
            data.limits = data.limit_settings.build();
        });
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_means_default_and_caps_hold() {
        let d = LimitSettings::default();
        assert_eq!(d.with(-1, -1, -1, -1, -1), d);
        let s = d.with(65536, 10, 2, 3, 4);
        assert_eq!((s.memory_size, s.table_elements, s.instances, s.tables, s.memories), (Some(65536), 10, 2, 3, 4));
        let big = d.with(-1, i64::MAX, i64::MAX, 0, 0);
        assert_eq!((big.table_elements, big.instances, big.tables), (MAX_TABLE_ELEMENTS, MAX_STORE_ENTITIES, 0));
    }
}
