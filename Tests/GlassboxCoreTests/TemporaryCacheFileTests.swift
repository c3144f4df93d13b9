import Foundation
import Testing
import GlassboxTestSupport
@testable import GlassboxCore

/// Cache files of streamed work (``TemporaryCacheFile``, ``TemporaryDirectory``): nameless from creation,
/// gone with their last reference, a full disk or a small `$TMPDIR` refused with the figures.
@Suite("temporary cache files")
struct TemporaryCacheFileTests {
    static func scratchDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("glassbox-cache-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("the file has no name from its creation on (unnamed, or named and unlinked at once), is read back through a mapping, and goes with its last reference",
          arguments: [true, false])
    func namelessAndReleased(unnamed: Bool) throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let file = try TemporaryCacheFile(in: TemporaryDirectory(path: directory), purpose: "a test cache", unnamed: unnamed)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
            #expect(ProcessHandles.count(under: directory).descriptors == 1)
            let values: [Double] = [1.5, -2, .infinity]
            try values.withUnsafeBytes { try file.write($0, at: 8) }
            #expect(file.bytesWritten == 24)
            try file.resize(to: 4096)
            let mapping = try file.map(bytes: 4096)
            let read = (0..<4).map { mapping.base.load(fromByteOffset: 8 * $0, as: Double.self) }
            #expect(read == [0, 1.5, -2, .infinity])
            mapping.release(0..<4096)
            #expect(mapping.base.load(fromByteOffset: 16, as: Double.self) == -2, "released pages read back from the file")
            #expect(ProcessHandles.count(under: directory).mappings == 1)
        }
        #expect(ProcessHandles.count(under: directory) == (0, 0))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test("a full disk while writing is the temporary-space error, with the bytes so far and the free space")
    func fullDisk() throws {
        let full = open("/dev/full", O_WRONLY)
        try #require(full >= 0)
        let file = TemporaryCacheFile(descriptor: full, in: TemporaryDirectory(path: "/scratch") { 7 }, purpose: "a test cache")
        let values = [Double](repeating: 1, count: 10)
        #expect(throws: GlassboxCoreError.temporarySpace(directory: "/scratch", purpose: "a test cache", needed: 80, available: 7)) {
            try values.withUnsafeBytes { try file.write($0, at: 0) }
        }
        let error = GlassboxCoreError.temporarySpace(directory: "/scratch", purpose: "a test cache", needed: 80, available: 7)
        #expect(error.description == "/scratch: a test cache needs about 80 bytes of temporary space, more than the 7 bytes free there; "
                + "set TMPDIR to a directory on a disk with more free space")
    }

    @Test("require refuses more bytes than are free and passes when the free space is unknown")
    func requireSpace() throws {
        let small = TemporaryDirectory(path: "/scratch") { 1_000 }
        #expect(throws: GlassboxCoreError.temporarySpace(directory: "/scratch", purpose: "p", needed: 1_001, available: 1_000)) {
            try small.require(1_001, for: "p")
        }
        try small.require(1_000, for: "p")
        try TemporaryDirectory(path: "/scratch") { nil }.require(.max, for: "p")
        #expect(TemporaryDirectory(path: "/").freeBytes() != nil)
        #expect(TemporaryDirectory(path: "/no/such/directory").freeBytes() == nil)
    }
}
