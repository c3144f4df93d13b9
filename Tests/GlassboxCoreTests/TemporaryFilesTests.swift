import Foundation
import Testing
@testable import GlassboxCore

/// ``TemporaryFiles`` bookkeeping of ``AtomicFile``: a temporary path is listed only while it exists.
@Suite struct TemporaryFilesTests {
    @Test("register, commit and unregister keep the list exact")
    func bookkeeping() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("glassbox-tf-\(UUID().uuidString)").path
        TemporaryFiles.register(path)
        #expect(TemporaryFiles.registered.contains(path))
        let value = TemporaryFiles.commit(path) { 42 }
        #expect(value == 42)
        #expect(!TemporaryFiles.registered.contains(path))
        TemporaryFiles.register(path)
        TemporaryFiles.unregister(path)
        #expect(!TemporaryFiles.registered.contains(path))
    }

    @Test("a failed commit still unregisters, and an atomic write leaves nothing registered in its directory")
    func atomicWriteUnregisters() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glassbox-tf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        struct Failure: Error {}
        let path = directory.path + "/x"
        TemporaryFiles.register(path)
        #expect(throws: Failure.self) { try TemporaryFiles.commit(path) { throw Failure() } }
        #expect(!TemporaryFiles.registered.contains(path))

        try AtomicFile.write("a\n", to: directory.path + "/out.txt", force: false)
        #expect(throws: GlassboxCoreError.self) { try AtomicFile.write("b\n", to: directory.path + "/out.txt", force: false) }
        #expect(TemporaryFiles.registered.allSatisfy { !$0.hasPrefix(directory.path) })
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.txt"])
    }
}
