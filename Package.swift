// swift-tools-version: 6.0
import PackageDescription

/// Layers, each importing only the ones above it in this list:
/// CLAPACK → GlassboxCore → LinearAlgebra → Tabular → Models / Simulation → GlassboxCLI.
let package = Package(
    name: "Glassbox",
    products: [
        .library(name: "Glassbox", targets: ["GlassboxCore", "LinearAlgebra", "Tabular", "Models", "Simulation"]),
        .executable(name: "glassbox", targets: ["GlassboxCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
        .target(name: "Models", dependencies: ["Tabular", "LinearAlgebra", "GlassboxCore"]),
        .target(name: "Simulation", dependencies: ["Tabular", "GlassboxCore"]),
        .executableTarget(
            name: "GlassboxCLI",
            dependencies: [
                "Models", "Simulation", "Tabular", "LinearAlgebra", "GlassboxCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "GlassboxCoreTests", dependencies: ["GlassboxCore"]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "TabularTests", dependencies: ["Tabular"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "Tabular", "Simulation"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Tabular"]),
        .testTarget(name: "CLITests", dependencies: ["GlassboxCore"]),
    ]
)
