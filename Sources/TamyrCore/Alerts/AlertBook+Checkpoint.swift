extension AlertBook {
    /// The last window evaluated per window spec, then per rule: its identity,
    /// streak and whether it fires; so an alert firing before a restart is not
    /// announced again after it, and a streak carries on.
    package func encode(into writer: inout CheckpointWriter) {
        for last in lastWindow { writer.write(optional: last) }
        writer.write(count: rules.count)
        for (rule, state) in zip(rules, states) {
            writer.write(rule.identity)
            writer.write(count: state.streak)
            writer.write(state.firing)
        }
    }

    /// Restores the states of the rules that are still configured with the same
    /// identity; a rule changed or removed since is dropped (it starts afresh,
    /// as after a reload).
    package mutating func restore(from reader: inout CheckpointReader) throws(CheckpointError) {
        var windows = lastWindow
        for spec in windows.indices { windows[spec] = try reader.readOptionalSigned() }
        let count = try reader.readCount(atMost: 1_000_000, "alert rules")
        var restored = states
        for _ in 0..<count {
            let identity = try reader.readString()
            let streak = Int(clamping: try reader.readVarint())
            let firing = try reader.readBool()
            if let index = rules.firstIndex(where: { $0.identity == identity }) {
                restored[index] = State(streak: streak, firing: firing)
            }
        }
        states = restored
        lastWindow = windows
    }
}
