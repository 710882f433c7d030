//! Keeps freed heap memory in the process instead of handing it back to the kernel every frame.
//!
//! Each frame the renderer (lavapipe under Xvfb) and egui allocate and free several megabytes.
//! With glibc's defaults, freeing them shrinks the heap past its trim threshold (128 KiB), and
//! the next frame faults the same pages back in, zeroed by the kernel; unmapping also makes the
//! kernel interrupt the other threads to flush their address translations. On the two-core test
//! machines that churn cost ≈ 15 % of the case screen's frame time (docs/app.md, Measured
//! figures). Raising the thresholds keeps the pages mapped; peak RSS did not change (183 MB).

/// Heap growth kept rather than trimmed after a free.
const TRIM_THRESHOLD: usize = 512 << 20;
/// Allocations at least this large get their own mapping (and so return it when freed).
const MMAP_THRESHOLD: usize = 256 << 20;

/// Sets glibc's trim and mmap thresholds for the whole process (Rust and the C renderer share
/// the allocator). Call before the renderer starts its threads. Elsewhere this does nothing.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `mallopt` only changes allocator parameters; it takes the allocator's own
        // lock and is safe to call at any time, from any thread.
        unsafe {
            libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD as libc::c_int);
            libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD as libc::c_int);
        }
    }
}
