//! The global allocator: the standard one (dlmalloc), made to grow the
//! wasm memory geometrically.
//!
//! dlmalloc asks for more memory 64 KiB at a time (its granularity), so a
//! result made of many small allocations (a row per group for 200,000
//! groups) grows the memory thousands of times. To the JavaScript engine
//! each growth is more external memory, and V8 answers enough of them with
//! full garbage collections of its own heap: `groupKpis` over 200,000
//! segments took 3.2 s alone, and 30 s with 200,000 results already in the
//! heap (177 full collections), where calling `nps()` per segment takes
//! 0.8 s. With this allocator: 0.9 s and 1.6 s.
//!
//! So when an allocation grew the memory, this asks for half as much again
//! as the module has (between [`MIN_RESERVE`] and [`MAX_RESERVE`]) and
//! gives it straight back: dlmalloc grows once more, by that much, and the
//! freed block joins its free top, from which the next allocations are cut
//! without growing. The memory then grows a few dozen times at most, and is
//! at most half as large again as what was needed. Pages reserved and never
//! written cost address space, not memory. When the reserve cannot be had
//! (the memory is near its limit), nothing happens.

use core::arch::wasm32::memory_size;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bytes in a wasm page.
const PAGE: usize = 65_536;
/// The smallest reserve: 1 MiB.
const MIN_RESERVE: usize = 1 << 20;
/// The largest reserve: 128 MiB (past that, growth is linear in steps of
/// this, and so still rare).
const MAX_RESERVE: usize = 1 << 27;

/// The standard allocator, growing the memory geometrically.
pub struct Geometric;

/// The memory's size in pages after the last reserve (or, until there is
/// one, at the first allocation).
static PAGES: AtomicUsize = AtomicUsize::new(0);

/// After an allocation: if the memory grew since the last one, reserve
/// (not at the first allocation, which only learns the size).
#[inline(always)]
fn after() {
    let pages = memory_size(0);
    let known = PAGES.load(Ordering::Relaxed);
    if pages != known {
        if known == 0 {
            PAGES.store(pages, Ordering::Relaxed);
        } else {
            reserve();
        }
    }
}

/// Allocates and frees a block of half the memory's size. (Through
/// `System`, not this allocator, so it does not come back here.)
#[cold]
fn reserve() {
    let size = (memory_size(0) * PAGE / 2).clamp(MIN_RESERVE, MAX_RESERVE);
    if let Ok(layout) = Layout::from_size_align(size, 8) {
        // SAFETY: the layout's size is not zero; the block is given back at
        // once, unread and unwritten, with the same layout.
        unsafe {
            let p = System.alloc(layout);
            if !p.is_null() {
                System.dealloc(p, layout);
            }
        }
    }
    PAGES.store(memory_size(0), Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` with its arguments as they
// are; the reserve only allocates and frees a block of its own.
unsafe impl GlobalAlloc for Geometric {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, forwarded.
        let p = unsafe { System.alloc(layout) };
        after();
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, forwarded.
        let p = unsafe { System.alloc_zeroed(layout) };
        after();
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, forwarded.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract, forwarded.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        after();
        p
    }
}

#[global_allocator]
static ALLOCATOR: Geometric = Geometric;
