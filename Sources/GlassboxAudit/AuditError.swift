import GlassboxCore

/// Problems with the inputs of an audit (bias, targeting or composition), each naming the column or
/// value to fix: the one error type of GlassboxAudit.
public enum AuditError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The outcome column holds values other than 0 and 1.
    case outcomeNotBinary(column: String, valuesFound: [String])
    /// The score column is text.
    case scoreNotNumeric(column: String, example: String?)
    /// The weights column is text or holds negative values.
    case badWeights(column: String, message: String)
    /// A group column (`groups`) is absent.
    case missingGroupColumn(String, available: [String])
    /// A reference (``AuditConfiguration/references``) names a value that is not a level of the column.
    case referenceValueAbsent(attribute: String, value: String, levels: [String])
    /// A reference (``AuditConfiguration/references``) names an attribute that is not audited.
    case referenceAttributeUnknown(String, attributes: [String])
    /// The reference group is below the minimum group size.
    case referenceSuppressed(attribute: String, value: String, n: Int, minimum: Int)
    /// Nothing is left to audit after dropping rows with missing values.
    case noRowsLeft(rowsRead: Int, missingByColumn: [String: Int])
    /// An outcome expression (``AuditOutcome/expression(_:)``) that does not parse or evaluate on the table.
    case badOutcomeExpression(expression: String, message: ParameterMessage)
    /// The uplift column of a targeting audit is text.
    case upliftNotNumeric(column: String, example: String?)
    /// The treatment column has no row in one arm once rows with a missing uplift or outcome are dropped.
    case emptyArm(arm: String, column: String, value: String)
    /// An audit partial (``AuditPartial``, `part` counted from 0) that is malformed or does not belong with the others.
    case badPartial(part: Int, message: String)
    /// A setting outside its domain (for example ``AuditConfiguration/top`` = 1.5).
    case invalidSetting(ParameterMessage)
    /// A group attribute with more labels (`(missing)` included) than an audit reports
    /// (``GroupAttribute/maximumLabels``, `limit`). `count` is the attribute's labels in the data checked; a streamed
    /// read (``StreamingAuditReader``) or a merge of partials (``AuditPartial/merged(_:)``) stops at the chunk or
    /// partial where the union of the labels seen passes the limit, and names that union, which may be fewer than
    /// the whole data's.
    case tooManyLabels(attribute: String, count: Int, limit: Int)
    /// An intersection of attributes with more cells present than an audit reports (``GroupAttribute/maximumCells``, `limit`).
    case tooManyCells(attribute: String, count: Int, limit: Int)

    /// The message shown to the user, naming the column, value or setting to fix.
    public var description: String {
        switch self {
        case let .outcomeNotBinary(column, values):
            return "outcome '\(column)' must be binary (0 or 1); values found: \(values.joined(separator: ", "))"
        case let .scoreNotNumeric(column, example):
            return "score column '\(column)' is not numeric" + (example.map { " (it holds text such as '\($0)')" } ?? "")
        case let .badWeights(column, message):
            return "weights column '\(column)' \(message)"
        case let .missingGroupColumn(name, available):
            let shown = available.prefix(20).map { "'\($0)'" }.joined(separator: ", ")
            return "group column '\(name)' not found; columns are: \(shown)\(available.count > 20 ? ", …" : "")"
        case let .referenceValueAbsent(attribute, value, levels):
            let shown = levels.prefix(30).map { "'\($0)'" }.joined(separator: ", ")
            return "reference value '\(value)' does not occur in '\(attribute)'; its levels are: \(shown)\(levels.count > 30 ? ", …" : "")"
        case .referenceAttributeUnknown, .referenceSuppressed:
            return message.description
        case let .noRowsLeft(rowsRead, missing):
            let parts = missing.keys.sorted().map { "'\($0)': \(missing[$0]!)" }.joined(separator: ", ")
            return "no rows left to audit: all \(rowsRead) rows have a missing score, outcome or weight (missing per column: \(parts))"
        case .badOutcomeExpression:
            return message.description
        case let .upliftNotNumeric(column, example):
            return "uplift column '\(column)' is not numeric" + (example.map { " (it holds text such as '\($0)')" } ?? "")
        case let .emptyArm(arm, column, value):
            return "no \(arm) rows (\(column) = '\(value)') are left after dropping rows with a missing uplift or outcome"
        case let .badPartial(part, message):
            return "audit partial \(part + 1) \(message)"
        case let .invalidSetting(message):
            return message.description
        case .tooManyCells:
            return message.description
        case let .tooManyLabels(attribute, count, limit):
            return "group column '\(attribute)' has \(count) distinct labels (a missing value counted as one), more than the \(limit) an audit "
                + "reports per attribute; group its rare values together or audit a coarser column (is it an id?)"
        }
    }
}
