import CLibFuzzer
import Glibc
import TamyrFuzzChecks

/// The decoder fuzzer: libFuzzer's loop over ``fuzzOneInput(_:_:)``; one input
/// is one ZeroMQ message payload. Built only by `make fuzz`, with
/// `-sanitize=fuzzer,address`.
///
/// Why `@main` calls `LLVMFuzzerRunDriver` instead of letting libFuzzer's own
/// `main` run: SwiftPM links every Swift executable with its entry point renamed
/// (`--defsym main=TamyrFuzz_main`, so tests can link executables), which fails
/// when the module has no entry point of its own (`-parse-as-library`).
@main
enum DecoderFuzzer {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
    }
}

/// Checks every invariant of ``FuzzChecks`` on one input. A broken invariant
/// traps, which libFuzzer reports as a crash and saves the input;
/// AddressSanitizer reports any out-of-bounds access or leak on the way.
///
/// Exported under libFuzzer's conventional name too: libFuzzer's own `main`,
/// linked whole but never run (see ``DecoderFuzzer``), refers to it.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: count > 0 ? start : nil, count: count)
    let violations = FuzzChecks.violations(in: input)
    if !violations.isEmpty {
        fatalError("invariants broken:\n" + violations.joined(separator: "\n"))
    }
    return 0
}
