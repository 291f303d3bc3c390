use crate::memory::MemoryError;
use alloc::{slice, vec::Vec};
use core::{iter, mem::ManuallyDrop};

/// A byte buffer implementation.
///
/// # Note
///
/// This is less efficient than the byte buffer implementation that is
/// based on actual OS provided virtual memory but it is a safe fallback
/// solution fitting any platform.
#[derive(Debug)]
pub struct ByteBuffer {
    /// The pointer to the underlying byte buffer.
    pub(super) ptr: *mut u8,
    /// The current length of the byte buffer.
    ///
    /// # Note
    ///
    /// - **Vec:** `vec.len()`
    /// - **Static:** The accessible subslice of the entire underlying static byte buffer.
    pub(super) len: usize,
    /// The capacity of the current allocation.
    ///
    /// # Note
    ///
    /// - **Vec**: `vec.capacity()`
    /// - **Static:** The total length of the underlying static byte buffer.
    capacity: usize,
    /// Whether the [`ByteBuffer`] was initialized from a `&'static [u8]` or a `Vec<u8>`.
    is_static: bool,
    /// PATCHED (reserved memory): the bytes of address space reserved at `ptr` when the
    /// buffer lives on reserved virtual memory (`capacity` is then the committed part);
    /// 0 for `Vec` and static buffers.
    reserved: usize,
}

// # Safety
//
// `ByteBuffer` is essentially an `enum`` of `Vec<u8>` or `&'static mut [u8]`.
// Both of them are `Send` so this is sound.
unsafe impl Send for ByteBuffer {}

// # Safety
//
// `ByteBuffer` is essentially an `enum`` of `Vec<u8>` or `&'static mut [u8]`.
// Both of them are `Sync` so this is sound.
unsafe impl Sync for ByteBuffer {}

/// Decomposes the `Vec<u8>` into its raw components.
///
/// Returns the raw pointer to the underlying data, the length of
/// the vector (in bytes), and the allocated capacity of the
/// data (in bytes). These are the same arguments in the same
/// order as the arguments to [`Vec::from_raw_parts`].
///
/// # Safety
///
/// After calling this function, the caller is responsible for the
/// memory previously managed by the `Vec`. The only way to do
/// this is to convert the raw pointer, length, and capacity back
/// into a `Vec` with the [`Vec::from_raw_parts`] function, allowing
/// the destructor to perform the cleanup.
///
/// # Note
///
/// This utility method is required since [`Vec::into_raw_parts`] is
/// not yet stable unfortunately. (Date: 2024-03-14)
fn vec_into_raw_parts(vec: Vec<u8>) -> (*mut u8, usize, usize) {
    let mut vec = ManuallyDrop::new(vec);
    (vec.as_mut_ptr(), vec.len(), vec.capacity())
}

impl ByteBuffer {
    /// Creates a new byte buffer with the given initial `size` in bytes.
    ///
    /// # Errors
    ///
    /// If the requested amount of heap bytes could not be allocated.
    pub fn new(size: usize) -> Result<Self, MemoryError> {
        let mut vec = Vec::new();
        if vec.try_reserve(size).is_err() {
            return Err(MemoryError::OutOfSystemMemory);
        };
        vec.extend(iter::repeat_n(0x00_u8, size));
        let (ptr, len, capacity) = vec_into_raw_parts(vec);
        Ok(Self {
            ptr,
            len,
            capacity,
            is_static: false,
            reserved: 0,
        })
    }

    /// Creates a new static byte buffer with the given `size` in bytes.
    ///
    /// This will zero all the bytes in `buffer[0..initial_len`].
    ///
    /// # Errors
    ///
    /// If `size` is greater than the length of `buffer`.
    pub fn new_static(buffer: &'static mut [u8], size: usize) -> Result<Self, MemoryError> {
        let Some(bytes) = buffer.get_mut(..size) else {
            return Err(MemoryError::InvalidStaticBufferSize);
        };
        bytes.fill(0x00_u8);
        Ok(Self {
            ptr: buffer.as_mut_ptr(),
            len: size,
            capacity: buffer.len(),
            is_static: true,
            reserved: 0,
        })
    }

