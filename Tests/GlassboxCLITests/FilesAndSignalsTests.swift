import Foundation
import Testing
import GlassboxTestSupport

/// Data loss (issue 13): special output files, outputs that are inputs, standard output failures,
/// the file size limit, multi-file outputs on a full disk, and the messages for unreadable inputs.
/// Signals are in `InterruptTests`.
@Suite("glassbox files and signals", .serialized)
struct FilesAndSignalsTests {
    static let formula = "voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2020 + female"

    /// A small voter file, a logistic model and an uplift evaluation, made once for the suite.
    struct Fixture {
        let dir: Scratch
        var voters: String { dir.path("voters.csv") }
        var model: String { dir.path("model.json") }
        var uplift: String { dir.path("uplift.json") }
        var evaluation: String { dir.path("evaluation.json") }
        var lookalike: String { dir.path("lookalike.json") }
    }

    static let fixture: Fixture = {
        let dir = try! Scratch()
        let f = Fixture(dir: dir)
        var r = try! GlassboxProcess.run(["simulate", "--rows", "3000", "--seed", "4", "--out", f.voters])
        precondition(r.status == 0, r.stderr)
        r = try! GlassboxProcess.run(["train", "logistic", "--data", f.voters, "--formula", formula, "--out", f.model])
        precondition(r.status == 0, r.stderr)
        r = try! GlassboxProcess.run(["train", "uplift", "--data", f.voters, "--formula", formula, "--treatment", "canvassed",
                                      "--treated", "1", "--control", "0", "--out", f.uplift])
        precondition(r.status == 0, r.stderr)
        r = try! GlassboxProcess.run(["evaluate", "uplift", f.uplift, "--data", f.voters, "--bootstrap", "0", "--format", "json",
                                      "--out", f.evaluation])
        precondition(r.status == 0, r.stderr)
        r = try! GlassboxProcess.run(["train", "lookalike", "--data", f.voters, "--formula", "~ age + female", "--seed", "donor",
                                      "--method", "pu", "--out", f.lookalike])
        precondition(r.status == 0, r.stderr)
        atexit { FilesAndSignalsTests.fixture.dir.cleanup() } // a static value has no teardown
        return f
    }()

    /// Runs the binary through `sh -c`, so the test can redirect or close descriptors and set limits,
    /// started as a shell would start it (see ``SpawnedProcess``).
    static func shell(_ script: String, _ arguments: [String]) throws -> GlassboxProcess.Result {
        try SpawnedProcess.run("/bin/sh", ["-c", script, GlassboxProcess.binary] + arguments)
    }

