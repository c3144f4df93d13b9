import Foundation
import Testing

/// SIGINT/SIGTERM during a long run: exit 128 + signal, a note on stderr, and no file left behind.
@Suite("glassbox interruption", .serialized)
struct InterruptTests {
    /// Starts `glassbox simulate --rows 20000000` (minutes of work), signals it after `delay` seconds.
    func interrupted(signal: Int32, delay: Double) throws -> (status: Int32, reason: Process.TerminationReason, stderr: String, files: [String]) {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GlassboxProcess.binary)
        process.arguments = ["simulate", "--rows", "20000000", "--out", scratch.path("voters.csv")]
        process.currentDirectoryURL = scratch.url
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, signal)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason, stderr, scratch.contents)
    }

    @Test("SIGINT during simulate exits 130 and leaves no output or temporary file")
    func sigint() throws {
        let r = try interrupted(signal: SIGINT, delay: 1.5)
        #expect(r.reason == .exit, "the process handles the signal and exits rather than dying of it")
        #expect(r.status == 130)
        #expect(r.stderr.contains("interrupted (signal 2)"), "\(r.stderr)")
        #expect(r.files.isEmpty, "left: \(r.files)")
    }

    @Test("SIGTERM during simulate exits 143 and leaves nothing")
    func sigterm() throws {
        let r = try interrupted(signal: SIGTERM, delay: 1.0)
        #expect(r.reason == .exit)
        #expect(r.status == 143)
        #expect(r.files.isEmpty, "left: \(r.files)")
    }
}
