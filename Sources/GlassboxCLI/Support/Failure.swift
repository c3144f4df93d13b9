import ArgumentParser
import Foundation
import GlassboxAudit
import GlassboxExplain
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxMetrics
import GlassboxModels
import GlassboxTabular

#if canImport(Glibc)
import Glibc
#endif

/// Documented exit statuses (sysexits.h values).
enum ExitStatus: Int32 {
    case usage = 64
    case dataError = 65
    case noInput = 66
    case cannotCreate = 73
    case ioError = 74
}

/// Runs a command body, turning every library error into a one-line message on stderr and the
/// matching exit status. Usage problems found by the command itself throw `ValidationError`.
/// `usesBLAS: false` for commands that never call BLAS (describe, simulate), which may then run
/// under an address-space limit too tight for OpenBLAS.
func runReportingErrors(usesBLAS: Bool = true, _ body: () throws -> Void) throws {
    do {
        if usesBLAS, let problem = BLASLibrary.addressSpaceShortfall() { throw CLIError(description: problem) }
        try body()
    } catch let error as ValidationError {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch {
        let (message, status) = classify(error)
        printError("error: " + (OptionWording.message(of: error) ?? message))
        throw ExitCode(status.rawValue)
    }
}

func classify(_ error: Error) -> (String, ExitStatus) {
    switch error {
    case let e as GlassboxCoreError:
        switch e {
        case .noSuchFile, .permissionDenied, .isDirectory, .unsupportedFileType, .unreadable: return (e.description, .noInput)
        case .outputExists, .directoryMissing, .directoryNotWritable, .cannotWrite: return (e.description, .cannotCreate)
        case .io: return (e.description, .ioError)
        case .temporarySpace: return (e.description, .cannotCreate)
        case .tooLarge: return (e.description, .dataError)
        }
    case is TabularError, is ModelError, is LinearAlgebraError, is ExplainError, is AuditError, is UpliftMetricsError:
        // Every module's error type is a data problem the user can fix in the input (exit 65).
        return ("\(error)", .dataError)
    case let e as CLIError:
        return (e.description, e.status)
    case let e as EncodingError:
        // Only a non-finite number can make JSON encoding fail: a numerical problem in the data,
        // never an I/O error, and never shown as Swift's raw EncodingError text.
        var at = ""
        if case let .invalidValue(value, context) = e {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            at = " (\(value) at \(path.hasPrefix(".") ? String(path.dropFirst()) : path))"
        }
        return ("a result is not a finite number\(at), so it cannot be written: the data caused a numerical overflow; rescale very large predictors (e.g. log()) and try again", .dataError)
    case let e as DecodingError:
        return ("cannot read a JSON input: " + JSONProblems.describe(e), .dataError)
    default:
        return ("\(error)", .ioError)
    }
}

/// Problems the CLI itself detects in arguments that depend on the data.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var status: ExitStatus = .dataError
}

/// Writes one message line to stderr. Messages quote column names, levels and paths from the input;
/// the whole text goes through ``Escaping/terminal(_:)`` (a trailing newline excepted), so an escape
/// sequence, carriage return, line break or bidi override in the data can neither drive the terminal
/// nor forge another line.
func printError(_ text: String) {
    ProgressBar.shared.clearLine()
    var line = text
    if line.hasSuffix("\n") { line.removeLast() }
    writeDiagnostic(Escaping.terminal(line) + "\n")
}