    /// Grows the byte buffer to the given `new_size`.
    ///
    /// The newly added bytes will be zero initialized.
    ///
    /// # Panics
    ///
    /// - If the current size of the [`ByteBuffer`] is larger than `new_size`.
    ///
    /// # Errors
    ///
    /// - If it is not possible to grow the [`ByteBuffer`] to `new_size`.
    ///     - `vec`: If the system allocator ran out of memory to allocate.
    ///     - `static`: If `new_size` is larger than it's the static buffer capacity.
    pub fn grow(&mut self, new_size: usize) -> Result<(), MemoryError> {
        assert!(self.len() <= new_size);
        if self.reserved > 0 {
            return self.grow_reserved(new_size);
        }
        match self.get_vec() {
            Some(vec) => self.grow_vec(vec, new_size),
            None => self.grow_static(new_size),
        }
    }

    /// Grow the byte buffer to the given `new_size` when backed by a [`Vec`].
    fn grow_vec(
        &mut self,
        mut vec: ManuallyDrop<Vec<u8>>,
        new_size: usize,
    ) -> Result<(), MemoryError> {
        debug_assert!(vec.len() <= new_size);
        let additional = new_size - vec.len();
        if vec.try_reserve(additional).is_err() {
            return Err(MemoryError::OutOfSystemMemory);
        };
        vec.resize(new_size, 0x00_u8);
        (self.ptr, self.len, self.capacity) = vec_into_raw_parts(ManuallyDrop::into_inner(vec));
        Ok(())
    }

    /// Grow the byte buffer to the given `new_size` when backed by a `&'static [u8]`.
    fn grow_static(&mut self, new_size: usize) -> Result<(), MemoryError> {
        if self.capacity < new_size {
            return Err(MemoryError::InvalidStaticBufferSize);
        }
        let len = self.len();
        self.len = new_size;
        self.data_mut()[len..new_size].fill(0x00_u8);
        Ok(())
    }

    /// Returns the length of the byte buffer in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Returns a shared slice to the bytes underlying to the byte buffer.
    pub fn data(&self) -> &[u8] {
        // # Safety
        //
        // The byte buffer is either backed by a `Vec<u8>` or a &'static [u8]`
        // which are both valid byte slices in the range `self.ptr[0..self.len]`.
        unsafe { slice::from_raw_parts(self.ptr, self.len) }
    }

    /// Returns an exclusive slice to the bytes underlying to the byte buffer.
    pub fn data_mut(&mut self) -> &mut [u8] {
        // # Safety
        //
        // The byte buffer is either backed by a `Vec<u8>` or a &'static [u8]`
        // which are both valid byte slices in the range `self.ptr[0..self.len]`.
        unsafe { slice::from_raw_parts_mut(self.ptr, self.len) }
    }

    /// Returns the underlying `Vec<u8>` if the byte buffer is not backed by a static buffer.
    ///
    /// Otherwise returns `None`.
    ///
    /// # Note
    ///
    /// - The returned `Vec` will free its memory and thus the memory of the [`ByteBuffer`] if dropped.
    /// - The returned `Vec` is returned as [`ManuallyDrop`] to prevent its buffer from being freed
    ///   automatically upon going out of scope.
    fn get_vec(&mut self) -> Option<ManuallyDrop<Vec<u8>>> {
        if self.is_static || self.reserved > 0 {
            return None;
        }
        // Safety
        //
        // - At this point we are guaranteed that the byte buffer is backed by a `Vec`
        //   so it is safe to reconstruct the `Vec` by its raw parts.
        // - The returned `Vec` is returned as [`ManuallyDrop`] to prevent its buffer from being free
        //   upon going out of scope.
        let vec = unsafe { Vec::from_raw_parts(self.ptr, self.len, self.capacity) };
        Some(ManuallyDrop::new(vec))
    }
}

impl Drop for ByteBuffer {
    fn drop(&mut self) {
        if self.reserved > 0 {
            // Safety: `ptr` is the start of our own reservation of `reserved` bytes.
            unsafe { vm::release(self.ptr, self.reserved) };
            return;
        }
        self.get_vec().map(ManuallyDrop::into_inner);
    }
}

/// PATCHED (reserved memory): linear memory on reserved virtual memory.
///
/// A buffer made by [`ByteBuffer::new_reserved`] reserves (without committing) the address
/// space its maximum size needs, up to [`vm::RESERVE_MAX`], and commits pages as it grows:
/// - its base address never changes while it grows within the reservation, so pointers
///   into it that a host keeps across a call stay valid;
/// - new pages are the OS's lazy zero pages: creating a big memory costs no zero-filling;
/// - dropping it returns everything to the OS.
///
/// Where no reservation can be had (address space exhausted, or a platform without
/// `mmap`), it falls back to the `Vec` buffer; a 64-bit memory growing past its
/// reservation moves to a bigger one (the only case its base changes).
impl ByteBuffer {
    /// A buffer of `size` bytes that may grow to `max` bytes (`None`: no declared maximum).
    pub fn new_reserved(size: usize, max: Option<usize>) -> Result<Self, MemoryError> {
        let want = max.unwrap_or(usize::MAX).min(vm::RESERVE_MAX).max(size);
        match Self::new_mapped(size, want) {
            Some(buffer) => Ok(buffer),
            None => Self::new(size),
        }
    }

