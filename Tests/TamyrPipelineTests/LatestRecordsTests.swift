import Testing

@testable import TamyrPipeline

@Suite("LatestRecords: the latest record per topic and series, bounded")
struct LatestRecordsTests {
    private func store(_ cache: LatestRecords, _ topic: String, _ payload: String) {
        store(cache, topic, "", payload)
    }

    private func store(_ cache: LatestRecords, _ topic: String, _ series: String, _ payload: String) {
        var topic = topic, series = series, payload = payload
        topic.withUTF8 { t in
            series.withUTF8 { s in
                payload.withUTF8 { p in
                    _ = cache.store(topic: UnsafeRawBufferPointer(t), series: UnsafeRawBufferPointer(s), payload: UnsafeRawBufferPointer(p))
                }
            }
        }
    }

    private func snapshot(_ cache: LatestRecords, _ prefix: String = "") -> [String] {
        var prefix = prefix
        var out: [String] = []
        prefix.withUTF8 { p in
            _ = cache.forEach(prefix: UnsafeRawBufferPointer(p)) { topic, payload in
                out.append(String(decoding: topic, as: UTF8.self) + " " + String(decoding: payload, as: UTF8.self))
            }
        }
        return out
    }

    @Test("a later record replaces its series only; breakdown groups are separate series")
    func latestPerSeries() {
        let cache = LatestRecords(limits: .init(maxTopics: 10, maxSeriesPerTopic: 10))
        store(cache, "kpi.customs.1m", "w1")
        store(cache, "kpi.customs.1m.service", "a", "w1 a")
        store(cache, "kpi.customs.1m.service", "b", "w1 b")
        store(cache, "status.tamyrd", "s1")
        store(cache, "kpi.customs.1m", "w2")
        store(cache, "kpi.customs.1m.service", "a", "w2 a")
        #expect(cache.count == 4)
        // Publication order of the latest records.
        #expect(snapshot(cache) == [
            "kpi.customs.1m.service w1 b", "status.tamyrd s1", "kpi.customs.1m w2", "kpi.customs.1m.service w2 a",
        ])
        #expect(snapshot(cache, "kpi.customs.1m.") == ["kpi.customs.1m.service w1 b", "kpi.customs.1m.service w2 a"])
        #expect(snapshot(cache, "status.") == ["status.tamyrd s1"])
        #expect(snapshot(cache, "kpi.customs.1m.service.x").isEmpty)
        #expect(snapshot(cache, "alert.").isEmpty)
    }

    @Test("a full topic gives up its series updated longest ago; a topic beyond the cap is not kept")
    func bounded() {
        let cache = LatestRecords(limits: .init(maxTopics: 2, maxSeriesPerTopic: 3))
        for group in ["a", "b", "c"] { store(cache, "kpi.t.1m.service", group, "w1 \(group)") }
        store(cache, "kpi.t.1m.service", "a", "w2 a")
        store(cache, "kpi.t.1m.service", "d", "w2 d")  // evicts b, the oldest
        #expect(snapshot(cache) == ["kpi.t.1m.service w1 c", "kpi.t.1m.service w2 a", "kpi.t.1m.service w2 d"])
        store(cache, "kpi.t.1m.service", "e", "w2 e")  // evicts c
        #expect(snapshot(cache) == ["kpi.t.1m.service w2 a", "kpi.t.1m.service w2 d", "kpi.t.1m.service w2 e"])
        store(cache, "status.tamyrd", "s")
        store(cache, "alert.customs.x", "firing")
        #expect(cache.uncached == 1)
        #expect(cache.count == 4)
        #expect(cache.count <= cache.limits.maxSeries)
        // Eviction many times over keeps the bound and the latest records.
        for round in 0 ..< 100 { store(cache, "kpi.t.1m.service", "g\(round % 7)", "r\(round)") }
        #expect(snapshot(cache, "kpi.") == ["kpi.t.1m.service r97", "kpi.t.1m.service r98", "kpi.t.1m.service r99"])
    }

    @Test("an empty series and one with bytes that look like a separator stay apart")
    func keysAreExact() {
        let cache = LatestRecords(limits: .init(maxTopics: 4, maxSeriesPerTopic: 4))
        store(cache, "a", "", "1")
        store(cache, "a", "b", "2")
        store(cache, "a\u{0}b", "", "3")
        #expect(cache.count == 3)
    }
}
