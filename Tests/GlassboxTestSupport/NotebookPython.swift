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

    /// Executes the notebook given as argv[1] in the folder argv[2] and prints each cell's text output;
    /// exits 1 with the failing cell's error if an assertion (or anything else) fails.
    package static let runner = """
    import sys, time
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    specs = KernelSpecManager()
    specs.kernel_dirs = []  # only ipykernel's native spec, which runs sys.executable
    km = KernelManager(kernel_name="python3", kernel_spec_manager=specs)
    assert km.kernel_spec.argv[0] == sys.executable, km.kernel_spec.argv
    nb = nbformat.read(sys.argv[1], as_version=4)
    client = NotebookClient(nb, km=km, timeout=600, resources={"metadata": {"path": sys.argv[2]}})
    start = time.time()
    status = 0
    try:
        client.execute()
    except CellExecutionError as error:
        print(error)
        status = 1
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                print(output["text"], end="")
    print(f"executed {sum(c.cell_type == 'code' for c in nb.cells)} code cells in {time.time() - start:.1f} s with {sys.executable}")
    sys.exit(status)
    """

    /// Executes `notebook` (a path) with ``runner`` in `directory` with `python`: status 0 when every cell ran.
    package static func execute(_ python: String, notebook: String, in directory: URL) throws -> (status: Int32, output: String) {
        let script = directory.appendingPathComponent("run_notebook.py")
        try runner.write(to: script, atomically: true, encoding: .utf8)
        return try run(python, [script.path, notebook, directory.path], in: directory)
    }
}
