import TamyrWorkload

/// One generated line with what the generator said about it and the `now` it was given.
struct Sample {
    var line: [UInt8]
    var event: GeneratedEvent
    var nowMillis: Int64

    var text: String { String(decoding: line, as: UTF8.self) }
}

/// 2025-11-30T10:00:00Z, an arbitrary wall-clock start for the tests.
let testEpochMillis: Int64 = 1_764_496_800_000

/// Generates `count` events, advancing `now` by 0-2 ms per event as a fast producer would.
func generate(_ options: WorkloadOptions, count: Int, startMillis: Int64 = testEpochMillis) -> [Sample] {
    var workload = Workload(options: options)
    var samples: [Sample] = []
    samples.reserveCapacity(count)
    var buffer: [UInt8] = []
    for index in 0..<count {
        let now = startMillis + Int64(index) + Int64(index % 3)
        buffer.removeAll(keepingCapacity: true)
        let event = workload.appendEvent(nowMillis: now, to: &buffer)
        samples.append(Sample(line: buffer, event: event, nowMillis: now))
    }
    return samples
}

/// All lines of a run joined with newlines, as `tamyr produce` would send them.
func stream(_ options: WorkloadOptions, count: Int) -> [UInt8] {
    var workload = Workload(options: options)
    var buffer: [UInt8] = []
    for index in 0..<count {
        workload.appendEvent(nowMillis: testEpochMillis + Int64(index), to: &buffer)
        buffer.append(0x0A)
    }
    return buffer
}

/// The services that are payment-like and so carry `amount`, listed here independently of the
/// generator's catalog.
let paymentServices: Set<String> = [
    "customs-payment", "property-tax-payment", "vat-return", "vehicle-tax-payment",
    "marketplace-order", "payment-gateway", "refund", "fee-payment",
]
