import Foundation

/// Paths every test suite needs: the repository root (found from this file's location, so tests run
/// from any working directory), the fixtures folder and the shared data folder.
package enum Repository {
    /// The repository root: this file is `Tests/GlassboxTestSupport/Repository.swift`.
    package static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `relativePath` under the repository root (`"models"`, `"schemas/glassbox-report.schema.json"`).
    package static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    /// `Tests/Fixtures`.
    package static let fixtures: URL = url("Tests/Fixtures")

    /// `name` under `Tests/Fixtures` (`"reference/audit.json"`, `"malformed"`).
    package static func fixture(_ name: String) -> URL {
        fixtures.appendingPathComponent(name)
    }

    /// Data too large or not ours to commit (the social-pressure experiment): `$GLASSBOX_DATA_DIR`, else
    /// `../shared/data` beside the repository. Tests that need a file from it skip when it is absent.
    package static var sharedDataDirectory: String {
        ProcessInfo.processInfo.environment["GLASSBOX_DATA_DIR"] ?? url("../shared/data").standardizedFileURL.path
    }
}
