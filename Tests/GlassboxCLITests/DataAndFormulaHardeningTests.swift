import Foundation
import Testing
import GlassboxTestSupport

/// Issue 13, crashes, hangs and silent wrong results in data reading, formulas and designs, run
/// through the built binary.
@Suite("glassbox data and formula hardening", .serialized)
struct DataAndFormulaHardeningTests {
    /// Runs `script` with bash (for pipes, FIFOs and ulimit), the binary as `$G`.
    func bash(_ script: String, in scratch: Scratch) throws -> GlassboxProcess.Result {
        try GlassboxProcess.run(executable: "/bin/bash", ["-c", script], in: scratch.url,
                                environment: ["G": GlassboxProcess.binary])
    }

    func logisticData(_ scratch: Scratch, rows: Int = 200, extra: (Int) -> String = { _ in "" }, header: String = "") throws -> String {
        var text = "y,x" + header + "\n"
        for i in 0..<rows { text += "\(i % 2),\(Double((i * 37) % 101) / 100)" + extra(i) + "\n" }
        return try scratch.write("d.csv", text)
    }

    @Test("C(g) with 50,000 levels is refused before allocating, naming the term")
    func manyLevels() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let data = try logisticData(scratch, rows: 50_000, extra: { ",level\($0)" }, header: ",g")
        let start = Date()
        let r = try GlassboxProcess.run(["train", "logistic", "--data", data, "--formula", "y ~ x + C(g)", "--out", scratch.path("m.json")])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("error: the design has 50001 columns, more than the 10000 a model can be fitted with: 'C(g)' (50000 levels) makes 49999 of them"), "\(r.stderr)")
        #expect(Date().timeIntervalSince(start) < 60)
        #expect(scratch.contents == ["d.csv"])
        // Under the column limit, the memory budget (here injected) names the term too.
        let small = try logisticData(scratch, rows: 2_000, extra: { ",level\($0 % 500)" }, header: ",g")
        let b = try GlassboxProcess.run(["train", "logistic", "--data", small, "--formula", "y ~ x + C(g)", "--out", scratch.path("m.json"), "--force"],
                                        environment: ["GLASSBOX_MEMORY_LIMIT_BYTES": "2000000"])
        #expect(b.status == 65, "\(b.stderr)")
        #expect(b.stderr.contains("error: the design matrix (2000 rows × 501 columns × 8 bytes, plus 501 × 501 matrices for the fit) needs about"), "\(b.stderr)")
        #expect(b.stderr.contains("more than 2.0 MB, the limit set by GLASSBOX_MEMORY_LIMIT_BYTES: 'C(g)' (500 levels) makes 499 of them"), "\(b.stderr)")
        // Scoring applies the design budget too.
        #expect(scratch.contents == ["d.csv"])
    }

    @Test("formulas 9,000 deep are a syntax error, not a stack overflow")
    func deepFormulas() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let data = try logisticData(scratch)
        let deep = String(repeating: "(", count: 9_000) + "x" + String(repeating: ")", count: 9_000)
        for formula in ["y ~ " + deep, "y ~ I(" + deep + ")", "y ~ x" + String(repeating: " + x", count: 9_000)] {
            let r = try GlassboxProcess.run(["train", "logistic", "--data", data, "--formula", formula, "--out", scratch.path("m.json")])
            #expect(r.status == 65, "\(r.stderr.prefix(300))")
            #expect(r.stderr.contains("the formula is nested too deeply: more than"), "\(r.stderr.suffix(300))")
        }
    }

    @Test("describe is linear in the number of columns (200,000)")
    func wideDescribe() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let n = 200_000
        let text = (0..<n).map { "c\($0)" }.joined(separator: ",") + "\n" + (0..<n).map { "\($0 % 7)" }.joined(separator: ",") + "\n"
        let path = try scratch.write("wide.csv", text)
        let start = Date()
        let r = try GlassboxProcess.run(["describe", "--data", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("\(path): 1 rows, 200000 columns"))
        #expect(Date().timeIntervalSince(start) < 40, "was 42 s in a release build, quadratic")
    }

    @Test("endless and special inputs are bounded or refused")
    func endlessInputs() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        for device in ["/dev/zero", "/dev/urandom"] {
            let r = try GlassboxProcess.run(["describe", "--data", device])
            #expect(r.status == 66, "\(r.stderr)")
            #expect(r.stderr == "error: \(device): is a character device, not a file; give a regular file, or a pipe\n")
            let m = try GlassboxProcess.run(["inspect", device])
            #expect(m.status == 66, "\(m.stderr)")
        }
        let zeros = try bash("head -c 200000000 /dev/zero | timeout 60 \"$G\" describe --data /dev/stdin", in: scratch)
        #expect(zeros.status == 65, "\(zeros.stderr)")
        #expect(zeros.stderr == "error: line 1: the header contains a NUL byte: this is a binary file, not CSV text\n")
        let line = try bash("head -c 100000000 /dev/zero | tr '\\0' a | timeout 60 \"$G\" describe --data /dev/stdin", in: scratch)
        #expect(line.status == 65, "\(line.stderr)")
        #expect(line.stderr.contains("the header is longer than 67108864 bytes and has not ended"))
        // An endless pipe of valid rows stops at the table limit.
        let rows = try bash("(echo a,b; yes 1,2) | GLASSBOX_MEMORY_LIMIT_BYTES=8000000 timeout 60 \"$G\" describe --data /dev/stdin", in: scratch)
        #expect(rows.status == 65, "\(rows.stderr)")
        #expect(rows.stderr.contains("the table read so far ("), "\(rows.stderr)")
        // A model file from an endless pipe stops (at 1 GiB, or half the memory limit) instead of exhausting memory.
        let model = try bash("GLASSBOX_MEMORY_LIMIT_BYTES=20000000 timeout 120 \"$G\" inspect <(yes '{}')", in: scratch)
        #expect(model.status == 65, "\(model.stderr)")
        #expect(model.stderr.contains("is larger than 10.0 MB, half of 20.0 MB, the limit set by GLASSBOX_MEMORY_LIMIT_BYTES; is this the right file?"), "\(model.stderr)")
        // A named pipe is read once, its writer not cut off by the readability check.
        let fifo = try bash("mkfifo p && (printf 'a,b\\n1,2\\n3,4\\n' > p &) && timeout 60 \"$G\" describe --data p", in: scratch)
        #expect(fifo.status == 0, "\(fifo.stderr)")
        #expect(fifo.stdout.hasPrefix("p: 2 rows, 2 columns"), "\(fifo.stdout)")
    }

    @Test("compressed files are named, not 'NUL byte in header'")
    func compressedInput() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let data = try logisticData(scratch)
        let r = try bash("gzip -k d.csv && \"$G\" describe --data d.csv.gz", in: scratch)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr == "error: d.csv.gz: looks like a gzip-compressed file, not CSV text; decompress it first (gunzip)\n")
        _ = data
    }

    @Test("multiples of 2^64 are read as themselves, not 0")
    func twoToThe64() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let path = try scratch.write("n.csv", "x\n18446744073709551616\n36893488147419103232\n")
        let r = try GlassboxProcess.run(["describe", "--data", path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("min 1.84467e+19, mean 2.76701e+19, max 3.68935e+19"), "\(r.stdout)")
    }

    @Test("the response as a predictor is refused: y ~ y, I(y * 2), C(y)")
    func responseAsPredictor() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let data = try logisticData(scratch)
        for (formula, term) in [("y ~ y", "y"), ("y ~ x + I(y * 2)", "I(y * 2)"), ("y ~ C(y)", "C(y)"), ("I(x > 0.5) ~ x", "x")] {
            let r = try GlassboxProcess.run(["train", "logistic", "--data", data, "--formula", formula, "--out", scratch.path("m.json")])
            #expect(r.status == 65, "\(formula): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: the term '\(term)' reads the column"), "\(r.stderr)")
            #expect(r.stderr.contains("complete separation"))
        }
        let u = try bash("awk -F, 'NR==1{print $0\",t\"; next}{print $0\",\"NR%2}' d.csv > u.csv && \"$G\" train uplift --data u.csv --formula 'y ~ y' --treatment t --treated 1 --control 0 --out u.json", in: scratch)
        #expect(u.status == 65, "\(u.stderr)")
        #expect(scratch.contents.filter { $0.hasSuffix(".json") }.isEmpty)
    }

    @Test("a one-level categorical warns instead of vanishing")
    func singleLevel() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let data = try logisticData(scratch, extra: { $0 == 5 ? ",NA,b" : ",k,\($0 % 3 == 0 ? "a" : "b")" }, header: ",one,h")
        let r = try GlassboxProcess.run(["train", "logistic", "--data", data, "--formula", "y ~ x + C(one) + h", "--out", scratch.path("m.json")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: 'C(one)' has a single level ('k') after dropping 1 row(s) with missing values: it is constant and gets no design column, so the terms using it are dropped from the model"), "\(r.stderr)")
    }

    @Test("a 1e300 predictor is a numerical error naming the term, never an EncodingError")
    func hugePredictor() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let data = try logisticData(scratch, extra: { ",\($0 == 3 ? "1e300" : "\(Double($0) * 1e298)")" }, header: ",big")
        var commands = [["train", "logistic", "--data", data, "--formula", "y ~ x + big", "--out", scratch.path("m.json")]]
        for method in ["logistic", "pu", "similarity"] {
            commands.append(["train", "lookalike", "--data", data, "--formula", "~ x + big", "--seed", "y", "--method", method, "--out", scratch.path("m.json")])
        }
        commands.append(["explain", "--score", "x", "--formula", "~ big", "--data", data, "--out", scratch.path("m.json")])
        for arguments in commands {
            let r = try GlassboxProcess.run(arguments)
            #expect(r.status == 65, "\(arguments): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: the term 'big' has values as large as"), "\(arguments): \(r.stderr)")
            #expect(!r.stderr.contains("EncodingError"))
        }
        // A huge score column in the surrogate: once NaN R² and coefficients, silently.
        let s = try GlassboxProcess.run(["explain", "--score", "big", "--formula", "~ x", "--data", data, "--out", scratch.path("m.json")])
        #expect(s.status == 65, "\(s.stderr)")
        #expect(s.stderr.hasPrefix("error: the score column 'big' has values as large as 1.99e+300"), "\(s.stderr)")
        #expect(scratch.contents == ["d.csv"])
    }

    @Test("a score that is ∞ − ∞ is an error naming the row, not a silently missing score")
    func undefinedScore() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let train = try scratch.write("t.csv", "y,x,z\n1,0.5,1\n0,0.2,2\n1,0.9,3\n0,0.1,1\n1,0.7,2\n0,0.3,3\n1,0.6,1\n0,0.4,2\n")
        let data = try scratch.write("s.csv", "y,x,z\n1,1e308,-1e308\n0,1e308,1e308\n1,-1e308,1\n")
        let t = try GlassboxProcess.run(["train", "logistic", "--data", train, "--formula", "y ~ x + z", "--out", scratch.path("m.json")])
        #expect(t.status == 0, "\(t.stderr)")
        let r = try GlassboxProcess.run(["score", scratch.path("m.json"), "--data", data, "--out", scratch.path("s.out.csv")])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("error: the score of data row 2 (line 3 of the file) is not a number"), "\(r.stderr)")
        #expect(!scratch.exists("s.out.csv"))
        // The same rows through explain and report, and a lookalike model through score.
        let e = try GlassboxProcess.run(["explain", scratch.path("m.json"), "--data", data, "--out", scratch.path("e.json")])
        #expect(e.status == 65, "\(e.stderr)")
        #expect(e.stderr.contains("is not a number: its terms overflow double precision"), "\(e.stderr)")
        let seeds = try scratch.write("seeds.csv", "s,x,z\n1,0.5,1\n0,0.2,2\n1,0.9,3\n0,0.1,1\n1,0.7,2\n0,0.3,3\n1,0.6,1\n0,0.4,2\n")
        let l = try GlassboxProcess.run(["train", "lookalike", "--data", seeds, "--formula", "~ x + z", "--seed", "s", "--method", "logistic", "--out", scratch.path("l.json")])
        #expect(l.status == 0, "\(l.stderr)")
        let ls = try GlassboxProcess.run(["score", scratch.path("l.json"), "--data", data, "--out", scratch.path("l.out.csv")])
        #expect(ls.status == 65, "\(ls.stderr)")
        #expect(ls.stderr.hasPrefix("error: the score of data row 2 (line 3 of the file) is not a number"), "\(ls.stderr)")
        #expect(!scratch.exists("e.json") && !scratch.exists("l.out.csv"))
    }

    @Test("under ulimit -v 400000 commands refuse at once instead of OpenBLAS spinning",
          .enabled(if: ProcessInfo.processInfo.environment["GLASSBOX_SANITIZER"] == nil,
                   "a sanitized binary reserves terabytes of shadow address space, so it cannot start under ulimit -v"))
    func addressSpaceLimit() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        _ = try logisticData(scratch)
        let start = Date()
        let r = try bash("ulimit -v 400000; exec timeout 120 \"$G\" train logistic --data d.csv --formula 'y ~ x' --out m.json", in: scratch)
        if ProcessInfo.processInfo.environment["LD_LIBRARY_PATH"]?.contains("/blas") == true {
            #expect(r.status == 0, "the reference BLAS needs no work buffers: \(r.stderr)")   // scripts/test.sh's netlib run
        } else {
            #expect(r.status == 65, "\(r.stderr)")
            #expect(r.stderr.contains("the address-space limit (ulimit -v 400000) leaves too little room for OpenBLAS"), "\(r.stderr)")
        }
        #expect(Date().timeIntervalSince(start) < 100)
        // describe does not use BLAS and still runs.
        let d = try bash("ulimit -v 400000; exec timeout 120 \"$G\" describe --data d.csv", in: scratch)
        #expect(d.status == 0, "\(d.stderr)")
        // With room for the buffers, training works under a limit.
        // (Another output name: on netlib the first command succeeded and wrote m.json.)
        let ok = try bash("ulimit -v 1500000; exec timeout 300 \"$G\" train logistic --data d.csv --formula 'y ~ x' --out m2.json", in: scratch)
        #expect(ok.status == 0, "\(ok.stderr)")
    }
}
