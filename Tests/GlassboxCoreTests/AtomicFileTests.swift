import Foundation
import Testing
@testable import GlassboxCore

/// Each rule of ``AtomicFile`` and ``FileCheck`` in a fresh temporary directory.
@Suite final class AtomicFileTests {
    let directory: String

    init() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("glassbox-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        directory = url.path
    }

    /// Each test has its own directory (a new suite instance); it goes with the instance.
    deinit { try? FileManager.default.removeItem(atPath: directory) }

    private func contents(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Files in the directory whose names mark them as Glassbox temporaries.
    private func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".glassbox-tmp-") }
    }

    @Test func writesNewFileWithoutTemporaries() throws {
        let path = directory + "/out.json"
        try AtomicFile.write("{\"a\": 1}\n", to: path, force: false)
        #expect(try contents(path) == "{\"a\": 1}\n")
        #expect(try leftovers().isEmpty)
    }

    @Test func refusesToReplaceWithoutForce() throws {
        let path = directory + "/out.txt"
        try AtomicFile.write("old", to: path, force: false)
        #expect(throws: GlassboxCoreError.outputExists(path: path)) {
            try AtomicFile.write("new", to: path, force: false)
        }
        #expect(try contents(path) == "old")
        #expect(try leftovers().isEmpty)
        #expect(GlassboxCoreError.outputExists(path: path).description.contains("force: true"))   // the library names its parameter; the CLI says --force
    }

    @Test func replacesWithForce() throws {
        let path = directory + "/out.txt"
        try AtomicFile.write("old", to: path, force: false)
        try AtomicFile.write([0x6E, 0x65, 0x77], to: path, force: true)
        #expect(try contents(path) == "new")
        #expect(try leftovers().isEmpty)
    }

    @Test func missingDirectory() throws {
        let path = directory + "/nope/out.txt"
        #expect(throws: GlassboxCoreError.directoryMissing(path: directory + "/nope")) {
            try AtomicFile.write("x", to: path, force: true)
        }
    }

    @Test func targetIsDirectory() throws {
        let sub = directory + "/sub"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: false)
        #expect(throws: GlassboxCoreError.isDirectory(path: sub)) {
            try AtomicFile.write("x", to: sub, force: true)
        }
    }

    /// Root ignores directory permissions, so this rule can only be observed as another user.
    @Test(.enabled(if: getuid() != 0, "root bypasses permission checks"))
    func directoryNotWritable() throws {
        let sub = directory + "/readonly"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: false)
        chmod(sub, 0o555)
        defer { chmod(sub, 0o755) }
        #expect(throws: GlassboxCoreError.directoryNotWritable(path: sub)) {
            try AtomicFile.write("x", to: sub + "/out.txt", force: false)
        }
    }

    /// A parent path that is a regular file is reported as a missing directory; nothing is created.
    @Test func parentIsAFile() throws {
        let file = directory + "/plain"
        try AtomicFile.write("x", to: file, force: false)
        #expect(throws: GlassboxCoreError.directoryMissing(path: file)) {
            try AtomicFile.write("y", to: file + "/child", force: false)
        }
        #expect(try contents(file) == "x")
        #expect(try leftovers().isEmpty)
    }

    @Test func relativePathSplit() {
        #expect(AtomicFile.split("out.json") == (".", "out.json"))
        #expect(AtomicFile.split("/out.json") == ("/", "out.json"))
        #expect(AtomicFile.split("a/b/c.txt") == ("a/b", "c.txt"))
    }

    @Test func fileCheckDistinguishesCauses() throws {
        let missing = directory + "/missing.csv"
        #expect(throws: GlassboxCoreError.noSuchFile(path: missing)) { try FileCheck.requireReadableFile(missing) }
        #expect(throws: GlassboxCoreError.isDirectory(path: directory)) { try FileCheck.requireReadableFile(directory) }
        let present = directory + "/present.csv"
        try AtomicFile.write("a\n1\n", to: present, force: false)
        try FileCheck.requireReadableFile(present)
    }

    @Test(.enabled(if: getuid() != 0, "root bypasses permission checks"))
    func fileCheckPermissionDenied() throws {
        let locked = directory + "/locked.csv"
        try AtomicFile.write("a\n1\n", to: locked, force: false)
        chmod(locked, 0o000)
        #expect(throws: GlassboxCoreError.permissionDenied(path: locked)) { try FileCheck.requireReadableFile(locked) }
    }

    @Test func ioErrorMessageCarriesErrnoText() {
        errno = ENOSPC
        let error = ioError("/x", "write")
        #expect(error.description.contains("No space left on device"))
        #expect(error.description.hasPrefix("/x: write failed"))
    }
}
