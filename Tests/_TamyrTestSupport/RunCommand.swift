import Foundation

/// The result of running one of the built executables to completion.
package struct CommandResult: Sendable {
    package var status: Int32
    package var standardOutput: String
    package var standardError: String
}

/// Runs a built executable (`tamyr`, `tamyrd`) with arguments, waiting up to
/// `timeout` seconds (times ``TimeoutScale/factor``); kills it and records status -1 on timeout.
package func runBuilt(_ name: String, _ arguments: [String], timeout: Double = 60) throws -> CommandResult {
    let process = Process()
    process.executableURL = TamyrdProcess.executable(name)
    process.arguments = arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    // Read while it runs so a full pipe cannot block the child.
    let outputData = LockedData()
    let errorData = LockedData()
    let group = DispatchGroup()
    for (pipe, sink) in [(output, outputData), (error, errorData)] {
        group.enter()
        DispatchQueue.global().async {
            sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
    }
    let deadline = Date().addingTimeInterval(TimeoutScale.seconds(timeout))
    while process.isRunning && Date() < deadline { usleep(10_000) }
    var status: Int32 = -1
    if process.isRunning {
        process.terminate()
        process.waitUntilExit()
    } else {
        status = process.terminationStatus
    }
    group.wait()
    return CommandResult(
        status: status,
        standardOutput: String(decoding: outputData.get(), as: UTF8.self),
        standardError: String(decoding: errorData.get(), as: UTF8.self)
    )
}

/// Bytes handed from a reader thread to the test thread.
private final class LockedData: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var data = Data()

    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