    static func fileType(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    // MARK: - Special output files

    @Test("--out on a character device (a private /dev/null node) writes in place: the node stays a device, with or without --force")
    func characterDevice() throws {
        guard getuid() == 0 else { return } // mknod needs root; the FIFO test covers the in-place path otherwise
        let f = Self.fixture
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let node = scratch.path("null")
        try #require(mknod(node, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0) // makedev(1, 3): the null device
        for force in [false, true] {
            let r = try GlassboxProcess.run(["inspect", f.model, "--out", node] + (force ? ["--force"] : []))
            #expect(r.status == 0, "\(r.stderr)")
            #expect(Self.fileType(node) == S_IFCHR, "the device node was replaced")
        }
        let r = try GlassboxProcess.run(["score", f.model, "--data", f.voters, "--out", node, "--force"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.fileType(node) == S_IFCHR)
        #expect(scratch.contents == ["null"], "no temporary file: \(scratch.contents)")
    }

    @Test("--out /dev/full: the write error is reported (74), the device is untouched")
    func devFull() throws {
        let f = Self.fixture
        let r = try GlassboxProcess.run(["inspect", f.model, "--out", "/dev/full"])
        #expect(r.status == 74, "\(r.stderr)")
        #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
        #expect(Self.fileType("/dev/full") == S_IFCHR)
    }

    @Test("--out on a FIFO writes into the pipe (as cp does), never replacing the FIFO")
    func fifo() throws {
        let f = Self.fixture
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let pipePath = scratch.path("pipe")
        try #require(mkfifo(pipePath, 0o644) == 0)
        // Open both ends here (O_RDWR does not block on Linux), so the command's open finds a reader and
        // its output waits in the pipe's buffer; no thread can hang if the FIFO is replaced.
        let fd = open(pipePath, O_RDWR | O_NONBLOCK)
        try #require(fd >= 0)
        defer { close(fd) }
        let r = try GlassboxProcess.run(["inspect", f.model, "--format", "json", "--out", pipePath, "--force"])
        var received = [UInt8](), buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.fileType(pipePath) == S_IFIFO, "the FIFO was replaced by a regular file")
        #expect(String(decoding: received, as: UTF8.self).contains("\"coefficients\""))
        #expect(scratch.contents == ["pipe"])
    }

    @Test("--out through a symbolic link replaces the linked file's content and keeps the link; a dangling link or a loop is refused (73)")
    func symbolicLinks() throws {
        let f = Self.fixture
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let target = try scratch.write("target.txt", "old\n")
        let link = scratch.path("link.txt")
        try #require(symlink(target, link) == 0)
        var r = try GlassboxProcess.run(["inspect", f.model, "--out", link])
        #expect(r.status == 73 && r.stderr.contains("already exists"), "an existing file still needs --force: \(r.stderr)")
        r = try GlassboxProcess.run(["inspect", f.model, "--out", link, "--force"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.fileType(link) == S_IFLNK, "the link itself was replaced")
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("Logistic regression results"))

        try #require(symlink(scratch.path("missing.txt"), scratch.path("dangling.txt")) == 0)
        r = try GlassboxProcess.run(["inspect", f.model, "--out", scratch.path("dangling.txt"), "--force"])
        #expect(r.status == 73 && r.stderr.contains("dangling"), "\(r.stderr)")
        #expect(!scratch.exists("missing.txt"))

        try #require(symlink(scratch.path("loop.txt"), scratch.path("loop.txt")) == 0)
        r = try GlassboxProcess.run(["inspect", f.model, "--out", scratch.path("loop.txt"), "--force"])
        #expect(r.status == 73 && r.stderr.contains("loop"), "\(r.stderr)")
        #expect(scratch.contents == ["dangling.txt", "link.txt", "loop.txt", "target.txt"])
    }

    @Test("--force keeps a replaced file's permission bits (a private 0600 output stays private)")
    func permissionsKept() throws {
        let f = Self.fixture
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let out = try scratch.write("scores.csv", "old\n")
        try #require(chmod(out, 0o600) == 0)
        let r = try GlassboxProcess.run(["score", f.model, "--data", f.voters, "--out", out, "--force"])
        #expect(r.status == 0, "\(r.stderr)")
        var info = stat()
        try #require(stat(out, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
    }

    // MARK: - Output equal to an input

    @Test("an output that is any input — by name, hard link or symbolic link — is refused (73) and the input is untouched",
          arguments: ["same", "hardlink", "symlink", "dotted"])
    func outputIsInput(_ spelling: String) throws {
        let f = Self.fixture
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let evaluation = scratch.path("evaluation.json")
        try FileManager.default.copyItem(atPath: f.evaluation, toPath: evaluation)
        let data = scratch.path("voters.csv")
        try FileManager.default.copyItem(atPath: f.voters, toPath: data)
        let model = scratch.path("model.json")
        try FileManager.default.copyItem(atPath: f.model, toPath: model)
        func alias(_ path: String) throws -> String {
            switch spelling {
            case "hardlink":
                let p = path + ".hard"
                try #require(access(p, F_OK) == 0 || link(path, p) == 0)
                return p
            case "symlink":
                let p = path + ".sym"
                try #require(access(p, F_OK) == 0 || symlink(path, p) == 0)
                return p
            case "dotted": return scratch.url.path + "/./" + (path as NSString).lastPathComponent
            default: return path
            }
        }
        let before = try [evaluation, data, model].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        let uplift = try alias(evaluation)
        let runs: [[String]] = [
            ["report", "--data", data, "--uplift-evaluation", evaluation, "--out", uplift, "--force"],
            ["report", model, "--data", data, "--uplift-evaluation", evaluation, "--out", try alias(model), "--force"],
            ["score", model, "--data", data, "--out", try alias(data), "--force"],
            ["inspect", model, "--out", try alias(model), "--force"],
            ["explain", model, "--data", data, "--out", try alias(data), "--force"],
            ["audit", "--model", model, "--data", data, "--outcome", "voted_2024", "--group", "race", "--out", try alias(model), "--force"],
            ["train", "logistic", "--data", data, "--formula", Self.formula, "--out", try alias(data), "--force"],
        ]
        for arguments in runs {
            let r = try GlassboxProcess.run(arguments)
            #expect(r.status == 73, "\(arguments[0]): \(r.stderr)")
            #expect(r.stderr.contains("is the same file as the input"), "\(arguments[0]): \(r.stderr)")
        }
        let after = try [evaluation, data, model].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(before == after, "an input was modified")
    }

    // MARK: - Standard output

    /// Commands whose result (or summary line) goes to standard output, with arguments writing into `dir`.
    static func stdoutCommands(_ dir: Scratch) -> [(String, [String])] {
        let f = fixture
        return [
            ("inspect", ["inspect", f.model]),
            ("inspect json", ["inspect", f.model, "--format", "json"]),
            ("describe", ["describe", "--data", f.voters]),
            ("simulate", ["simulate", "--rows", "1000", "--out", dir.path("sim.csv"), "--force"]),
            ("train logistic", ["train", "logistic", "--data", f.voters, "--formula", formula, "--out", dir.path("m.json"), "--force"]),
            ("score", ["score", f.model, "--data", f.voters, "--out", dir.path("s.csv"), "--force"]),
            ("explain", ["explain", f.model, "--data", f.voters, "--repeats", "1", "--quiet"]),
            ("audit", ["audit", "--model", f.model, "--data", f.voters, "--outcome", "voted_2024", "--group", "race", "--bootstrap", "0"]),
            ("report", ["report", f.model, "--data", f.voters, "--format", "markdown", "--repeats", "1", "--quiet"]),
            ("evaluate uplift", ["evaluate", "uplift", f.uplift, "--data", f.voters, "--bootstrap", "0"]),
            ("train uplift", ["train", "uplift", "--data", f.voters, "--formula", formula, "--treatment", "canvassed", "--treated", "1",
                              "--control", "0", "--out", dir.path("u.json"), "--force"]),
            ("train lookalike", ["train", "lookalike", "--data", f.voters, "--formula", "~ age + female", "--seed", "donor",
                                 "--method", "pu", "--out", dir.path("l.json"), "--force"]),
            ("evaluate lookalike", ["evaluate", "lookalike", f.lookalike, "--data", f.voters, "--bootstrap", "0"]),
            ("demo", ["demo", "--rows", "1000", "--quiet", "--out", dir.path("demo"), "--force"]),
            ("help", ["--help"]),
            ("version", ["--version"]),
        ]
    }

    @Test("every command exits 74 with a message when standard output is /dev/full")
    func stdoutFull() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        for (name, arguments) in Self.stdoutCommands(scratch) {
            let r = try Self.shell("exec \"$0\" \"$@\" > /dev/full", arguments)
            #expect(r.status == 74, "\(name): status \(r.status), \(r.stderr)")
            #expect(r.stderr.contains("cannot write to standard output"), "\(name): \(r.stderr)")
        }
    }

