// swift-tools-version: 6.0
import PackageDescription

/// Layers, each importing only the ones above it in this list:
/// CGlassboxLAPACK → GlassboxCore → GlassboxLinearAlgebra → GlassboxTabular → GlassboxMetrics → GlassboxModels / GlassboxSimulation →
/// GlassboxExplain / GlassboxAudit → GlassboxReport → GlassboxCLI.
/// `Glassbox` is the umbrella module (`import Glassbox` re-exports the library layers); `glassbox-example`
/// is the getting-started example (Examples/GettingStarted), the same code as the DocC article.
let package = Package(
    name: "Glassbox",
    products: [
        .library(name: "Glassbox", targets: ["Glassbox", "GlassboxCore", "GlassboxLinearAlgebra", "GlassboxTabular", "GlassboxMetrics", "GlassboxModels", "GlassboxSimulation", "GlassboxExplain", "GlassboxAudit", "GlassboxReport", "GlassboxStatFiles", "GlassboxDatabase"]),
        .executable(name: "glassbox", targets: ["GlassboxCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CGlassboxLAPACK",
            pkgConfig: "lapack",
            providers: [.apt(["liblapack-dev", "libblas-dev"])]
        ),
        // Stata, SPSS and SAS files through Debian's libreadstat (no pkg-config file: linked by name).
        .systemLibrary(name: "CGlassboxReadStat", providers: [.apt(["libreadstat-dev"])]),
        .target(name: "GlassboxStatFiles", dependencies: ["CGlassboxReadStat", "GlassboxTabular", "GlassboxCore"]),
        // SQLite and PostgreSQL through Debian's C libraries (synchronous, the library psql uses; see GlassboxDatabase).
        .systemLibrary(name: "CGlassboxSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CGlassboxPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(name: "GlassboxCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "GlassboxLinearAlgebra", dependencies: ["CGlassboxLAPACK", "GlassboxCore"]),
        .target(name: "GlassboxTabular", dependencies: ["GlassboxLinearAlgebra", "GlassboxCore"], exclude: ["generate_powers_of_ten.py"]),
        .target(name: "GlassboxMetrics", dependencies: ["GlassboxCore"]),
        .target(name: "GlassboxModels", dependencies: ["GlassboxTabular", "GlassboxLinearAlgebra", "GlassboxMetrics", "GlassboxCore"]),
        .target(name: "GlassboxSimulation", dependencies: ["GlassboxTabular", "GlassboxCore"]),
        .target(name: "GlassboxExplain", dependencies: ["GlassboxModels", "GlassboxMetrics", "GlassboxTabular", "GlassboxLinearAlgebra", "GlassboxCore"]),
        .target(name: "GlassboxAudit", dependencies: ["GlassboxModels", "GlassboxMetrics", "GlassboxTabular", "GlassboxLinearAlgebra", "GlassboxCore"]),
        .target(name: "GlassboxReport", dependencies: ["GlassboxExplain", "GlassboxAudit", "GlassboxModels", "GlassboxSimulation", "GlassboxMetrics", "GlassboxTabular", "GlassboxCore"]),
        .target(name: "GlassboxDatabase", dependencies: ["CGlassboxSQLite", "CGlassboxPQ", "GlassboxTabular", "GlassboxCore"]),
        .target(name: "Glassbox", dependencies: ["GlassboxStatFiles", "GlassboxDatabase", "GlassboxReport", "GlassboxExplain", "GlassboxAudit", "GlassboxModels", "GlassboxSimulation", "GlassboxMetrics", "GlassboxTabular", "GlassboxLinearAlgebra", "GlassboxCore"]),
        .executableTarget(name: "glassbox-example", dependencies: ["Glassbox"], path: "Examples/GettingStarted"),
        .executableTarget(name: "glassbox-example-uplift", dependencies: ["Glassbox"], path: "Examples/Uplift"),
        .executableTarget(name: "glassbox-example-lookalike", dependencies: ["Glassbox"], path: "Examples/Lookalike"),
        // Times TreeSHAP for Benchmarks/trees/bench_treeshap.py (a benchmark driver, not a product).
        .executableTarget(name: "glassbox-bench-treeshap", dependencies: ["GlassboxExplain", "GlassboxModels"], path: "Benchmarks/trees/TreeSHAPBench"),
        // Times ExactSum against a plain fold for Benchmarks/README.md (a benchmark driver, not a product).
        .executableTarget(name: "glassbox-bench-exactsum", dependencies: ["GlassboxCore"], path: "Benchmarks/exactsum/ExactSumBench"),
        .executableTarget(
            name: "GlassboxCLI",
            dependencies: [
                "GlassboxReport", "GlassboxExplain", "GlassboxAudit", "GlassboxModels", "GlassboxSimulation", "GlassboxMetrics", "GlassboxTabular", "GlassboxLinearAlgebra", "GlassboxCore",
                "GlassboxStatFiles",
                "GlassboxDatabase",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "GlassboxTestSupport", path: "Tests/GlassboxTestSupport"),
        .testTarget(name: "GlassboxCoreTests", dependencies: ["GlassboxCore"]),
        .testTarget(name: "GlassboxLinearAlgebraTests", dependencies: ["GlassboxLinearAlgebra"]),
        .testTarget(name: "GlassboxTabularTests", dependencies: ["GlassboxTabular"]),
        .testTarget(name: "GlassboxMetricsTests", dependencies: ["GlassboxMetrics"]),
        .testTarget(name: "GlassboxModelsTests", dependencies: ["GlassboxModels", "GlassboxTabular", "GlassboxSimulation"]),
        .testTarget(name: "GlassboxExplainTests", dependencies: ["GlassboxExplain", "GlassboxModels", "GlassboxTabular", "GlassboxSimulation"]),
        .testTarget(name: "GlassboxAuditTests", dependencies: ["GlassboxAudit", "GlassboxReport", "GlassboxModels", "GlassboxTabular", "GlassboxSimulation"]),
        .testTarget(name: "GlassboxSimulationTests", dependencies: ["GlassboxSimulation", "GlassboxTabular"]),
        .testTarget(name: "GlassboxReportTests", dependencies: ["GlassboxReport", "GlassboxExplain", "GlassboxAudit", "GlassboxModels", "GlassboxMetrics", "GlassboxTabular", "GlassboxSimulation"]),
        .testTarget(name: "GlassboxStatFilesTests", dependencies: ["GlassboxStatFiles", "GlassboxTabular"]),
        .testTarget(name: "GlassboxDatabaseTests", dependencies: ["GlassboxDatabase", "GlassboxTabular", "GlassboxCore", "CGlassboxSQLite"]),
        .testTarget(name: "GlassboxCLITests", dependencies: ["GlassboxCore"]),
    ]
)

// Every test target uses the shared test support (repository root, the built binary, fixtures, tolerances).
for target in package.targets where target.type == .test {
    target.dependencies.append("GlassboxTestSupport")
}
