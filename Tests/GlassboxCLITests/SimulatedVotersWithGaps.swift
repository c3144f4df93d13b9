import Foundation
import GlassboxTestSupport

/// The streamed commands' test file: a 50,000-row simulated voter file (seed 2024) with `income` blank on
/// every 7th row and `party` NA on every 11th, written to `name` in `scratch`.
enum SimulatedVotersWithGaps {
    static func write(_ name: String, in scratch: Scratch) {
        let r = try! GlassboxProcess.run(["simulate", "--rows", "50000", "--out", scratch.path("raw.csv"), "--quiet"])
        precondition(r.status == 0, r.stderr)
        let lines = try! String(contentsOfFile: scratch.path("raw.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        let income = header.firstIndex(of: "income")!, party = header.firstIndex(of: "party")!
        var out = [lines[0]]
        for (k, line) in lines.dropFirst().enumerated() {
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if k % 7 == 3 { fields[income] = "" }
            if k % 11 == 5 { fields[party] = "NA" }
            out.append(fields.joined(separator: ","))
        }
        _ = try! scratch.write(name, out.joined(separator: "\n") + "\n")
    }
}

/// ``SimulatedVotersWithGaps``' file (`voters.csv`) beside a logistic model (`model.json`) trained on another
/// simulated file (3,000 rows, seed 4) with the formula the streamed audit and sample tests explain.
struct GappedVotersAndModel: @unchecked Sendable {
    let scratch: Scratch
    var data: String { scratch.path("voters.csv") }
    var model: String { scratch.path("model.json") }

    /// Writes both into a fresh scratch folder; the caller removes it (a suite's `atexit`).
    static func make() -> GappedVotersAndModel {
        let scratch = try! Scratch()
        SimulatedVotersWithGaps.write("voters.csv", in: scratch)
        var r = try! GlassboxProcess.run(["simulate", "--rows", "3000", "--seed", "4", "--out", scratch.path("train.csv"), "--quiet"])
        precondition(r.status == 0, r.stderr)
        r = try! GlassboxProcess.run(["train", "logistic", "--data", scratch.path("train.csv"), "--formula",
                                      "voted_2024 ~ age + female + C(race) + party + voted_2020 + log(income)",
                                      "--out", scratch.path("model.json"), "--quiet"])
        precondition(r.status == 0, r.stderr)
        return GappedVotersAndModel(scratch: scratch)
    }
}
