import ArgumentParser
import Foundation
import GlassboxCore

@main
struct Glassbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glassbox",
        abstract: "Rebuild, explain and audit the scoring models political data vendors sell.",
        discussion: """
        Exit status: 0 success; 64 usage error (bad or missing options); 65 data error (malformed CSV, \
        formula or model file, or data a model cannot be fitted to); 66 an input file is missing or \
        unreadable; 73 an output file cannot be created (exists without --force, directory missing or \
        not writable, a block device or socket, an input); 74 other I/O error, including a standard output \
        that cannot be written (a full disk, a closed descriptor). On any error no file is left half-written: \
        outputs go to a temporary file renamed at the end; a character device or FIFO given as --out \
        (/dev/null, a named pipe) is written in place, a symbolic link is written through to its file.
        """,
        version: GlassboxVersionString.value,
        subcommands: [TrainCommand.self, ImportCommand.self, ScoreCommand.self, InspectCommand.self, ExplainCommand.self, AuditCommand.self,
                      EvaluateCommand.self, ReportCommand.self, SimulateCommand.self, DescribeCommand.self, DemoCommand.self]
    )

    /// Secures the standard descriptors and installs the interruption cleanup and the stdout check
    /// before argument parsing starts any work. Usage errors (which may quote option values and column
    /// names) reach stderr through ``Escaping/terminal(_:)``, line by line, like every other message;
    /// help and version text go to stdout as usual.
    static func main() {
        StandardStreams.secure()
        Interrupt.install()
        StandardStreams.installExitCheck()
        do {
            var command = try parseAsRoot(nil)
            try command.run()
        } catch {
            let message = fullMessage(for: error)
            guard exitCode(for: error) != .success, !message.isEmpty else { exit(withError: error) }
            let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map { Escaping.terminal(String($0)) }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            exit(withError: ExitCode(exitCode(for: error).rawValue))
        }
    }
}
