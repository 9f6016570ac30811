#if canImport(Glibc)
import Glibc
#endif

/// Caps glibc's malloc arenas (`M_ARENA_MAX`) for the process.
///
/// glibc gives threads that allocate at the same time arenas of their own
/// (up to eight per core), and memory freed into one arena is not reused by
/// another. tamyrd's threads are few and live for the whole run, and the
/// per-event path does not allocate, so extra arenas buy nothing but resident
/// memory: the soak measured tens of megabytes more with decode workers
/// (docs/performance.md). Two arenas, as `MALLOC_ARENA_MAX=2` would set;
/// an operator's `MALLOC_ARENA_MAX` in the environment wins.
///
/// `mallopt` is not in Swift's Glibc module, so it is looked up with `dlsym`.
package enum MallocArenas {
    package static func limit(to arenas: Int32 = 2) {
        #if canImport(Glibc)
        guard getenv("MALLOC_ARENA_MAX") == nil, let symbol = dlsym(nil, "mallopt") else { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        // M_ARENA_MAX in glibc's malloc.h.
        _ = mallopt(-8, arenas)
        #endif
    }
}
