import GlassboxCore

/// Every error the data layer reports: CSV reading, table access, formulas and design matrices.
/// Messages name the file line, column or formula position so a user can fix the input.
public enum TabularError: Error, Equatable, CustomStringConvertible, Sendable {
    case unknownColumn(String, available: [String])
    case duplicateColumn(String)
    case columnLengthMismatch(name: String, expected: Int, actual: Int)
    /// A CSV problem at a 1-based physical line of the file.
    case csv(line: Int, message: String)
    /// A CSV problem not tied to a line (empty file, unreadable file…).
    case file(path: String, message: String)
    /// A formula that does not parse, with the 0-based character offset of the problem.
    case formulaSyntax(formula: String, position: Int, message: String)
    /// A formula that parses but cannot be applied to the data.
    case formula(ParameterMessage)
    /// A row filter or derived-column expression that does not parse, with the 0-based character offset.
    case expressionSyntax(expression: String, position: Int, message: String)
    /// A row filter or derived column that parses but cannot be applied to the data (unknown column,
    /// text used as a number, division by zero, a filter that keeps no row, a name that exists).
    case expression(String)
    /// A categorical level at scoring time that was not present in training.
    case unseenLevel(column: String, level: String, known: [String])

    /// The message shown to the user.
    public var description: String {
        switch self {
        case let .unknownColumn(name, available):
            let shown = available.prefix(20).map { "'\($0)'" }.joined(separator: ", ")
            return "no column named '\(name)'; columns are: \(shown)\(available.count > 20 ? ", …" : "")"
        case let .duplicateColumn(name):
            return "a column named '\(name)' already exists"
        case let .columnLengthMismatch(name, expected, actual):
            return "column '\(name)' has \(actual) rows, expected \(expected)"
        case let .csv(line, message):
            return "line \(line): \(message)"
        case let .file(path, message):
            return "\(path): \(message)"
        case let .formulaSyntax(formula, position, message):
            return "formula \"\(formula)\" at character \(position + 1): \(message)"
        case let .formula(message):
            return message.description
        case let .expression(message):
            return message
        case let .expressionSyntax(expression, position, message):
            return "expression \"\(expression)\" at character \(position + 1): \(message)"
        case let .unseenLevel(column, level, known):
            let shown = known.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
            return "column '\(column)' has level '\(level)' that was not seen in training (known levels: \(shown)\(known.count > 10 ? ", …" : ""))"
        }
    }
}
