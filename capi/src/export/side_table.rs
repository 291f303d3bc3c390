//! Side tables: what `wasm_export.h` hands out pointers into (type handles, names,
//! memory and table handles, global snapshots) for objects with no room for it, kept
//! per owner (a module or a module instance) as long as the owner lives.
//!
//! An entry holds a `Weak` of its owner, and an entry whose owner is gone is dropped at
//! the next use of its table: the pointers of a module or an instance stay valid exactly
//! as long as it does (WAMR keeps them inside the object, so they go with it too), and a
//! handle that outlived its owner is no longer found (the call fails instead of reading
//! freed memory).
use std::sync::{Arc, Mutex, MutexGuard, Weak};

pub(crate) struct SideTable<O, V> {
    entries: Mutex<Vec<(Weak<O>, Box<V>)>>,
}

impl<O, V> SideTable<O, V> {
    pub(crate) const fn new() -> Self {
        SideTable { entries: Mutex::new(Vec::new()) }
    }

    /// The live entries (those of owners gone are dropped here).
    fn live(&self) -> MutexGuard<'_, Vec<(Weak<O>, Box<V>)>> {
        let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        entries.retain(|(owner, _)| owner.strong_count() > 0);
        entries
    }

    /// Runs `f` on the entry of `owner`, made by `make` on first use. Neither may call
    /// back into this table.
    pub(crate) fn with<R>(&self, owner: &Arc<O>, make: impl FnOnce() -> V, f: impl FnOnce(&mut V) -> R) -> R {
        let mut entries = self.live();
        let at = match entries.iter().position(|(o, _)| std::ptr::eq(o.as_ptr(), Arc::as_ptr(owner))) {
            Some(at) => at,
            None => {
                entries.push((Arc::downgrade(owner), Box::new(make())));
                entries.len() - 1
            }
        };
        f(&mut entries[at].1)
    }

    /// What `f` finds in the entry of `owner`, if it has one.
    pub(crate) fn peek<R>(&self, owner: &Arc<O>, f: impl FnOnce(&mut V) -> Option<R>) -> Option<R> {
        let mut entries = self.live();
        let (_, v) = entries.iter_mut().find(|(o, _)| std::ptr::eq(o.as_ptr(), Arc::as_ptr(owner)))?;
        f(v)
    }

    /// The first `Some` that `find` returns for a live entry.
    pub(crate) fn find<R>(&self, mut find: impl FnMut(&mut V) -> Option<R>) -> Option<R> {
        self.live().iter_mut().find_map(|(_, v)| find(v))
    }
}
