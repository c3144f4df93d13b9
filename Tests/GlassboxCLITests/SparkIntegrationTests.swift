import Foundation
import Testing
import GlassboxTestSupport

/// The Spark integration (integrations/spark) on a local Spark: `local[2]`, 4–6 partitions, the simulated
/// voter file and the social-pressure data (when present), compared with the single-machine glassbox —
/// audit JSON equal, scores byte for byte, logistic coefficients and standard errors and a two-model uplift
/// model's coefficients (`train uplift`, docs/scale.md §7) to 1e-12 relative.
/// The checks are the Python unittest `integrations/spark/tests/test_glassbox_spark.py`; this test runs it
/// with the binary under test and needs a Python with pyspark, pandas and pyarrow (`GLASSBOX_PYTHON`, else
/// `.venv/bin/python`) and Java (`java` on PATH, Debian's openjdk-17-jre-headless). About 3 minutes
/// (7 on a heavily loaded machine; the uplift fit's share is about 40 s, docs/spark.md §5).
@Suite("Spark integration against the single machine", .serialized)
struct SparkIntegrationTests {
    /// The interpreter that imports pyspark, pandas and pyarrow, with Java present; nil otherwise.
    static let python: String? = {
        let candidates = [ProcessInfo.processInfo.environment["GLASSBOX_PYTHON"], Repository.url(".venv/bin/python").path].compactMap { $0 }
        let java = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/java")
        }
        guard java else { return nil }
        return candidates.first { path in
            FileManager.default.isExecutableFile(atPath: path)
                && (try? NotebookPython.run(path, ["-c", "import pyspark, pandas, pyarrow"], in: FileManager.default.temporaryDirectory).status) == 0
        }
    }()

    @Test("audit, scores, logistic and uplift fits on local Spark equal the single machine's",
          .enabled(if: python != nil, "needs Java and a Python with pyspark, pandas and pyarrow (GLASSBOX_PYTHON or .venv)"),
          .timeLimit(.minutes(15)))
    func sparkMatchesSingleMachine() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let started = Date()
        let result = try NotebookPython.run(Self.python!, [Repository.url("integrations/spark/tests/test_glassbox_spark.py").path, "-v"],
                                            in: dir.url, environment: ["GLASSBOX_BIN": GlassboxProcess.binary, "GLASSBOX_DATA_DIR": Repository.sharedDataDirectory])
        #expect(result.status == 0, "\(result.output.split(separator: "\n").filter { !$0.contains("WARN") }.suffix(60).joined(separator: "\n"))")
        print("Spark integration: \(Int(Date().timeIntervalSince(started))) s")
    }
}
