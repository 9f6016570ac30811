// swift-tools-version: 6.2
import Foundation
import PackageDescription

let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let serviceLifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let unixSignals = Target.Dependency.product(name: "UnixSignals", package: "swift-service-lifecycle")
let yams = Target.Dependency.product(name: "Yams", package: "Yams")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")

let package = Package(
    name: "tamyr",
    products: [
        .executable(name: "tamyrd", targets: ["tamyrd"]),
        .executable(name: "tamyr", targets: ["tamyr"]),
        .library(name: "ZeroMQ", targets: ["ZeroMQ"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // /metrics, /healthz, /readyz (TamyrHTTP, linked by tamyrd only).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // MARK: - libzmq and our Swift layer over it (no Tamyr concepts below this line)

        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),

        // MARK: - Tamyr

        // Pure domain: events, decoding, validation, records. No I/O, no clock reads, no logging.
        .target(name: "TamyrCore"),
        // The seeded synthetic stream shared by `tamyr produce`, the tests and the benchmarks.
        .target(name: "TamyrWorkload", dependencies: ["TamyrCore"]),
        // The lock-free plumbing between pipeline stages: SPSC rings and pooled batches. No I/O.
        .target(name: "TamyrPipeline"),
        // Everything with side effects: sockets, threads, wall clock, signals, config files.
        .target(name: "TamyrRuntime", dependencies: ["TamyrCore", "TamyrPipeline", "ZeroMQ", logging, serviceLifecycle, unixSignals, yams]),
        // The HTTP endpoint (/metrics, /healthz, /readyz): the only target that links NIO, so that
        // TamyrRuntime and the `tamyr` CLI never pay for it (docs/architecture.md).
        .target(name: "TamyrHTTP", dependencies: ["TamyrRuntime", "TamyrCore", logging, serviceLifecycle, hummingbird, prometheus]),
        .executableTarget(name: "tamyrd", dependencies: ["TamyrRuntime", "TamyrHTTP", argumentParser, logging]),
        .executableTarget(
            name: "tamyr",
            dependencies: ["TamyrRuntime", "TamyrWorkload", "TamyrCore", "ZeroMQ", argumentParser]
        ),

        // MARK: - Tests

        .target(
            name: "_TamyrTestSupport",
            dependencies: ["TamyrCore", "TamyrWorkload", "ZeroMQ"],
            path: "Tests/_TamyrTestSupport"
        ),
        // The decoder fuzzer's invariants (Fuzz/, a package of its own for libFuzzer); compiled
        // here too so that the normal suite replays the committed corpus through them.
        .target(name: "TamyrFuzzChecks", dependencies: ["TamyrCore"], path: "Fuzz/Sources/TamyrFuzzChecks"),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"]),
        .testTarget(
            name: "TamyrCoreTests",
            dependencies: ["TamyrCore", "TamyrWorkload", "TamyrFuzzChecks", "_TamyrTestSupport"]
        ),
        .testTarget(name: "TamyrWorkloadTests", dependencies: ["TamyrWorkload"]),
        .testTarget(name: "TamyrPipelineTests", dependencies: ["TamyrPipeline", "_TamyrTestSupport"]),
        .testTarget(name: "TamyrRuntimeTests", dependencies: ["TamyrRuntime", "TamyrCore", "ZeroMQ", "_TamyrTestSupport"]),
        .testTarget(name: "TamyrHTTPTests", dependencies: ["TamyrHTTP", "TamyrRuntime", "TamyrCore"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["ZeroMQ", "TamyrCore", "TamyrWorkload", "_TamyrTestSupport"]
        ),
    ]
)

// `make measure-engine` only: an in-process measurement of the decoder and the
// window engine, kept out of `make test`'s build.
if ProcessInfo.processInfo.environment["TAMYR_MEASURE"] != nil {
    package.targets.append(
        .executableTarget(
            name: "tamyr-measure-engine",
            dependencies: ["TamyrCore", "TamyrWorkload"],
            path: "Benchmarks/EngineMeasure"
        )
    )
}

// The same strictness on every Swift target, as the swift-server packages do.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .treatAllWarnings(as: .error),
    ]
}
