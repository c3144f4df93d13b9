import ArgumentParser
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxTabular

/// A distributed fit's state as `glassbox merge logistic|uplift` handles it (docs/scale.md §1, §7): read and
/// checked from a file, its pass's partials read and checked against it, merged into the next state and,
/// when finished, the model file.
protocol DistributedFitState: Encodable {
    associatedtype Partial: Encodable
    associatedtype Model: DistributedModelFile
    associatedtype Merger: DistributedPassMerger where Merger.Partial == Partial, Merger.State == Self, Merger.Model == Model
    static func decode(_ bytes: [UInt8], name: String) throws -> Self
    /// The columns a partition's partial reads (nil: every column).
    func columnsRead() throws -> [String]?
    /// The partial of this state's pass over one partition's rows.
    func partial(of table: Table, stateSHA256: String) throws -> Partial
    func decodePartial(_ bytes: [UInt8], name: String, stateSHA256: String) throws -> Partial
    /// The library's merger of this state's pass, which adds partials one at a time.
    func merger() throws -> Merger
    var pass: Int { get }
    var designWarnings: [String] { get }
    /// Checks that the matrices of the state's pass fit `limit` in a worker (`partials` 0) or a merge of
    /// `partials` partials, before any is allocated or read (docs/scale.md §2, "What a state may claim").
    func checkPassMemory(name: String, partials: Int, limit: (bytes: UInt64, source: String)?) throws
    /// Checks, once a partition's `rows` are read, that the design its pass builds of them and the copies it makes
    /// fit `limit` (the limit read before the rows).
    func checkPartitionMemory(name: String, rows: Int, limit: (bytes: UInt64, source: String)?) throws
}

/// A pass's merger (``LogisticPassMerger``, ``UpliftPassMerger``): partials added one at a time, in partition order.
protocol DistributedPassMerger {
    associatedtype State
    associatedtype Partial
    associatedtype Model
    mutating func add(_ partial: Partial, name: String) throws
    /// ``finished(provenance:)`` with library errors in the command line's words.
    func finishedForCLI(provenance: Provenance) throws -> (state: State, model: Model?)
}

/// The model file a distributed fit writes.
protocol DistributedModelFile {
    var warnings: [String] { get }
    func encoded() throws -> [UInt8]
}

extension LogisticFitState: DistributedFitState {
    func columnsRead() throws -> [String]? { partitionColumns }
    func partial(of table: Table, stateSHA256: String) throws -> LogisticPartial {
        try LogisticPartial.compute(state: self, stateSHA256: stateSHA256, table: table)
    }
    func merger() throws -> LogisticPassMerger { try LogisticPassMerger(state: self) }
}

extension UpliftFitState: DistributedFitState {
    func columnsRead() throws -> [String]? { try partitionColumns() }
    func partial(of table: Table, stateSHA256: String) throws -> UpliftPartial {
        try UpliftPartial.compute(state: self, stateSHA256: stateSHA256, table: table)
    }
    func merger() throws -> UpliftPassMerger { try UpliftPassMerger(state: self) }
}
extension LogisticPassMerger: DistributedPassMerger {
    func finishedForCLI(provenance: Provenance) throws -> (state: LogisticFitState, model: LogisticModelFile?) {
        try finished(provenance: provenance)
    }
}

extension UpliftPassMerger: DistributedPassMerger {
    func finishedForCLI(provenance: Provenance) throws -> (state: UpliftFitState, model: UpliftModelFile?) {
        try withPropensityOptionName { try finished(provenance: provenance) }
    }
}

extension LogisticModelFile: DistributedModelFile {}
extension UpliftModelFile: DistributedModelFile {}

