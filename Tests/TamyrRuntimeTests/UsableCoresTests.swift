import Testing
@testable import TamyrRuntime

/// `ingest.decode_workers: auto` follows the cores the process may use: its
/// affinity list and its cgroup's CPU quota, as the kernel writes them.
@Suite("Usable cores: affinity lists and CPU quotas")
struct UsableCoresTests {
    @Test(arguments: [("0", 1), ("0-1", 2), ("0-3,6", 5), ("1,3,5-7", 5), (" 0-15\n", 16)])
    func affinityLists(list: String, cores: Int) {
        #expect(UsableCores.cpuCount(inList: Substring(list)) == cores)
    }

    @Test(arguments: ["", "a-b", "3-1", "0-1-2"])
    func unreadableListsGiveNothing(list: String) {
        #expect(UsableCores.cpuCount(inList: Substring(list)) == nil)
    }

    @Test(arguments: [("max 100000\n", nil), ("150000 100000\n", 2), ("100000 100000", 1), ("50000 100000", 1), ("400000 100000", 4), ("x", nil)] as [(String, Int?)])
    func cpuQuotas(text: String, cores: Int?) {
        #expect(UsableCores.cores(inCPUMax: text) == cores)
    }

    @Test func thisProcessHasAtLeastOneCore() {
        #expect(UsableCores.count >= 1)
        #expect(UsableCores.allowedCPUs().map { $0 >= 1 } ?? true)
    }
}
