import Foundation

/// Golden files: committed outputs that a test regenerates and compares byte for byte, so that any
/// change to what they show is seen in review. Refresh them all with
/// `GLASSBOX_UPDATE_GOLDEN=1 swift test --filter Golden` and commit the diff.
package enum GoldenFile {
    /// `Tests/Fixtures/golden`.
    package static let directory = Repository.fixture("golden")

    /// Whether this run rewrites the golden files instead of comparing (`GLASSBOX_UPDATE_GOLDEN` set).
    package static var updating: Bool { ProcessInfo.processInfo.environment["GLASSBOX_UPDATE_GOLDEN"] != nil }

    /// A golden file that differs from the regenerated text.
    package struct Mismatch: Error, CustomStringConvertible {
        package let description: String
    }

    /// Compares `text` with the golden file `name` (or writes it when ``updating``). A mismatch names the
    /// first differing line and how to refresh.
    package static func check(_ text: String, against name: String) throws {
        let url = directory.appendingPathComponent(name)
        if updating {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
            throw Mismatch(description: "\(url.path) is missing: run GLASSBOX_UPDATE_GOLDEN=1 swift test --filter Golden")
        }
        guard golden != text else { return }
        let a = golden.components(separatedBy: "\n"), b = text.components(separatedBy: "\n")
        let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        let expected = line < a.count ? a[line] : "<end of file>", actual = line < b.count ? b[line] : "<end of file>"
        throw Mismatch(description: """
            Tests/Fixtures/golden/\(name) differs from the regenerated output at line \(line + 1):
              golden:    \(expected)
              generated: \(actual)
            If the change is intended, refresh with GLASSBOX_UPDATE_GOLDEN=1 swift test --filter Golden and commit the diff.
            """)
    }
}
