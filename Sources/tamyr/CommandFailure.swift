/// A failure while a command runs (not a usage mistake): ArgumentParser prints its
/// description after `Error:`, without the usage text a `ValidationError` adds, and exits 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
