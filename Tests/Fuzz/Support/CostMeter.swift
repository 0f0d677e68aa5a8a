// Fuzzing support: what a run really cost — CPU time of the fuzzing thread and heap growth,
// counted on every malloc and free through AddressSanitizer's allocator hooks
// (compiler-rt's sanitizer/allocator_interface.h). The harnesses compare these with the cost
// model (RELIABILITY.md) so that work done without being charged is a finding.

import Glibc

@_silgen_name("__sanitizer_install_malloc_and_free_hooks")
private func installHooks(_ malloc: @convention(c) (UnsafeRawPointer?, Int) -> Void,
                          _ free: @convention(c) (UnsafeRawPointer?) -> Void) -> CInt
@_silgen_name("__sanitizer_get_allocated_size")
private func allocatedSize(_ pointer: UnsafeRawPointer?) -> Int

// Plain integer globals: statically initialized, so the hooks (called inside malloc) never
// run a lazy initializer that could allocate.
nonisolated(unsafe) private var heapLive: Int = 0
nonisolated(unsafe) private var heapPeak: Int = 0
nonisolated(unsafe) private var hooksInstalled = false

private let onMalloc: @convention(c) (UnsafeRawPointer?, Int) -> Void = { _, size in
    heapLive &+= size
    if heapLive > heapPeak { heapPeak = heapLive }
}
private let onFree: @convention(c) (UnsafeRawPointer?) -> Void = { pointer in
    if pointer != nil { heapLive &-= allocatedSize(pointer) }
}

/// The cost of running `body`: thread CPU nanoseconds (not wall time: the machine may be
/// shared) and the peak heap growth in bytes above what was live when it started.
func measureCost<T>(_ body: () -> T) -> (result: T, cpu: Int64, heapGrowth: Int) {
    if !hooksInstalled {
        hooksInstalled = true
        _ = installHooks(onMalloc, onFree)
    }
    let base = heapLive
    heapPeak = base
    let start = cpuNanoseconds()
    let result = body()
    return (result, cpuNanoseconds() - start, heapPeak - base)
}

/// Thread CPU time in nanoseconds.
func cpuNanoseconds() -> Int64 {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
}
