// swift-tools-version: 6.0
import PackageDescription

/// Layers, each importing only the ones above it in this list:
/// CLAPACK → GlassboxCore → LinearAlgebra → Tabular → Metrics → Models / Simulation → Explain / Audit → Report → GlassboxCLI.
/// `Glassbox` is the umbrella module (`import Glassbox` re-exports the library layers); `glassbox-example`
/// is the getting-started example (Examples/GettingStarted), the same code as the DocC article.
let package = Package(
    name: "Glassbox",
    products: [
        .library(name: "Glassbox", targets: ["Glassbox", "GlassboxCore", "LinearAlgebra", "Tabular", "Metrics", "Models", "Simulation", "Explain", "Audit", "Report"]),
        .executable(name: "glassbox", targets: ["GlassboxCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLAPACK",
            pkgConfig: "lapack",
            providers: [.apt(["liblapack-dev", "libblas-dev"])]
        ),
        .target(name: "GlassboxCore"),
        .target(name: "LinearAlgebra", dependencies: ["CLAPACK", "GlassboxCore"]),
        .target(name: "Tabular", dependencies: ["LinearAlgebra", "GlassboxCore"], exclude: ["generate_powers_of_ten.py"]),
        .target(name: "Metrics", dependencies: ["GlassboxCore"]),
        .target(name: "Models", dependencies: ["Tabular", "LinearAlgebra", "Metrics", "GlassboxCore"]),
        .target(name: "Simulation", dependencies: ["Tabular", "GlassboxCore"]),
        .target(name: "Explain", dependencies: ["Models", "Metrics", "Tabular", "LinearAlgebra", "GlassboxCore"]),
        .target(name: "Audit", dependencies: ["Models", "Metrics", "Tabular", "LinearAlgebra", "GlassboxCore"]),
        .target(name: "Report", dependencies: ["Explain", "Audit", "Models", "Metrics", "Tabular", "GlassboxCore"]),
        .target(name: "Glassbox", dependencies: ["Report", "Explain", "Audit", "Models", "Simulation", "Metrics", "Tabular", "LinearAlgebra", "GlassboxCore"]),
        .executableTarget(name: "glassbox-example", dependencies: ["Glassbox"], path: "Examples/GettingStarted"),
        .executableTarget(
            name: "GlassboxCLI",
            dependencies: [
                "Report", "Explain", "Audit", "Models", "Simulation", "Metrics", "Tabular", "LinearAlgebra", "GlassboxCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "GlassboxCoreTests", dependencies: ["GlassboxCore"]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "TabularTests", dependencies: ["Tabular"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "Tabular", "Simulation"]),
        .testTarget(name: "ExplainTests", dependencies: ["Explain", "Models", "Tabular", "Simulation"]),
        .testTarget(name: "AuditTests", dependencies: ["Audit", "Models", "Tabular", "Simulation"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Tabular"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Explain", "Audit", "Models", "Metrics", "Tabular", "Simulation"]),
        .testTarget(name: "CLITests", dependencies: ["GlassboxCore"]),
    ]
)
