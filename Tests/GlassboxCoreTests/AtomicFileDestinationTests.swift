import Foundation
import Testing
@testable import GlassboxCore

/// What ``AtomicFile`` does with an existing output that is not a plain file, and batches of outputs.
@Suite final class AtomicFileDestinationTests {
    let directory: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("glassbox-destination-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        directory = url.path
    }

    /// Each test has its own directory (a new suite instance); it goes with the instance.
    deinit { try? FileManager.default.removeItem(atPath: directory) }

    private func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    @Test func characterDevicesAndFIFOsAreWrittenInPlaceWithoutForce() throws {
        #expect(try AtomicFile.destination(of: "/dev/null", force: false) == .inPlace(path: "/dev/null"))
        let fifo = directory + "/pipe"
        try #require(mkfifo(fifo, 0o644) == 0)
        #expect(try AtomicFile.destination(of: fifo, force: false) == .inPlace(path: fifo))
        try AtomicFile.write("x\n", to: "/dev/null", force: false)
        var info = stat()
        try #require(lstat("/dev/null", &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFCHR)
    }

    @Test func writeErrorsOnADeviceAreReported() {
        #expect(throws: GlassboxCoreError.self) { try AtomicFile.write("x\n", to: "/dev/full", force: true) }
    }

    @Test func symbolicLinkToAFileResolvesToTheFileAndKeepsItsMode() throws {
        let target = directory + "/target.csv", link = directory + "/link.csv"
        try "old\n".write(toFile: target, atomically: false, encoding: .utf8)
        try #require(chmod(target, 0o600) == 0)
        try #require(symlink(target, link) == 0)
        #expect(throws: GlassboxCoreError.outputExists(path: link)) { try AtomicFile.write("new\n", to: link, force: false) }
        let resolved = try #require(realpath(target, nil).map { p in defer { free(p) }; return String(cString: p) })
        #expect(try AtomicFile.destination(of: link, force: true) == .replace(path: resolved, mode: 0o600))
        try AtomicFile.write("new\n", to: link, force: true)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new\n")
        var info = stat()
        try #require(lstat(link, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFLNK)
        try #require(stat(target, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
    }

    @Test func danglingLinksLoopsAndSocketsAreRefused() throws {
        try #require(symlink(directory + "/missing", directory + "/dangling") == 0)
        try #require(symlink(directory + "/loop", directory + "/loop") == 0)
        for name in ["dangling", "loop"] {
            #expect(throws: GlassboxCoreError.self) { try AtomicFile.write("x", to: directory + "/" + name, force: true) }
        }
        let socketPath = directory + "/sock"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in socketPath.utf8.enumerated() where i < raw.count - 1 { raw[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        #expect(throws: GlassboxCoreError.cannotWrite(path: socketPath, reason: "it is a socket")) {
            try AtomicFile.write("x", to: socketPath, force: true)
        }
        #expect(try names() == ["dangling", "loop", "sock"])
    }

    @Test func blockDevicesAreRefused() throws {
        guard getuid() == 0 else { return } // mknod needs root
        let node = directory + "/disk"
        try #require(mknod(node, S_IFBLK | 0o600, dev_t((7 << 8) | 200)) == 0) // a loop device number; never opened
        #expect(throws: GlassboxCoreError.self) { try AtomicFile.write("x", to: node, force: true) }
        var info = stat()
        try #require(lstat(node, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFBLK)
    }

    @Test func aBatchIsAllOrNothing() throws {
        // A batch over two directories writes both.
        let sub = directory + "/sub"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: false)
        try AtomicFile.write([(path: directory + "/a.txt", bytes: Array("a".utf8)), (path: sub + "/b.txt", bytes: Array("b".utf8))], force: false)
        #expect(try names() == ["a.txt", "sub"])
        // A batch whose last output is refused (a directory) writes nothing.
        #expect(throws: GlassboxCoreError.self) {
            try AtomicFile.write([(path: directory + "/c.txt", bytes: Array("c".utf8)), (path: sub, bytes: Array("d".utf8))], force: true)
        }
        // A batch failing while writing (to /dev/full, written after the temporaries) leaves no temporary or new file.
        #expect(throws: GlassboxCoreError.self) {
            try AtomicFile.write([(path: directory + "/e.txt", bytes: Array("e".utf8)), (path: "/dev/full", bytes: Array("f".utf8))], force: true)
        }
        #expect(try names() == ["a.txt", "sub"])
        #expect(TemporaryFiles.registered.allSatisfy { !$0.hasPrefix(directory) })
    }

    @Test func twoOutputsNamingOneFileAreRefused() throws {
        let a = directory + "/a.txt"
        #expect(throws: GlassboxCoreError.self) {
            try AtomicFile.write([(path: a, bytes: [1]), (path: directory + "/./a.txt", bytes: [2])], force: true)
        }
        #expect(try names().isEmpty)
    }
}
