/// Every problem reading a database: the source could not be opened or reached (``isUnavailable``),
/// or the query, its columns or its rows cannot be used. Messages never contain a password.
public enum DatabaseError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The location is not `sqlite:PATH` or `postgresql://…`.
    case unknownLocation(String)
    /// A password was written into the connection URL; it must come from `PGPASSWORD` or `~/.pgpass`.
    case passwordInLocation
    /// Both a query and a table were given, or neither.
    case querySelection(String)
    /// The database file could not be opened, or the server could not be reached or refused the login.
    case cannotOpen(String)
    /// The query failed; the database's own message.
    case queryFailed(String)
    /// A result column whose type Glassbox cannot read (a BLOB, a JSON or timestamp column, …).
    case unsupportedColumnType(column: String, type: String)
    /// A value that cannot be used in its column (an infinite number, a date out of range, …).
    case badValue(column: String, message: String)
    /// The query returned no columns or no rows.
    case emptyResult(String)
    /// The rows read so far need more memory than allowed (`CSVOptions/maximumTableBytes`).
    case tooLarge(String)

    /// Whether the source itself is unavailable (a missing file, a refused connection, a failed login)
    /// rather than a problem of the query or its data.
    public var isUnavailable: Bool {
        if case .cannotOpen = self { return true }
        return false
    }

    /// The message shown to the user.
    public var description: String {
        switch self {
        case let .unknownLocation(text):
            return "'\(text)' is not a database location: use sqlite:PATH or postgresql://user@host:port/database"
        case .passwordInLocation:
            return "the PostgreSQL connection URL contains a password; remove it and set PGPASSWORD or use ~/.pgpass instead (a password on the command line is visible to other users)"
        case let .querySelection(message), let .cannotOpen(message), let .emptyResult(message), let .tooLarge(message):
            return message
        case let .queryFailed(message):
            return "the database query failed: \(message)"
        case let .unsupportedColumnType(column, type):
            return "column '\(column)' has type \(type), which Glassbox cannot read; cast it in the query to a number, boolean, date or text"
        case let .badValue(column, message):
            return "column '\(column)': \(message)"
        }
    }
}
