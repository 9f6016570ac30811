/// Writes KPI records (contract section 4), fields in the contract's order.
///
/// Number formats: counts and `unique_applicants` as integers; ratios with 6
/// significant digits and `rate_per_s` with 9; durations in milliseconds to
/// the microsecond (`duration_ms.mean` from the exact sum, at full double
/// precision); `amount_sum` exactly with 2 decimals; `amount_mean` rounded
/// half up to the tiyn.
struct KPIRecordWriter {
    struct Window {
        var name: String
        var startMillis: Int64
        var sizeMillis: Int64
    }

    private var json = JSONWriter(capacity: 2_048)

    /// `slaMicros`: `.some(target)` in per-service records (`.some(nil)`: the service has none), nil elsewhere.
    mutating func record(
        topic: String,
        window: Window,
        group: [(String, String)],
        _ accumulator: KPIAccumulator,
        slaMicros: Int64??,
        topServices: [(String, UInt64)]?
    ) -> (topic: String, payload: [UInt8]) {
        json.reset()
        json.beginObject()
        json.key("v")
        json.integer(1)
        json.key("window")
        json.string(window.name)
        json.key("start")
        json.string(Timestamp.rfc3339(millis: window.startMillis))
        json.key("end")
        json.string(Timestamp.rfc3339(millis: window.startMillis + window.sizeMillis))
        json.key("group")
        json.beginObject()
        for (key, value) in group {
            json.key(key)
            json.string(value)
        }
        json.endObject()
        let a = accumulator
        json.key("count")
        json.integer(a.count)
        json.key("ok")
        json.integer(a.ok)
        json.key("failed")
        json.integer(a.failed)
        json.key("rejected")
        json.integer(a.rejected)
        json.key("success_ratio")
        json.double(Double(a.ok) / Double(a.count), significant: 6)
        json.key("rate_per_s")
        json.double(Double(a.count) * 1_000 / Double(window.sizeMillis), significant: 9)
        json.key("duration_ms")
        json.beginObject()
        json.key("mean")
        json.raw("\(Double(a.durationSumMicros) / Double(a.count) / 1_000)")
        for (name, q) in [("p50", 0.5), ("p90", 0.9), ("p95", 0.95), ("p99", 0.99)] {
            json.key(name)
            milliseconds(a.durations.quantile(q) ?? 0)
        }
        json.key("max")
        milliseconds(a.durations.maxMicros ?? 0)
        json.endObject()
        if let slaMicros, let target = slaMicros {
            json.key("sla_ms")
            milliseconds(target)
        }
        if a.slaCounted > 0 {
            json.key("sla_ratio")
            json.double(Double(a.slaMet) / Double(a.slaCounted), significant: 6)
        }
        let known = a.online + a.mobile + a.office
        if known > 0 {
            json.key("digital_share")
            json.double(Double(a.online + a.mobile) / Double(known), significant: 6)
        }
        if a.amountCount > 0 {
            json.key("amount_sum")
            json.fixed(a.amountSumTiyn, decimals: 2)
            json.key("amount_mean")
            let count = Int128(a.amountCount)
            json.fixed((a.amountSumTiyn * 2 + count) / (count * 2), decimals: 2)
        }
        if !a.applicants.isEmpty {
            json.key("unique_applicants")
            json.integer(a.applicants.estimate)
        }
        if let topServices {
            json.key("top_services")
            json.beginArray()
            for (service, count) in topServices {
                json.beginObject()
                json.key("service")
                json.string(service)
                json.key("count")
                json.integer(count)
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
        return (topic, json.bytes)
    }

    /// Microseconds as milliseconds, without trailing zeros: 1790000 -> 1790, 2500 -> 2.5.
    private mutating func milliseconds(_ micros: Int64) {
        var units = micros
        var decimals = 3
        while decimals > 0 && units % 10 == 0 {
            units /= 10
            decimals -= 1
        }
        json.fixed(units, decimals: decimals)
    }
}
