import Foundation

/// The Python that executes exported notebooks with nbclient: `GLASSBOX_PYTHON`, else `.venv/bin/python`
/// at the repository root (made by `scripts/install-python-venv.sh` from requirements-dev.txt), else
/// `/tmp/pyvenv/bin/python`; the first of them that imports nbclient, nbformat and ipykernel.
package enum NotebookPython {
    /// The interpreter, or `nil` when none has nbclient (tests that need it are then disabled).
    package static let interpreter: String? = {
        let candidates = [ProcessInfo.processInfo.environment["GLASSBOX_PYTHON"],
                          Repository.url(".venv/bin/python").path,
                          "/tmp/pyvenv/bin/python"].compactMap { $0 }
        return candidates.first { path in
            guard FileManager.default.isExecutableFile(atPath: path) else { return false }
            return (try? run(path, ["-c", "import nbclient, nbformat, ipykernel"], in: FileManager.default.temporaryDirectory).status) == 0
        }
    }()

    /// Runs `python` with `arguments` in `directory`, standard output and error together. Jupyter's
    /// runtime, data and config directories (and IPython's) point into `directory/jupyter`, so a
    /// user-level Jupyter install cannot change what runs.
    /// `environment` is added to the process's.
    package static func run(_ python: String, _ arguments: [String], in directory: URL,
                            environment extra: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        let jupyter = directory.appendingPathComponent("jupyter").path
        environment["JUPYTER_RUNTIME_DIR"] = jupyter + "/runtime"
        environment["JUPYTER_DATA_DIR"] = jupyter + "/data"
        environment["JUPYTER_CONFIG_DIR"] = jupyter + "/config"
        environment["JUPYTER_PLATFORM_DIRS"] = "1"
        environment["IPYTHONDIR"] = jupyter + "/ipython"
        environment.merge(extra) { $1 }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readAllRetryingInterrupts(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
