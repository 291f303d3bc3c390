//! Who else holds a C object, so that a delete never frees memory still in use.
//!
//! Two holders besides the object's owner, both from WAMR's ownership model:
//! - **wasm** (*pins*): an `externref` value in a global, table or local is the very
//!   `wasm_ref_t*` the host passed in, and comes back out as that pointer (WAMR
//!   returns it, borrowed). The object stays alive while wasm holds it, even if its
//!   owner deletes it meanwhile; the memory goes when the last pin goes.
//! - **`wasm_X_as_ref` results** (*loans*): WAMR's `as_ref` makes a new object that
//!   the caller deletes with `wasm_ref_delete`; the standard makes it a cast that is
//!   never deleted. Ours is the cast, and a `wasm_ref_delete` of it while a loan is
//!   out repays the loan instead of freeing. Both styles stay valgrind-clean.
//!
//! The table is keyed by address and is empty (one atomic load per delete) unless a
//! program uses externrefs or `as_ref`. An entry whose object is gone but whose loans
//! are still out (a standard program never repays them) stays, so that a late
//! WAMR-style `wasm_ref_delete` does not free a new object at the same address.
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

#[derive(Default)]
struct Entry {
    pins: usize,
    loans: usize,
    /// The owner deleted it (the memory is freed once `pins` is 0).
    deleted: bool,
}

impl Entry {
    /// The object this entry was about is freed; what remains is its loans.
    fn stale(&self) -> bool {
        self.deleted && self.pins == 0
    }
}

static ENTRIES: AtomicUsize = AtomicUsize::new(0);
// A B-tree (not a hash table) so leak checkers see what it holds as reachable.
static TABLE: Mutex<Option<BTreeMap<usize, Entry>>> = Mutex::new(None);

fn with_table<R>(f: impl FnOnce(&mut BTreeMap<usize, Entry>) -> R) -> R {
    let mut guard = TABLE.lock().unwrap_or_else(|p| p.into_inner());
    let table = guard.get_or_insert_with(BTreeMap::new);
    let r = f(table);
    ENTRIES.store(table.len(), Ordering::Release);
    if table.is_empty() {
        *guard = None;
    }
    r
}

fn live_entry(table: &mut BTreeMap<usize, Entry>, addr: usize) -> &mut Entry {
    let e = table.entry(addr).or_default();
    if e.stale() {
        e.deleted = false; // a new object lives at this address now
    }
    e
}

/// Every delete of a referenceable object asks here first: true when its memory is
/// to be freed now, false when wasm still holds it (or it was already deleted).
pub(crate) fn owner_delete(addr: usize) -> bool {
    if ENTRIES.load(Ordering::Acquire) == 0 {
        return true;
    }
    with_table(|table| match table.get_mut(&addr) {
        None => true,
        Some(e) if e.stale() => true, // a new object at a stale address
        Some(e) if e.deleted => false, // deleted twice while wasm holds it
        Some(e) if e.pins > 0 => {
            e.deleted = true;
            false
        }
        Some(e) => {
            e.deleted = true; // freed now; the entry stays for its loans
            true
        }
    })
}

/// `wasm_X_as_ref`: one more handle that `wasm_ref_delete` may give back.
pub(crate) fn lend(addr: usize) {
    with_table(|table| live_entry(table, addr).loans += 1)
}

/// `wasm_ref_delete`: true if it gave back an `as_ref` handle (nothing to free).
pub(crate) fn repay(addr: usize) -> bool {
    if ENTRIES.load(Ordering::Acquire) == 0 {
        return false;
    }
    with_table(|table| {
        let Some(e) = table.get_mut(&addr) else { return false };
        if e.loans == 0 {
            return false;
        }
        e.loans -= 1;
        if e.loans == 0 && e.pins == 0 {
            table.remove(&addr);
        }
        true
    })
}

/// Wasm now holds the object (an externref value was made of it).
pub(crate) fn pin(addr: usize) {
    with_table(|table| live_entry(table, addr).pins += 1)
}

/// Wasm dropped one hold; true when the object is to be freed now (its owner
/// deleted it while wasm held it).
pub(crate) fn unpin(addr: usize) -> bool {
    with_table(|table| {
        let Some(e) = table.get_mut(&addr) else { return false };
        e.pins = e.pins.saturating_sub(1);
        if e.pins > 0 {
            return false;
        }
        let free = e.deleted;
        if e.loans == 0 {
            table.remove(&addr);
        }
        free
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Addresses no allocation has (odd), one per test: the table is process-wide.
    #[test]
    fn pinned_object_outlives_its_owner() {
        let a = 0x1001;
        pin(a);
        assert!(!owner_delete(a), "wasm holds it: not freed");
        assert!(!owner_delete(a), "a second delete is a no-op");
        assert!(unpin(a), "the last pin frees it");
        assert!(owner_delete(a), "the entry is gone: a new object at the address frees normally");
    }

    #[test]
    fn unpinned_object_that_was_not_deleted_stays() {
        let a = 0x2001;
        pin(a);
        pin(a);
        assert!(!unpin(a));
        assert!(!unpin(a), "its owner still has it");
        assert!(owner_delete(a));
    }

    #[test]
    fn loans_are_repaid_before_the_owner_frees() {
        let a = 0x3001;
        lend(a);
        assert!(repay(a), "wasm_ref_delete of an as_ref handle gives it back");
        assert!(!repay(a), "no loan left: the next wasm_ref_delete is the owner's");
        assert!(owner_delete(a));
    }

    #[test]
    fn loan_repaid_after_the_owner_freed() {
        let a = 0x4001;
        lend(a);
        assert!(owner_delete(a), "the owner frees at once");
        assert!(repay(a), "the late wasm_ref_delete touches nothing");
        assert!(owner_delete(a), "entry gone");
    }
}
