import ArgumentParser
import GlassboxCore

/// The one way a command writes its result: to the file `--out` (atomically: a temporary file, then a
/// rename; refused without `--force` when it exists) or, without `--out`, to standard output through the
/// checked ``writeOutput(_:)-([UInt8])`` (a failed write is exit 74).
struct ResultOutput {
    /// The output file, or nil for standard output.
    var out: String?
    /// Replace `out` if it exists.
    var force: Bool

    /// Fails fast, before any expensive work, when `out` is one of `inputs` or exists without `force`
    /// (see ``preflightOutput(_:force:inputs:)``). Nothing to check for standard output.
    func preflight(inputs: [String]) throws {
        if let out { try preflightOutput(out, force: force, inputs: inputs) }
    }

    /// Writes `bytes`; with `announce`, a file written is named on stderr ("wrote PATH").
    func write(_ bytes: [UInt8], announce: Bool = false) throws {
        guard let out else { return try writeOutput(bytes) }
        try AtomicFile.write(bytes, to: out, force: force)
        if announce { printError("wrote \(out)") }
    }

    /// Writes several files all or nothing (``AtomicFile/write(_:force:)``): each goes to a temporary file
    /// first, and only when all are complete are they renamed, so a failure leaves none of them.
    static func writeAll(_ files: [(path: String, bytes: [UInt8])], force: Bool) throws {
        try AtomicFile.write(files, force: force)
    }

    /// Writes `text` as UTF-8; see ``write(_:announce:)-([UInt8],_)``.
    func write(_ text: String, announce: Bool = false) throws {
        try write(Array(text.utf8), announce: announce)
    }
}

/// `--out FILE` (default: standard output) and `--force`, shared by the commands that write one result
/// through ``ResultOutput``.
struct ResultOutputOptions: ParsableArguments {
    @Option(help: "Write to this file (atomically) instead of standard output.")
    var out: String?
    @Flag(help: "Replace --out if it exists.")
    var force = false

    /// Where the result goes.
    var result: ResultOutput { ResultOutput(out: out, force: force) }

    /// See ``ResultOutput/preflight(inputs:)``.
    func preflight(inputs: [String]) throws { try result.preflight(inputs: inputs) }

    /// See ``ResultOutput/write(_:announce:)-([UInt8],_)``.
    func write(_ bytes: [UInt8], announce: Bool = false) throws { try result.write(bytes, announce: announce) }

    /// See ``ResultOutput/write(_:announce:)-(String,_)``.
    func write(_ text: String, announce: Bool = false) throws { try result.write(text, announce: announce) }
}
