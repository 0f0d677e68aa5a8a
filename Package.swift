// swift-tools-version:6.1
//
// Tandem: one Swift core (Lua, TransportStream, TandemCore) compiled natively into the server
// and CLI, and as Embedded Swift into web/tandem.wasm (built by `make wasm`, see wasm/build.sh).

import PackageDescription

let package = Package(
    name: "Tandem",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TandemCore", targets: ["TandemCore"]),
        .library(name: "TandemServer", targets: ["TandemServer"]),
        .executable(name: "tandem", targets: ["tandem"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swiftwasm/WasmKit.git", exact: "0.4.2"),
        // Receipts and ledger (native only): Ed25519 identity, SQLite and PostgreSQL stores.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // `tandem receipt verify --identity URL`: one GET on SwiftNIO, so the executable links
        // no libcurl (FoundationNetworking) and starts without loading its ~30 libraries.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // Shared core: Embedded-Swift-safe, no dependencies, also compiled to wasm.
        .target(name: "Lua", exclude: [
            "README.md", "Math/README.md", "Math/generate_constants.py",
            "Number/README.md", "Number/generate_powers_of_ten.py", "StringEngines/README.md",
        ]),
        .target(name: "TransportStream", exclude: ["REPORT.md"]),
        .target(name: "TandemCore", dependencies: ["Lua", "TransportStream"]),

        // Native only.
        .target(name: "WasmHost", dependencies: ["TandemCore", .product(name: "WasmKit", package: "WasmKit")]),
        .target(name: "TandemServer", dependencies: [
            "TandemCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "SQLiteNIO", package: "sqlite-nio"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .executableTarget(name: "tandem", dependencies: [
            "TandemCore", "TandemServer", "WasmHost",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),

        // Shared by the tests: the one PRNG and the one way to run the reference tools.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LuaTests", dependencies: ["Lua", "TestSupport"], exclude: ["Scripts", "LibraryScripts", "Compiler/Fixtures", "Math/reference.py"]),
        .testTarget(name: "TransportStreamTests", dependencies: ["TransportStream", "TestSupport"]),
        .testTarget(name: "TandemCoreTests", dependencies: ["TandemCore", "TestSupport"]),
        .testTarget(name: "ParityTests", dependencies: ["TandemCore", "WasmHost"], exclude: ["Sweeps"]),
        .testTarget(name: "TandemServerTests", dependencies: [
            "TandemServer", "TandemCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        // Receipts, identity and both ledgers (SQLite file, and PostgreSQL when
        // TANDEM_TEST_POSTGRES names a server); run by `make test-ledger`.
        .testTarget(name: "LedgerTests", dependencies: [
            "TandemServer", "TandemCore", "TestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
    ]
)
