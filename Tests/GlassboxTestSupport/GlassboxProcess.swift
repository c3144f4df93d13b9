import Foundation

/// Runs the built `glassbox` binary (from `.build/debug`, or `GLASSBOX_BIN`) and captures its output.
package struct GlassboxProcess {
    package struct Result {
        package var status: Int32
        package var stdout: String
        package var stderr: String

        package init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// The repository root (``Repository/root``), kept under this name for the end-to-end tests.
    package static var repositoryRoot: URL { Repository.root }

    package static var binary: String {
        if let override = ProcessInfo.processInfo.environment["GLASSBOX_BIN"] { return override }
        // Next to the test bundle (same build configuration), else the debug build folder.
        let bundleDirectory = Bundle.main.bundleURL.deletingLastPathComponent().path
        for candidate in [bundleDirectory + "/glassbox", CommandLine.arguments.first.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path + "/glassbox" } ?? "",
                          repositoryRoot.appendingPathComponent(".build/debug/glassbox").path]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return repositoryRoot.appendingPathComponent(".build/debug/glassbox").path
    }

    @discardableResult
    package static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        try run(executable: binary, arguments, in: directory, environment: environment)
    }

    /// Runs any executable (a script, say) the same way, its environment extended by `environment`.
    package static func run(executable: String, _ arguments: [String], in directory: URL? = nil,
                    environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so a large output cannot block the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readAllRetryingInterrupts()
            group.leave()
        }
        let outData = out.fileHandleForReading.readAllRetryingInterrupts()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
