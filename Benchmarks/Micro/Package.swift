// swift-tools-version: 6.2
import PackageDescription

// Tamyr's micro-benchmarks (ordo-one/package-benchmark), a package of its own so that the
// main package's `swift build` / `make test` neither resolve nor build package-benchmark and
// its dependencies. Run: `make bench-micro`, or
//     swift package --package-path Benchmarks/Micro benchmark
//
// Why the Tamyr sources are compiled here again: what is measured (EventDecoder,
// WindowEngine, the sketches) has `package` access, which is visible only to modules of the
// same package. Depending on the main package (`.package(path: "../..")`) would therefore
// not compile, and making the API `public` (or adding `@testable`/`-enable-testing`, which
// would also change how the code is optimised) just for benchmarks is the wrong trade.
// Instead, Sources/TamyrCore and Sources/TamyrWorkload in this directory are committed
// symlinks to ../../../Sources/TamyrCore and ../../../Sources/TamyrWorkload: SwiftPM follows
// them, so the same files become modules of *this* package (same module names, built in
// release with the same Swift settings as in Package.swift at the root) and `package` access
// works from the benchmark target. Nothing is copied, so the benchmarks always measure the
// current sources; the root package knows nothing of this directory.
//
// ordo-one/package-benchmark is now published as ordo-one/benchmark (package identity
// "benchmark"); the old identity still works but warns on every run.
// The "MallocInterposer" trait is asked for explicitly (rather than package-benchmark's
// default traits) so that malloc counts work on Swift 6.3 without the "RuntimeInterposer"
// trait, whose dependency (swift-runtime-interposer, ARC counts) is not needed here.
let package = Package(
    name: "TamyrMicro",
    dependencies: [
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The root package's targets of the same names, through the symlinks above. Keep their
        // dependencies in step with the root Package.swift (both have none outside Tamyr).
        .target(name: "TamyrCore", path: "Sources/TamyrCore"),
        .target(name: "TamyrWorkload", dependencies: ["TamyrCore"], path: "Sources/TamyrWorkload"),
        .executableTarget(
            name: "TamyrMicro",
            dependencies: [
                "TamyrCore",
                "TamyrWorkload",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/TamyrMicro",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)

// The root package's settings for the shared modules, so they compile exactly as there.
for target in package.targets where target.name != "TamyrMicro" {
    target.swiftSettings = [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .treatAllWarnings(as: .error),
    ]
}
// The benchmark target: the same language features, warnings stay warnings.
package.targets.first { $0.name == "TamyrMicro" }?.swiftSettings = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]