enum DistributedFit {
    /// The checks `merge logistic|uplift` share: a first state takes no partials and a well-formed
    /// `--data-sha256`; a merge takes partials and `--model-out`.
    static func validate(_ pass: MergePassOptions, _ output: MergeOutputOptions) throws {
        if pass.state == nil {
            guard pass.partials.isEmpty else { throw ValidationError("partials are merged into a --state; without --state this command writes the first state") }
            let dataSha256 = output.dataSha256
            guard dataSha256.count == 64, dataSha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw ValidationError("--data-sha256 must be 64 lower-case hexadecimal digits")
            }
        } else {
            guard !pass.partials.isEmpty else { throw ValidationError("give the partial files of the state's pass, in partition order") }
            guard output.modelOut != nil else { throw ValidationError("--model-out is required with --state (the model file is written there when the fit finishes)") }
        }
    }

    /// `merge logistic|uplift`: checks the outputs, then writes the first state (no `state`) or merges a pass.
    /// `firstState` makes the first state from the command's training options and the manifest's source.
    static func run<State: DistributedFitState>(_ type: State.Type, _ pass: MergePassOptions, _ output: MergeOutputOptions,
                                                firstState: (LogisticFitState.Source) throws -> State) throws {
        try runReportingErrors {
            let (out, force) = (output.out, output.force)
            let inputs = (pass.state.map { [$0] } ?? []) + pass.partials
            try preflightOutput(out, force: force, inputs: inputs)
            if let modelOut = output.modelOut { try preflightOutput(modelOut, force: force, inputs: inputs) }
            BLASLibrary.useSingleThreadedBLAS()
            guard let state = pass.state else {
                let first = try firstState(try output.source())
                try ResultOutput(out: out, force: force).write(try JSONFormat.encode(first))
                return try writeLine("running: pass 0")
            }
            try mergePass(type, state: state, partials: pass.partials, out: out, modelOut: output.modelOut ?? "", force: force)
        }
    }

    /// `partial logistic|uplift`: reads the state, then only the columns its partial reads of the
    /// partition's rows, and writes the partial.
    static func runPartial<State: DistributedFitState>(_ type: State.Type, _ options: PartialFitOptions) throws {
        try runReportingErrors {
            try options.output.preflight(inputs: [options.input.data, options.state])
            BLASLibrary.useSingleThreadedBLAS()
            let (state, digest) = try readState(type, options.state)
            let limit = MemoryLimit.current()
            try state.checkPassMemory(name: "--state '\(options.state)'", partials: 0, limit: limit)
            let table = try partitionTable(options.input, columns: try state.columnsRead().map(Set.init))
            try state.checkPartitionMemory(name: "--state '\(options.state)'", rows: table.rowCount, limit: limit)
            try options.output.write(try JSONFormat.encode(try state.partial(of: table, stateSHA256: digest)))
        }
    }

    /// The state file `path` (`--state`), checked, and the SHA-256 of its bytes.
    static func readState<State: DistributedFitState>(_ type: State.Type, _ path: String) throws -> (state: State, sha256: String) {
        try FileCheck.requireReadableFile(path)
        let bytes = try FileCheck.readBytes(path)
        return (try State.decode(bytes, name: "--state '\(path)'"), SHA256.hexDigest(of: bytes))
    }

    /// Merges the partial files `partials` (in partition order) of the pass the state file `state` asks
    /// for: writes the next state to `out` and, when the fit is finished, the model file to `modelOut`,
    /// then prints `running: pass N` or the warnings and `done: wrote MODEL`. The partials are read, checked and
    /// added one at a time (the library's merger), so the merge holds one besides the running sums. Nothing is
    /// written on error.
    static func mergePass<State: DistributedFitState>(_ type: State.Type, state: String, partials: [String], out: String,
                                                      modelOut: String, force: Bool) throws {
        let (current, digest) = try readState(type, state)
        try current.checkPassMemory(name: "--state '\(state)'", partials: partials.count, limit: MemoryLimit.current())
        var merger = try current.merger()
        for path in partials {
            try FileCheck.requireReadableFile(path)
            let name = "partial '\(path)'"
            try merger.add(try current.decodePartial(try FileCheck.readBytes(path), name: name, stateSHA256: digest), name: path)
        }
        let (next, model) = try merger.finishedForCLI(provenance: Provenance(commandLine: [], data: nil, blas: BLASLibrary.path))
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
