import ArgumentParser
import Foundation
import GlassboxCore
import GlassboxModels

struct PartialColumnsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "columns",
        abstract: "Print the data columns a distributed fit's partials read, as a JSON array (a driver sends only those).",
        discussion: """
        For a logistic or uplift fit state (written by 'glassbox merge logistic|uplift'; any state of the fit \
        gives the same list): the formula's columns, response included, in first-use order, then the \
        --weights and --cluster columns (logistic) or the treatment column (uplift), each once. 'partial \
        logistic|uplift' parses only these columns of a partition's rows, so a driver may send only these. \
        null when a logistic state's formula does not parse: send every column, and the partials report the \
        error. Partials also read the columns of any --where or --derive given to them.
        """
    )

    @Option(help: "A logistic or uplift fit state.")
    var state: String

    func run() throws {
        try runReportingErrors {
            let columns = try Self.format(ofStateFile: state) == UpliftFitState.formatName
                ? try DistributedFit.readState(UpliftFitState.self, state).state.columnsRead()
                : try DistributedFit.readState(LogisticFitState.self, state).state.columnsRead()
            var seen = Set<String>()
            guard let unique = columns?.filter({ seen.insert($0).inserted }) else { return try writeOutput(Array("null\n".utf8)) }
            try writeOutput(try JSONFormat.encode(unique))
        }
    }

    /// The `format` field of the state file at `path`; nil when it has none readable (the logistic state's
    /// decoding then names the problem).
    private static func format(ofStateFile path: String) throws -> String? {
        struct Header: Decodable { var format: String? }
        try FileCheck.requireReadableFile(path)
        let bytes = try FileCheck.readBytes(path)
        guard bytes.count <= LogisticFitState.maximumFileBytes else { return nil }
        return (try? JSONDecoder().decode(Header.self, from: Data(bytes)))?.format
    }
}
