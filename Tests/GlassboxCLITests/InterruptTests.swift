import Foundation
import Testing
import GlassboxTestSupport

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
        let stderr = String(decoding: err.fileHandleForReading.readAllRetryingInterrupts(), as: UTF8.self)
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

/// Signals at several moments of `simulate` and `score` — early, mid-computation, and while the
/// temporary output file exists — with OpenBLAS loaded. OpenBLAS starts its worker threads in a library
/// constructor, before `main`, so they never inherited a signal mask set in `main`: when the kernel
/// delivered SIGTERM to such a thread, the default action killed the process and left the
/// `.glassbox-tmp` file. The handlers are now process-wide, so every delivery is handled.
@Suite("glassbox interruption at every moment", .serialized)
struct InterruptMomentTests {
    enum Moment: CustomStringConvertible {
        case after(Double)
        case duringWrite
        var description: String {
            switch self {
            case let .after(seconds): return "after \(seconds) s"
            case .duringWrite: return "while the temporary file exists"
            }
        }
    }

    struct Outcome {
        var status: Int32
        var killedBySignal: Bool
        var signalled: Bool
        var openBLAS: Bool
        var threads: Int
        var files: [String]
        var stderr: String
    }

    static let rows = 400_000

    /// A voter file for `score` and a model, made once.
    static let fixture: (dir: Scratch, voters: String, model: String) = {
        let dir = try! Scratch()
        let voters = dir.path("voters.csv"), model = dir.path("model.json")
        var r = try! GlassboxProcess.run(["simulate", "--rows", "\(rows)", "--seed", "9", "--out", voters])
        precondition(r.status == 0, r.stderr)
        r = try! GlassboxProcess.run(["train", "logistic", "--data", voters, "--formula", "voted_2024 ~ age + female + C(race)", "--out", model])
        precondition(r.status == 0, r.stderr)
        atexit { InterruptMomentTests.fixture.dir.cleanup() } // a static value has no teardown
        return (dir, voters, model)
    }()

    /// Whether the system BLAS (`libblas.so.3`) is OpenBLAS, as `BLASLibrary.name` would say.
    static var systemBLASIsOpenBLAS: Bool {
        // The library the binary will load: a libblas.so.3 in LD_LIBRARY_PATH (scripts/test.sh reruns suites on
        // netlib that way) comes before the system's alternative.
        let searchPath = (ProcessInfo.processInfo.environment["LD_LIBRARY_PATH"] ?? "").split(separator: ":").map { "\($0)/libblas.so.3" }
        for candidate in searchPath + ["/usr/lib/x86_64-linux-gnu/libblas.so.3", "/usr/lib/aarch64-linux-gnu/libblas.so.3"] {
            if let resolved = realpath(candidate, nil) {
                defer { free(resolved) }
                return String(cString: resolved).lowercased().contains("openblas")
            }
        }
        return false
    }

