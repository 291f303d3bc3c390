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
//! program uses externrefs or `as_ref`. An object deleted by its owner while loans are
//! out (a standard program never repays them) is *hollowed*: its contents are dropped
//! (its store and everything else released) but its allocation stays until the last
//! loan is repaid, so no new object can take its address and a late WAMR-style
//! `wasm_ref_delete` can never free an unrelated object.
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

#[derive(Default)]
struct Entry {
    pins: usize,
    loans: usize,
    /// The owner deleted it (the memory is freed once `pins` is 0).
    deleted: bool,
    /// For a hollowed object: frees its allocation (see [`hollowed`]).
    zombie: Option<unsafe fn(usize)>,
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

/// What a delete does with an object.
#[derive(Debug, PartialEq)]
pub(crate) enum Fate {
    /// Drop it and free its memory now.
    Free,
    /// Nothing now: wasm still holds it, or it was already deleted.
    Keep,
    /// Drop its contents, keep its allocation for the loans still out: the caller then
    /// reports the allocation's deallocator with [`hollowed`].
    Hollow,
}

/// Every delete of a referenceable object asks here first.
pub(crate) fn owner_delete(addr: usize) -> Fate {
    if ENTRIES.load(Ordering::Acquire) == 0 {
        return Fate::Free;
    }
    with_table(|table| match table.get_mut(&addr) {
        None => Fate::Free,
        Some(e) if e.deleted => Fate::Keep, // deleted twice while wasm or a loan holds it
        Some(e) if e.pins > 0 => {
            e.deleted = true;
            Fate::Keep
        }
        Some(e) if e.loans > 0 => {
            e.deleted = true;
            Fate::Hollow
        }
        Some(_) => {
            table.remove(&addr);
            Fate::Free
        }
    })
}

/// The contents of the object at `addr` were dropped ([`Fate::Hollow`]); `free` frees
/// its allocation once the last loan is repaid.
pub(crate) fn hollowed(addr: usize, free: unsafe fn(usize)) {
    with_table(|table| {
        if let Some(e) = table.get_mut(&addr) {
            e.zombie = Some(free);
        }
    })
}

/// `wasm_X_as_ref`: one more handle that `wasm_ref_delete` may give back.
pub(crate) fn lend(addr: usize) {
    with_table(|table| table.entry(addr).or_default().loans += 1)
}

/// `wasm_ref_delete`: true if it gave back an `as_ref` handle (nothing to free; the
/// last loan of a hollowed object frees its allocation).
pub(crate) fn repay(addr: usize) -> bool {
    if ENTRIES.load(Ordering::Acquire) == 0 {
        return false;
    }
    let zombie = with_table(|table| {
        let e = table.get_mut(&addr)?;
        if e.loans == 0 {
            return None;
        }
        e.loans -= 1;
        let mut free = None;
        if e.loans == 0 && e.pins == 0 {
            free = table.remove(&addr).and_then(|e| e.zombie);
        }
        Some(free)
    });
    match zombie {
        None => false,
        Some(free) => {
            if let Some(free) = free {
                unsafe { free(addr) }
            }
            true
        }
    }
}

/// Wasm now holds the object (an externref value was made of it).
pub(crate) fn pin(addr: usize) {
    with_table(|table| table.entry(addr).or_default().pins += 1)
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
        assert_eq!(owner_delete(a), Fate::Keep, "wasm holds it: not freed");
        assert_eq!(owner_delete(a), Fate::Keep, "a second delete is a no-op");
        assert!(unpin(a), "the last pin frees it");
        assert_eq!(owner_delete(a), Fate::Free, "the entry is gone: a new object at the address frees normally");
    }

    #[test]
    fn unpinned_object_that_was_not_deleted_stays() {
        let a = 0x2001;
        pin(a);
        pin(a);
        assert!(!unpin(a));
        assert!(!unpin(a), "its owner still has it");
        assert_eq!(owner_delete(a), Fate::Free);
    }

    #[test]
    fn loans_are_repaid_before_the_owner_frees() {
        let a = 0x3001;
        lend(a);
        assert!(repay(a), "wasm_ref_delete of an as_ref handle gives it back");
        assert!(!repay(a), "no loan left: the next wasm_ref_delete is the owner's");
        assert_eq!(owner_delete(a), Fate::Free);
    }

    static FREED: AtomicUsize = AtomicUsize::new(0);
    unsafe fn count_free(addr: usize) {
        FREED.store(addr, Ordering::SeqCst);
    }

    #[test]
    fn loan_repaid_after_the_owner_deleted() {
        let a = 0x4001;
        lend(a);
        lend(a);
        assert_eq!(owner_delete(a), Fate::Hollow, "contents go, the allocation stays for the loans");
        hollowed(a, count_free);
        assert_eq!(owner_delete(a), Fate::Keep, "a second delete is a no-op");
        assert!(repay(a));
        assert_eq!(FREED.load(Ordering::SeqCst), 0, "one loan still out");
        assert!(repay(a), "the late wasm_ref_delete gives the last loan back");
        assert_eq!(FREED.load(Ordering::SeqCst), a, "and frees the allocation");
        assert!(!repay(a), "entry gone: the next delete at the address is a new object's");
        assert_eq!(owner_delete(a), Fate::Free);
    }
}