    @Test("every command exits 74 with a message when standard output is closed, and no output file receives its text")
    func stdoutClosed() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        for (name, arguments) in Self.stdoutCommands(scratch) {
            let r = try Self.shell("exec \"$0\" \"$@\" >&-", arguments)
            #expect(r.status == 74, "\(name): status \(r.status), \(r.stderr)")
            #expect(r.stderr.contains("cannot write to standard output"), "\(name): \(r.stderr)")
        }
        // The files written with stdout closed hold their own content only.
        let csv = try String(contentsOfFile: scratch.path("sim.csv"), encoding: .utf8)
        #expect(!csv.contains("wrote"), "stdout text leaked into the output file")
        #expect(csv.hasPrefix("voter_id,"))
        #expect(scratch.contents == ["demo", "l.json", "m.json", "s.csv", "sim.csv", "u.json"])
    }

    @Test("a failing or closed standard error changes nothing: the status is the command's own")
    func stderrFailing() throws {
        let f = Self.fixture
        for redirect in ["2> /dev/full", "2>&-"] {
            var r = try Self.shell("exec \"$0\" \"$@\" \(redirect)", ["inspect", f.dir.path("missing.json")])
            #expect(r.status == 66, "\(redirect): \(r.status)")
            r = try Self.shell("exec \"$0\" \"$@\" \(redirect)", ["inspect", f.model])
            #expect(r.status == 0 && r.stdout.contains("Logistic regression results"), "\(redirect): \(r.status)")
        }
    }

    // MARK: - File size limit and full disks

    @Test("ulimit -f: the write fails with a clear message (74) instead of SIGXFSZ, and no temporary file is left",
          .enabled(if: ProcessInfo.processInfo.environment["GLASSBOX_SANITIZER"] != "tsan",
                   "ThreadSanitizer's own runtime faults (SIGBUS) under a small ulimit -f; passes without it and under ASan"),
          arguments: [["simulate", "--rows", "5000"], ["score"], ["demo", "--rows", "1000", "--quiet"]])
    func fileSizeLimit(_ command: [String]) throws {
        let f = Self.fixture
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        var arguments = command == ["score"] ? ["score", f.model, "--data", f.voters] : command
        arguments += ["--out", command[0] == "demo" ? scratch.path("demo") : scratch.path("out.csv")]
        let r = try Self.shell("ulimit -f 20; exec \"$0\" \"$@\"", arguments)
        #expect(r.status == 74, "\(command[0]): \(r.status) \(r.stderr)")
        #expect(r.stderr.contains("ulimit -f"), "\(r.stderr)")
        #expect(scratch.contents.isEmpty, "left: \(scratch.contents)")
    }

    @Test("demo on a full file system leaves no file of the run (and removes the directory it created)")
    func demoFullDisk() throws {
        guard getuid() == 0 else { return } // mounting a small tmpfs needs root; the ulimit -f case covers the same path
        let scratch = try Scratch()
        defer {
            _ = umount(scratch.path("small"))
            scratch.cleanup()
        }
        try FileManager.default.createDirectory(atPath: scratch.path("small"), withIntermediateDirectories: false)
        guard mount("tmpfs", scratch.path("small"), "tmpfs", 0, "size=256k") == 0 else { return } // no mount in this container
        let mounts = try String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)
        try #require(mounts.contains(scratch.path("small")), "the small tmpfs is mounted")
        let r = try GlassboxProcess.run(["demo", "--rows", "2000", "--quiet", "--out", scratch.path("small/demo")])
        #expect(r.status == 74, "\(r.stderr)")
        #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch.path("small"))
        #expect(left.isEmpty, "left: \(left)")
    }

    @Test("demo into an existing directory: a failure leaves the directory as it was",
          .enabled(if: ProcessInfo.processInfo.environment["GLASSBOX_SANITIZER"] != "tsan",
                   "ThreadSanitizer's own runtime faults (SIGBUS) under a small ulimit -f; passes without it and under ASan"))
    func demoExistingDirectory() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        _ = try scratch.write("keep.txt", "mine\n")
        let r = try Self.shell("ulimit -f 40; exec \"$0\" \"$@\"", ["demo", "--rows", "1000", "--quiet", "--out", scratch.url.path])
        #expect(r.status == 74, "\(r.stderr)")
        #expect(scratch.contents == ["keep.txt"])
    }

    // MARK: - Messages

    @Test("a symbolic link loop as input exits 66 (input unreadable) with a message naming the loop")
    func inputLoop() throws {
        let f = Self.fixture
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let loop = scratch.path("loop.csv")
        try #require(symlink(loop, loop) == 0)
        let runs: [[String]] = [
            ["describe", "--data", loop],
            ["inspect", loop],
            ["score", loop, "--data", f.voters, "--out", scratch.path("s.csv")],
            ["score", f.model, "--data", loop, "--out", scratch.path("s.csv")],
            ["report", "--data", f.voters, "--uplift-evaluation", loop],
        ]
        for arguments in runs {
            let r = try GlassboxProcess.run(arguments)
            #expect(r.status == 66, "\(arguments): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("symbolic link"), "\(arguments): \(r.stderr)")
        }
    }

    @Test("a wrong --uplift-evaluation file gets a specific message (65), never a raw DecodingError",
          arguments: [("model", "is a 'logistic' model file"), ("csv", "is not valid JSON"), ("broken", "is not valid JSON"),
                      ("array", "not an object"), ("empty object", "missing field"), ("wrong type", "wrong type")])
    func wrongUpliftEvaluation(_ kind: String, _ message: String) throws {
        let f = Self.fixture
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let path: String
        switch kind {
        case "model": path = f.model
        case "csv": path = f.voters
        case "broken": path = try scratch.write("e.json", "{\"source\": ")
        case "array": path = try scratch.write("e.json", "[1, 2]")
        case "empty object": path = try scratch.write("e.json", "{}")
        default: path = try scratch.write("e.json", "{\"source\": \"m\", \"outcome\": \"y\", \"arms\": 3}")
        }
        let r = try GlassboxProcess.run(["report", "--data", f.voters, "--uplift-evaluation", path, "--format", "json"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stderr.contains("glassbox evaluate uplift"), "\(r.stderr)")
        for raw in ["DecodingError", "keyNotFound", "typeMismatch", "CodingKeys", "Swift.", "NSCocoaErrorDomain"] {
            #expect(!r.stderr.contains(raw), "\(raw) in: \(r.stderr)")
        }
    }
}

/// Starts a process with posix_spawn, with an empty signal mask and SIGINT, SIGTERM, SIGHUP, SIGPIPE and
/// SIGXFSZ at their default actions — as an interactive shell starts a command. Foundation's `Process`
/// passes on the test runner's signal mask, which blocks most signals (SIGXFSZ and SIGTERM among them):
/// under it the old binary's bugs (a signal taken by an OpenBLAS thread, SIGXFSZ killing the process)
/// did not show.
enum SpawnedProcess {
    static func spawn(_ executable: String, _ arguments: [String], stdoutPath: String, stderrPath: String) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
        return pid
    }

    /// Runs to the end; a process killed by signal N reports status 128 + N, as a shell does.
    static func run(_ executable: String, _ arguments: [String]) throws -> GlassboxProcess.Result {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("glassbox-spawn-\(UUID().uuidString)").path
        defer { unlink(base + ".out"); unlink(base + ".err") }
        let pid = try spawn(executable, arguments, stdoutPath: base + ".out", stderrPath: base + ".err")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = status & 0x7f != 0 ? 128 + (status & 0x7f) : (status >> 8) & 0xff
        return .init(status: code, stdout: (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "",
                     stderr: (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? "")
    }
}
