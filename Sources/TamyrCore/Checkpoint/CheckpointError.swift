/// Why a checkpoint cannot be restored. The daemon moves such a file aside,
/// logs this description, and starts fresh (it never stops on one).
package enum CheckpointError: Error, Equatable, CustomStringConvertible {
    /// The file ends before its contents do.
    case truncated
    /// Not a Tamyr checkpoint (other magic bytes).
    case notACheckpoint
    /// Written by another version of the format.
    case unsupportedVersion(UInt32)
    /// The checksum does not match the contents.
    case checksumMismatch
    /// Written under other windows, domains or breakdowns, or another applicant key.
    case incompatible(String)
    /// Well-formed bytes whose values break an invariant.
    case corrupt(String)

    package var description: String {
        switch self {
        case .truncated: "truncated"
        case .notACheckpoint: "not a Tamyr checkpoint"
        case .unsupportedVersion(let version): "format version \(version), this tamyrd reads version \(CheckpointFormat.version)"
        case .checksumMismatch: "checksum mismatch"
        case .incompatible(let why): "written under another configuration: \(why)"
        case .corrupt(let why): "corrupt: \(why)"
        }
    }
}
