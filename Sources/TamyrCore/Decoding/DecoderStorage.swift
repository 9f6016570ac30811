/// The memory an ``EventDecoder`` allocates once, when it is created: the
/// captured field values, the slots that receive decoded escaped strings, and
/// the domain table.
///
/// Nothing here outlives a record except the domain table; the decoder reuses
/// the rest for every record.
@usableFromInline
final class DecoderStorage: @unchecked Sendable {
    // Why @unchecked Sendable is sound: the domain table never changes after
    // `init`, and the scratch memory is written only by `EventDecoder.decode`,
    // a mutating method that first makes its reference unique (copying the
    // storage otherwise), so no two decoders, and thus no two threads, ever
    // write the same storage.

    /// The number of ``EventField`` cases (`allCases` would build an array on every use).
    let fieldCount: Int
    /// The configured domains, kept to build a copy.
    let domainNames: [String]
    /// One captured value per ``EventField``, indexed by raw value.
    let captures: UnsafeMutablePointer<ScannedValue>
    /// One slot per ``EventField``, indexed by raw value.
    let slots: UnsafeMutablePointer<StringSlot>
    /// Receives escaped keys; longer than the longest known key.
    let keySlot: StringSlot
    /// Backs every slot.
    private let scratch: UnsafeMutableRawPointer
    let domains: DomainTable
    /// How ``RecordFastPath`` recognises a known key with one or two word compares.
    let keyTemplates: RecordFastPath.KeyTemplates
    /// The event being decoded, built in place and lent to the sink from here,
    /// so it is never copied (nor reinitialised) per event. Raw, so that the
    /// inlinable ``EventDecoder/decode(_:nowMillis:into:)`` may reach it: a
    /// `DecodedEvent` bound there once, in `init`.
    @usableFromInline
    let eventMemory: UnsafeMutableRawPointer
    /// What ``RecordFastPath`` expects after each member; updated as it decodes.
    let memberPredictions: RecordFastPath.MemberPredictions

    /// Longer than the longest known key (`duration_ms`, 11 bytes), so an
    /// escaped key that does not fit is unknown.
    static let keySlotCapacity = 16

    init(domains names: [String]) {
        domainNames = names
        let table = DomainTable(names)
        domains = table
        keyTemplates = RecordFastPath.KeyTemplates()
        memberPredictions = RecordFastPath.MemberPredictions()
        eventMemory = UnsafeMutableRawPointer(UnsafeMutablePointer<DecodedEvent>.allocate(capacity: 1))
        eventMemory.initializeMemory(as: DecodedEvent.self, to: DecodedEvent())
        let fields = EventField.allCases
        fieldCount = fields.count
        captures = .allocate(capacity: fields.count)
        captures.initialize(repeating: ScannedValue(), count: fields.count)
        let capacities = fields.map { FieldRules.slotCapacity(of: $0, domains: table) }
        let total = capacities.reduce(Self.keySlotCapacity, +)
        scratch = .allocate(byteCount: total, alignment: 8)
        slots = .allocate(capacity: fields.count)
        keySlot = StringSlot(base: scratch, capacity: Self.keySlotCapacity)
        var offset = Self.keySlotCapacity
        for (index, capacity) in capacities.enumerated() {
            (slots + index).initialize(to: StringSlot(base: capacity > 0 ? scratch + offset : nil, capacity: capacity))
            offset += capacity
        }
    }

    /// A storage for the same domains that shares no memory with this one.
    @usableFromInline
    func copy() -> DecoderStorage {
        DecoderStorage(domains: domainNames)
    }

    /// Marks every field absent, ready for the next record.
    func resetCaptures() {
        for index in 0 ..< fieldCount {
            captures[index].kind = .absent
        }
    }

    deinit {
        captures.deinitialize(count: fieldCount)
        captures.deallocate()
        slots.deinitialize(count: fieldCount)
        slots.deallocate()
        scratch.deallocate()
        domains.deallocate()
        keyTemplates.deallocate()
        memberPredictions.deallocate()
        eventMemory.assumingMemoryBound(to: DecodedEvent.self).deinitialize(count: 1)
        eventMemory.deallocate()
    }
}