    /// The size up to which growing keeps the base address (0 when growth may move it).
    pub fn fixed_base_bytes(&self) -> usize {
        if self.is_static { self.capacity } else { self.reserved }
    }

    fn new_mapped(size: usize, reserve: usize) -> Option<Self> {
        let page = vm::page_size()?;
        let reserve = vm::round_up(reserve, page)?;
        let committed = vm::round_up(size, page)?;
        if reserve == 0 {
            return None;
        }
        // Safety: a fresh reservation, committed from its start.
        unsafe {
            let ptr = vm::reserve(reserve)?;
            if committed > 0 && !vm::commit(ptr, 0, committed) {
                vm::release(ptr, reserve);
                return None;
            }
            Some(Self {
                ptr,
                len: size,
                capacity: committed,
                is_static: false,
                reserved: reserve,
            })
        }
    }

    fn grow_reserved(&mut self, new_size: usize) -> Result<(), MemoryError> {
        if new_size <= self.reserved {
            let page = vm::page_size().ok_or(MemoryError::OutOfSystemMemory)?;
            let want = vm::round_up(new_size, page).ok_or(MemoryError::OutOfSystemMemory)?;
            if want > self.capacity {
                // Safety: `capacity..want` lies within our reservation.
                if !unsafe { vm::commit(self.ptr, self.capacity, want) } {
                    return Err(MemoryError::OutOfSystemMemory);
                }
                self.capacity = want;
            }
            // `len..new_size` is zero: never-touched pages, or the never-exposed tail of
            // the last committed page.
            self.len = new_size;
            return Ok(());
        }
        let reserve = new_size.checked_next_power_of_two().unwrap_or(new_size);
        let mut moved = match Self::new_mapped(new_size, reserve) {
            Some(buffer) => buffer,
            None => Self::new(new_size)?,
        };
        moved.data_mut()[..self.len].copy_from_slice(self.data());
        *self = moved;
        Ok(())
    }
}

#[cfg(all(unix, feature = "std"))]
mod vm {
    /// The most address space one memory reserves: all a 32-bit memory can reach.
    pub const RESERVE_MAX: usize = if usize::BITS >= 64 { 1 << 32 } else { 1 << 30 };

    pub fn page_size() -> Option<usize> {
        // Safety: sysconf has no preconditions.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        usize::try_from(page).ok().filter(|p| p.is_power_of_two())
    }

    pub fn round_up(n: usize, page: usize) -> Option<usize> {
        Some(n.checked_add(page - 1)? & !(page - 1))
    }

    /// Reserves `bytes` of address space, inaccessible and uncommitted.
    pub unsafe fn reserve(bytes: usize) -> Option<*mut u8> {
        let flags = libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE;
        let p = unsafe { libc::mmap(core::ptr::null_mut(), bytes, libc::PROT_NONE, flags, -1, 0) };
        (p != libc::MAP_FAILED).then_some(p.cast())
    }

    /// Makes `base[from..to]` readable and writable (zero pages, backed on first touch).
    pub unsafe fn commit(base: *mut u8, from: usize, to: usize) -> bool {
        let rw = libc::PROT_READ | libc::PROT_WRITE;
        unsafe { libc::mprotect(base.add(from).cast(), to - from, rw) == 0 }
    }

    pub unsafe fn release(base: *mut u8, bytes: usize) {
        unsafe { libc::munmap(base.cast(), bytes) };
    }
}

/// Without `mmap` every buffer is a `Vec` (reservations always fail).
#[cfg(not(all(unix, feature = "std")))]
mod vm {
    pub const RESERVE_MAX: usize = 0;

    pub fn page_size() -> Option<usize> {
        None
    }

    pub fn round_up(_n: usize, _page: usize) -> Option<usize> {
        None
    }

    pub unsafe fn reserve(_bytes: usize) -> Option<*mut u8> {
        None
    }

    pub unsafe fn commit(_base: *mut u8, _from: usize, _to: usize) -> bool {
        false
    }

    pub unsafe fn release(_base: *mut u8, _bytes: usize) {}
}