    /// Whether process `pid` has a handler for `signal` (its bit in `SigCgt` of /proc/PID/status).
    static func catches(_ signal: Int32, pid: pid_t) -> Bool {
        let status = procFile("/proc/\(pid)/status")
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
              let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16) else { return false }
        return mask & (UInt64(1) << UInt64(signal - 1)) != 0
    }

    /// The text of a /proc file, read with read(2) (its size is reported as 0, so size-based readers get nothing).
    static func procFile(_ path: String) -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes = [UInt8](), buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func run(_ arguments: [String], in scratch: Scratch, signal: Int32, at moment: Moment) throws -> Outcome {
        let stderrPath = scratch.url.path + ".stderr"
        defer { unlink(stderrPath) }
        let pid = try SpawnedProcess.spawn(GlassboxProcess.binary, arguments, stdoutPath: "/dev/null", stderrPath: stderrPath)
        var status: Int32 = 0
        var exited = false
        func running() -> Bool {
            if exited { return false }
            if waitpid(pid, &status, WNOHANG) == pid { exited = true }
            return !exited
        }
        var fire = false
        switch moment {
        case let .after(seconds):
            // Counted from the moment the process catches the signal: one sent before `main` installs the
            // handlers meets the kernel's default action, which no program can change (a loaded machine
            // can take longer than `seconds` just to load the binary).
            let start = Date()
            while running() && !Self.catches(signal, pid: pid) && Date().timeIntervalSince(start) < 60 { usleep(1_000) }
            Thread.sleep(forTimeInterval: seconds)
            fire = running()
        case .duringWrite:
            while running() {
                if scratch.contents.contains(where: { $0.contains(".glassbox-tmp-") }) { fire = true; break }
                usleep(500)
            }
        }
        let maps = Self.procFile("/proc/\(pid)/maps")
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").count) ?? 0
        if fire { kill(pid, signal) }
        if !exited { while waitpid(pid, &status, 0) < 0 && errno == EINTR {} }
        let killed = status & 0x7f != 0
        let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return Outcome(status: killed ? 128 + (status & 0x7f) : (status >> 8) & 0xff, killedBySignal: killed, signalled: fire,
                       openBLAS: maps.lowercased().contains("openblas"), threads: threads, files: scratch.contents, stderr: stderr)
    }

    /// Checks one run: a handled signal exits 128 + signal and leaves no file; a run that finished first
    /// (the rename won the race) exits 0 with its complete output and no temporary file.
    /// A signal that arrives while the rename is under way waits for it (the rename and the cleanup share
    /// one lock), so the output may then exist — but only complete (`lines` lines), never partial.
    func check(_ o: Outcome, signal: Int32, output: String, lines: Int, in scratch: Scratch, label: String) {
        #expect(!o.files.contains(where: { $0.contains("glassbox-tmp") }), "\(label): temporary file left: \(o.files)")
        if o.signalled && o.status != 0 {
            #expect(!o.killedBySignal, "\(label): killed by the signal instead of handling it")
            #expect(o.status == 128 + signal, "\(label): status \(o.status), \(o.stderr)")
        } else {
            #expect(o.status == 0 && !o.killedBySignal, "\(label): \(o.status) \(o.stderr)")
            #expect(o.files.contains(output), "\(label): finished without its output")
        }
        if o.files.contains(output) {
            let text = (try? String(contentsOfFile: scratch.path(output), encoding: .utf8)) ?? ""
            #expect(text.split(separator: "\n").count == lines, "\(label): the output is partial")
        }
    }

    static let moments: [Moment] = [.after(0.3), .after(1.5), .duringWrite]

    @Test("simulate: SIGTERM and SIGINT at several moments, three times each: exit 128 + signal, no temporary or partial file",
          arguments: moments)
    func simulate(_ moment: Moment) throws {
        var handled = 0, openBLAS = false
        for repetition in 0..<3 {
            for signal in [SIGTERM, SIGINT] {
                let scratch = try Scratch()
                defer { scratch.cleanup() }
                let rows = if case .duringWrite = moment { "100000" } else { "2000000" }
                let o = try run(["simulate", "--rows", rows, "--out", scratch.path("voters.csv")], in: scratch, signal: signal, at: moment)
                check(o, signal: signal, output: "voters.csv", lines: Int(rows)! + 1, in: scratch,
                      label: "simulate \(moment) #\(repetition) signal \(signal)")
                if o.signalled && o.status != 0 { handled += 1 }
                openBLAS = openBLAS || o.openBLAS
            }
        }
        #expect(handled >= 1, "the signal reached a running process at this moment in \(handled) of 6 runs")
        #expect(openBLAS || !Self.systemBLASIsOpenBLAS, "OpenBLAS, the system BLAS, was loaded")
    }

    @Test("score: SIGTERM and SIGINT at several moments, three times each: exit 128 + signal, no temporary or partial file",
          arguments: moments)
    func score(_ moment: Moment) throws {
        let f = Self.fixture
        var handled = 0, openBLAS = false, threads = 0
        for repetition in 0..<3 {
            for signal in [SIGTERM, SIGINT] {
                let scratch = try Scratch()
                defer { scratch.cleanup() }
                let o = try run(["score", f.model, "--data", f.voters, "--out", scratch.path("scores.csv"), "--keep", "voter_id,age,race,county"],
                                in: scratch, signal: signal, at: moment)
                check(o, signal: signal, output: "scores.csv", lines: Self.rows + 1, in: scratch,
                      label: "score \(moment) #\(repetition) signal \(signal)")
                if o.signalled && o.status != 0 { handled += 1 }
                openBLAS = openBLAS || o.openBLAS
                threads = max(threads, o.threads)
            }
        }
        #expect(handled >= 1, "the signal reached a running process at this moment in \(handled) of 6 runs")
        #expect(openBLAS || !Self.systemBLASIsOpenBLAS, "OpenBLAS, the system BLAS, was loaded")
        #expect(threads > 1, "other threads than main were running when the signal came")
    }
}
