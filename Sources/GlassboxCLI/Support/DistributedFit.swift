import ArgumentParser
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
    /// The checks `merge logistic|uplift` share: a first state takes no partials and a well-formed
    /// `--data-sha256`; a merge takes partials and `--model-out`.
    static func validate(state: String?, partials: [String], modelOut: String?, dataSha256: String) throws {
        if state == nil {
            guard partials.isEmpty else { throw ValidationError("partials are merged into a --state; without --state this command writes the first state") }
            guard dataSha256.count == 64, dataSha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw ValidationError("--data-sha256 must be 64 lower-case hexadecimal digits")
            }
        } else {
            guard !partials.isEmpty else { throw ValidationError("give the partial files of the state's pass, in partition order") }
            guard modelOut != nil else { throw ValidationError("--model-out is required with --state (the model file is written there when the fit finishes)") }
        }
    }

    /// `merge logistic|uplift`: checks the outputs, then writes the first state (no `state`) or merges a pass.
    static func run<State: DistributedFitState>(_ type: State.Type, state: String?, partials: [String], out: String, modelOut: String?,
                                                force: Bool, firstState: () throws -> Void) throws {
        try runReportingErrors {
            let inputs = (state.map { [$0] } ?? []) + partials
            try preflightOutput(out, force: force, inputs: inputs)
            if let modelOut { try preflightOutput(modelOut, force: force, inputs: inputs) }
            BLASLibrary.useSingleThreadedBLAS()
            guard let state else { return try firstState() }
            try mergePass(type, state: state, partials: partials, out: out, modelOut: modelOut ?? "", force: force)
        }
    }

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
