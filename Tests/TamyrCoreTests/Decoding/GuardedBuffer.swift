import Glibc

/// Memory whose last usable byte sits right before an inaccessible page, so a
/// decoder that reads even one byte past the payload crashes the test instead
/// of silently reading garbage.
final class GuardedBuffer {
    private let base: UnsafeMutableRawPointer
    private let pageSize: Int
    private let usablePages: Int

    /// Room for payloads up to `capacity` bytes.
    init(capacity: Int) {
        pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        usablePages = (capacity + pageSize - 1) / pageSize
        let total = (usablePages + 1) * pageSize
        guard let mapped = mmap(nil, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            mapped != MAP_FAILED
        else { fatalError("mmap failed") }
        base = mapped
        guard mprotect(base + usablePages * pageSize, pageSize, PROT_NONE) == 0 else { fatalError("mprotect failed") }
    }

    deinit {
        munmap(base, (usablePages + 1) * pageSize)
    }

    /// Calls `body` with `bytes` copied so that they end exactly at the guard page.
    func withPayload<Result>(_ bytes: some Collection<UInt8>, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        precondition(bytes.count <= usablePages * pageSize)
        let start = base + usablePages * pageSize - bytes.count
        UnsafeMutableRawBufferPointer(start: start, count: bytes.count).copyBytes(from: bytes)
        return body(UnsafeRawBufferPointer(start: start, count: bytes.count))
    }
}
