//! Write-once static storage: puts a large value (the connection and its record buffers) in
//! `.bss`, where the linker counts it against RAM, instead of on the stack.

use core::cell::UnsafeCell;
use core::mem::MaybeUninit;
use core::sync::atomic::{AtomicBool, Ordering};

/// Storage for one `T`, filled once at run time, giving out one `&'static mut T`.
pub struct Slot<T> {
    taken: AtomicBool,
    cell: UnsafeCell<MaybeUninit<T>>,
}

// SAFETY: the only operation through `&Slot` is `put`, which the `taken` flag (an atomic swap)
// lets succeed once; it moves a `T` in from its caller and hands that same caller the only
// reference to it. So no two references to the value ever exist and the value is never
// reached from two contexts through the `Slot`; `T` need not be `Sync` or `Send`.
unsafe impl<T> Sync for Slot<T> {}

impl<T> Slot<T> {
    /// An empty slot.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            taken: AtomicBool::new(false),
            cell: UnsafeCell::new(MaybeUninit::uninit()),
        }
    }

    /// Stores `value` and returns the only reference to it; `None` (dropping `value`) if the
    /// slot was already filled.
    // `&self` -> `&mut T` is the point: `taken` makes it happen once, like `static_cell`.
    #[allow(clippy::mut_from_ref)]
    pub fn put(&'static self, value: T) -> Option<&'static mut T> {
        if self.taken.swap(true, Ordering::AcqRel) {
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
