/// The checkpoint file, version 2: everything tamyrd needs to carry on after
/// a restart as if it had not stopped (issue 5, contract section 3).
///
/// ```
/// magic        8 bytes  "TAMYRCKP"
/// version      u32 LE   2 (1 had no alert section)
/// layout       string   windows, domains and breakdowns it was written under
/// key check    u64 LE   a hash of a fixed text under the applicant key
/// written at   i64 LE   wall-clock milliseconds
/// accounting            status totals; each producer's last seq, gaps, duplicates
/// engine                watermark, closed windows, late and folded counts, open panes
/// alerts                per rule: identity, streak of windows meeting it, firing
/// checksum     u32 LE   CRC-32C of every byte before it
/// ```
/// Strings and counts are LEB128 varints (strings: length, then UTF-8);
/// the sections are laid out by the `encode(into:)` of each type. A file
/// whose layout or key differs from the running configuration's is
/// *incompatible* (its panes mean something else), not corrupt.
package enum CheckpointFormat {
    package static let magic: [UInt8] = Array("TAMYRCKP".utf8)
    package static let version: UInt32 = 2

    /// What a checkpoint's panes depend on: window names in configuration
    /// order, domains (panes store domain indices) and breakdowns.
    package static func layout(of configuration: TamyrConfiguration) -> String {
        "windows=" + configuration.windows.all.map(\.name).joined(separator: ",")
            + "; domains=" + configuration.kpi.domains.joined(separator: ",")
            + "; breakdowns=" + configuration.kpi.breakdowns.map(\.rawValue).joined(separator: ",")
    }

    /// Identifies the applicant key without revealing it: distinct-applicant
    /// sets hashed under another key cannot be merged with new ones.
    package static func keyCheck(_ key: (UInt64, UInt64)) -> UInt64 {
        var text = "tamyr checkpoint key check"
        return text.withUTF8 { ApplicantHasher(key0: key.0, key1: key.1).hash(UnsafeRawBufferPointer($0)) }
    }

    /// Writes the whole file for `pipeline` (whose staged events are flushed
    /// and records drained) into `writer`, which is reset first.
    package static func encode(_ pipeline: EventPipeline, layout: String, writtenAtMillis: Int64, into writer: inout CheckpointWriter) {
        writer.reset()
        writer.write(raw: magic)
        writer.write(fixed: version)
        writer.write(layout)
        writer.write(fixed: keyCheck(pipeline.engine.settings.applicantKey))
        writer.write(fixed: writtenAtMillis)
        pipeline.accounting.encode(into: &writer)
        pipeline.engine.encode(into: &writer)
        pipeline.engine.alerts.encode(into: &writer)
        writer.write(fixed: writer.checksum)
    }

    /// Restores a file written by ``encode(_:layout:writtenAtMillis:into:)``
    /// into `pipeline`, which must be new; returns when it was written. On any
    /// error `pipeline` is left as it was.
    @discardableResult
    package static func restore(
        _ bytes: [UInt8], layout: String, nowMillis: Int64, into pipeline: inout EventPipeline
    ) throws(CheckpointError) -> Int64 {
        guard bytes.count >= magic.count + 8 else {
            throw bytes.starts(with: magic.prefix(bytes.count)) && !bytes.isEmpty ? .truncated : .notACheckpoint
        }
        guard bytes.starts(with: magic) else { throw .notACheckpoint }
        var reader = CheckpointReader(bytes, from: magic.count)
        let version = try reader.readFixed32()
        guard version == Self.version else { throw .unsupportedVersion(version) }
        let stored = bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self)) }
        guard bytes.withUnsafeBytes({ CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0.dropLast(4))) }) == stored else {
            throw .checksumMismatch
        }
        reader = CheckpointReader(bytes, from: magic.count + 4, to: bytes.count - 4)
        let written = try reader.readString()
        guard written == layout else { throw .incompatible("\(written), now \(layout)") }
        guard try reader.readFixed64() == keyCheck(pipeline.engine.settings.applicantKey) else {
            throw .incompatible("another applicant key")
        }
        let writtenAt = try reader.readFixedSigned()
        var restored = pipeline
        try restored.accounting.restore(from: &reader)
        try restored.engine.restore(from: &reader, nowMillis: nowMillis)
        try restored.engine.alerts.restore(from: &reader)
        guard reader.isAtEnd else { throw .corrupt("\(reader.remaining) bytes after the alerts") }
        pipeline = restored
        return writtenAt
    }
}
