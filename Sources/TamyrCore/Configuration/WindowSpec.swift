/// One configured window: tumbling (`every == size`) or hopping (`every`
/// divides `size`), aligned to the UTC epoch (contract section 3).
package struct WindowSpec: Hashable, Sendable, CustomStringConvertible {
    package enum Kind: Hashable, Sendable { case tumbling, hopping }

    package var kind: Kind
    package var sizeMillis: Int64
    package var everyMillis: Int64

    package init(tumbling sizeMillis: Int64) {
        self.kind = .tumbling
        self.sizeMillis = sizeMillis
        self.everyMillis = sizeMillis
    }

    package init(hopping sizeMillis: Int64, every everyMillis: Int64) {
        self.kind = .hopping
        self.sizeMillis = sizeMillis
        self.everyMillis = everyMillis
    }

    /// The window's name on the wire: `1m`, `1h`, `5m/10s`.
    package var name: String {
        switch kind {
        case .tumbling: DurationText.format(millis: sizeMillis)
        case .hopping: "\(DurationText.format(millis: sizeMillis))/\(DurationText.format(millis: everyMillis))"
        }
    }

    package var description: String { name }
}
