//! Write-once static storage: puts a large value (the connection and its record buffers) in
//! `.bss`, where the linker counts it against RAM, instead of on the stack.

use core::cell::{Cell, UnsafeCell};
use core::mem::MaybeUninit;
use critical_section::Mutex;

/// Storage for one `T`, filled once at run time, giving out one `&'static mut T`.
pub struct Slot<T> {
    // A critical section, not an atomic swap: thumbv6m has no atomic read-modify-write.
    taken: Mutex<Cell<bool>>,
    cell: UnsafeCell<MaybeUninit<T>>,
}

// SAFETY: the only operation through `&Slot` is `put`, which the `taken` flag (tested and set
// in one critical section) lets succeed once; it moves a `T` in from its caller and hands that
// same caller the only reference to it. So no two references to the value ever exist and the
// value is never reached from two contexts through the `Slot`; `T` need not be `Sync` or `Send`.
unsafe impl<T> Sync for Slot<T> {}

impl<T> Slot<T> {
    /// An empty slot.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            taken: Mutex::new(Cell::new(false)),
            cell: UnsafeCell::new(MaybeUninit::uninit()),
        }
    }

    /// Stores `value` and returns the only reference to it; `None` (dropping `value`) if the
    /// slot was already filled.
    // `&self` -> `&mut T` is the point: `taken` makes it happen once, like `static_cell`.
    #[allow(clippy::mut_from_ref)]
    pub fn put(&'static self, value: T) -> Option<&'static mut T> {
        let first = critical_section::with(|cs| !self.taken.borrow(cs).replace(true));
        if !first {
            return None;
        }
        // SAFETY: `taken` was false, so this is the first and only `put`: nobody else holds a
        // reference into `cell`, and after this no one will get one except through the `&mut`
        // returned here. The storage is `'static`, so the reference is valid forever.
        let slot = unsafe { &mut *self.cell.get() };
        Some(slot.write(value))
    }
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// `N` zeroed bytes in `.bss`, lent once as `&'static mut [u8]`: record buffers a connection
/// borrows in place, so they never move through the stack.
pub struct Buffer<const N: usize> {
    taken: Mutex<Cell<bool>>,
    cell: UnsafeCell<[u8; N]>,
}

// SAFETY: the only operation through `&Buffer` is `take`, which the `taken` flag (tested and
// set in one critical section) lets succeed once, handing out the only reference to the bytes.
unsafe impl<const N: usize> Sync for Buffer<N> {}

impl<const N: usize> Buffer<N> {
    /// Zeroed bytes (a `const` initializer, so the buffer is in `.bss`).
    #[must_use]
    pub const fn new() -> Self {
        Self {
            taken: Mutex::new(Cell::new(false)),
            cell: UnsafeCell::new([0; N]),
        }
    }

    /// The only reference to the bytes; `None` after the first call.
    #[allow(clippy::mut_from_ref)]
    pub fn take(&'static self) -> Option<&'static mut [u8]> {
        let first = critical_section::with(|cs| !self.taken.borrow(cs).replace(true));
        if !first {
            return None;
        }
        // SAFETY: `taken` was false, so this is the first and only `take`: nobody else holds a
        // reference into `cell`, and no one will get one except through the `&mut` returned
        // here. The storage is `'static`, so the reference is valid forever.
        Some(unsafe { &mut *self.cell.get() })
    }
}

impl<const N: usize> Default for Buffer<N> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::Slot;

    #[test]
    fn once() {
        static S: Slot<u32> = Slot::new();
        let a = S.put(7);
        assert_eq!(a.map(|v| *v), Some(7));
        assert!(S.put(8).is_none());
    }

    #[test]
    fn buffer_once() {
        static B: super::Buffer<4> = super::Buffer::new();
        assert_eq!(B.take().map(|b| b.len()), Some(4));
        assert!(B.take().is_none());
    }
}
