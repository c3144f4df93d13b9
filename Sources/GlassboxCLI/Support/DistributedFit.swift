import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxTabular

/// A distributed fit's state as `glassbox merge logistic|uplift` handles it (docs/scale.md §1, §7): read and
/// checked from a file, its pass's partials read and checked against it, merged into the next state and,
/// when finished, the model file.
protocol DistributedFitState: Encodable {
    associatedtype Partial
    associatedtype Model: DistributedModelFile
    static func decode(_ bytes: [UInt8], name: String) throws -> Self
    func decodePartial(_ bytes: [UInt8], name: String, stateSHA256: String) throws -> Partial
    func merging(_ partials: [(name: String, partial: Partial)], provenance: Provenance) throws -> (state: Self, model: Model?)
    var pass: Int { get }
    var designWarnings: [String] { get }
}

/// The model file a distributed fit writes.
protocol DistributedModelFile {
    var warnings: [String] { get }
    func encoded() throws -> [UInt8]
}

extension LogisticFitState: DistributedFitState {}
extension UpliftFitState: DistributedFitState {}
extension LogisticModelFile: DistributedModelFile {}
extension UpliftModelFile: DistributedModelFile {}

enum DistributedFit {
    /// Merges the partial files `partials` (in partition order) of the pass the state file `state` asks
    /// for: writes the next state to `out` and, when the fit is finished, the model file to `modelOut`,
    /// then prints `running: pass N` or the warnings and `done: wrote MODEL`. Nothing is written on error.
    static func mergePass<State: DistributedFitState>(_ type: State.Type, state: String, partials: [String], out: String,
                                                      modelOut: String, force: Bool) throws {
        try FileCheck.requireReadableFile(state)
        let stateBytes = try FileCheck.readBytes(state)
        let current = try State.decode(stateBytes, name: "--state '\(state)'")
        let digest = SHA256.hexDigest(of: stateBytes)
        var parts = [(name: String, partial: State.Partial)]()
        for path in partials {
            try FileCheck.requireReadableFile(path)
            parts.append((path, try current.decodePartial(try FileCheck.readBytes(path), name: "partial '\(path)'", stateSHA256: digest)))
        }
        let provenance = Provenance(commandLine: [], data: nil, blas: BLASLibrary.path)
        let (next, model) = try current.merging(parts, provenance: provenance)
        var files = [(path: out, bytes: try JSONFormat.encode(next))]
        if let model { files.append((modelOut, try model.encoded())) }
        try ResultOutput.writeAll(files, force: force)
        if let model {
            for warning in next.designWarnings + model.warnings { printError("warning: " + warning) }
            try writeLine("done: wrote \(modelOut)")
        } else {
            try writeLine("running: pass \(next.pass)")
        }
    }

    /// One partition's rows for `glassbox partial logistic|uplift` (`--data -` reads stdin), only `columns`
    /// (nil: all). A partition may be empty (a header and no rows): then a table without rows, whose
    /// partial holds zero sums.
    static func partitionTable(_ input: DataOptions, columns: Set<String>?) throws -> Table {
        var data = input
        if data.data == "-" { data.data = "/dev/stdin" }
        do {
            return try data.read(columns: columns).table
        } catch TabularError.file(_, let message) where message == PartialLogisticCommand.headerOnly {
            return Table()
        }
    }
}