#[cfg(test)]
mod test {
    use super::*;
    #[test]
    fn test_basic_allocation_deallocation() {
        let buffer = ByteBuffer::new(10).unwrap();
        assert_eq!(buffer.len(), 10);
        // Dropping the buffer should not cause UB.
    }

    #[test]
    fn test_basic_data_manipulation() {
        let mut buffer = ByteBuffer::new(10).unwrap();
        assert_eq!(buffer.len(), 10);
        let data = buffer.data(); // test we can read the data
        assert_eq!(data, &[0; 10]);
        let data = buffer.data_mut(); // test we can take a mutable reference to the data
        data[4] = 4; // test we can write to the data and it is not UB
        let data = buffer.data(); // test we can take a new reference to the data
        assert_eq!(data, &[0, 0, 0, 0, 4, 0, 0, 0, 0, 0]); // test we can read the data
        // test drop is okay
    }

    #[test]
    fn test_static_buffer_initialization() {
        static mut BUF: [u8; 10] = [7; 10];
        let buf = unsafe { &mut *core::ptr::addr_of_mut!(BUF) };
        let mut buffer = ByteBuffer::new_static(buf, 5).unwrap();
        assert_eq!(buffer.len(), 5);
        // Modifying the static buffer through ByteBuffer and checking its content.
        let data = buffer.data_mut();
        data[0] = 1;
        unsafe {
            assert_eq!(BUF[0], 1);
        }
    }

    #[test]
    fn test_growing_buffer() {
        let mut buffer = ByteBuffer::new(5).unwrap();
        buffer.grow(10).unwrap();
        assert_eq!(buffer.len(), 10);
        assert_eq!(buffer.data(), &[0; 10]);
    }

    #[test]
    fn test_growing_static() {
        static mut BUF: [u8; 10] = [7; 10];
        let buf = unsafe { &mut *core::ptr::addr_of_mut!(BUF) };
        let mut buffer = ByteBuffer::new_static(buf, 5).unwrap();
        assert_eq!(buffer.len(), 5);
        assert_eq!(buffer.data(), &[0; 5]);
        buffer.grow(8).unwrap();
        assert_eq!(buffer.len(), 8);
        assert_eq!(buffer.data(), &[0; 8]);
        buffer.grow(10).unwrap();
        assert_eq!(buffer.len(), 10);
        assert_eq!(buffer.data(), &[0; 10]);
    }

    #[test]
    fn test_static_buffer_overflow() {
        static mut BUF: [u8; 5] = [7; 5];
        let buf = unsafe { &mut *core::ptr::addr_of_mut!(BUF) };
        let mut buffer = ByteBuffer::new_static(buf, 5).unwrap();
        assert!(buffer.grow(10).is_err());
    }

    #[test]
    #[cfg(all(unix, feature = "std"))]
    fn reserved_buffer_keeps_its_base() {
        let mut buffer = ByteBuffer::new_reserved(65536, None).unwrap();
        assert!(buffer.reserved >= 1 << 30);
        let base = buffer.data().as_ptr();
        buffer.data_mut()[65535] = 7;
        buffer.grow(10 * 65536).unwrap();
        assert_eq!(buffer.data().as_ptr(), base);
        assert_eq!(buffer.data()[65535], 7);
        assert!(buffer.data()[65536..].iter().all(|b| *b == 0));
        // past a declared maximum's reservation: moved, contents kept
        let mut small = ByteBuffer::new_reserved(4096, Some(8192)).unwrap();
        small.data_mut()[4095] = 9;
        small.grow(8192).unwrap();
        let base = small.data().as_ptr();
        small.grow(3 * 8192).unwrap();
        assert_ne!(small.data().as_ptr(), base);
        assert_eq!(small.data()[4095], 9);
        assert_eq!(small.len(), 3 * 8192);
    }

    #[test]
    fn out_of_memory_works() {
        let mut buffer = ByteBuffer::new(0).unwrap();
        assert!(matches!(
            buffer.grow(usize::MAX).unwrap_err(),
            MemoryError::OutOfSystemMemory
        ));
        assert_eq!(buffer.len(), 0);
        assert_eq!(buffer.data().first(), None);
        assert!(buffer.grow(1).is_ok());
        assert!(matches!(
            buffer.grow(usize::MAX).unwrap_err(),
            MemoryError::OutOfSystemMemory
        ));
        assert_eq!(buffer.len(), 1);
        assert_eq!(buffer.data().first(), Some(&0x00_u8));
    }
}
