// swift-tools-version: 6.2
import PackageDescription

// Tamyr's decoder fuzzer (libFuzzer), a package of its own so that the main package's
// `swift build` / `make test` never build it with the fuzzer's instrumentation. Run: `make fuzz`,
// which builds the `tamyr-fuzz` product with
//     swift build -c release --package-path Fuzz --product tamyr-fuzz --scratch-path .build-fuzz \
//         -Xswiftc -sanitize=fuzzer,address
// (-sanitize=fuzzer instruments every module for coverage and links libFuzzer, whose driver
// TamyrFuzz's `@main` calls: see DecoderFuzzer.swift).
//
// As in Benchmarks/Micro, Sources/TamyrCore and Sources/TamyrWorkload here are committed
// symlinks to the root package's sources, compiled again as modules of *this* package, because
// what the fuzzer drives (EventDecoder, EventPipeline, WindowEngine) has `package` access.
// Sources/TamyrFuzzChecks is the real directory of the invariants; the root package compiles
// it too (target TamyrFuzzChecks), so `make test` replays the committed corpus through the
// same checks without the fuzzer.
let package = Package(
    name: "TamyrFuzz",
    products: [
        .executable(name: "tamyr-fuzz", targets: ["TamyrFuzz"]),
        .executable(name: "tamyr-fuzz-corpus", targets: ["TamyrFuzzCorpus"]),
    ],
    targets: [
        // The root package's targets of the same names, through the symlinks above. Keep their
        // dependencies in step with the root Package.swift (both have none outside Tamyr).
        .target(name: "TamyrCore", path: "Sources/TamyrCore"),
        .target(name: "TamyrWorkload", dependencies: ["TamyrCore"], path: "Sources/TamyrWorkload"),
        .target(name: "TamyrFuzzChecks", dependencies: ["TamyrCore"], path: "Sources/TamyrFuzzChecks"),
        // libFuzzer's driver, declared for Swift (a header only: `-sanitize=fuzzer` links it).
        .systemLibrary(name: "CLibFuzzer", path: "Sources/CLibFuzzer"),
        // The fuzzer: libFuzzer's loop over the checks.
        .executableTarget(name: "TamyrFuzz", dependencies: ["CLibFuzzer", "TamyrFuzzChecks"], path: "Sources/TamyrFuzz"),
        // Writes the seed corpus (`make fuzz-corpus`); built without the fuzzer's flags.
        .executableTarget(
            name: "TamyrFuzzCorpus", dependencies: ["TamyrCore", "TamyrWorkload"], path: "Sources/TamyrFuzzCorpus"),
    ]
)

// The root package's settings, so the shared modules compile exactly as there.
for target in package.targets where target.type != .system {
    target.swiftSettings = [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .treatAllWarnings(as: .error),
    ]
}
