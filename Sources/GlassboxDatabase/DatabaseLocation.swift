/// Where a table comes from: a SQLite file or a PostgreSQL connection URL.
enum DatabaseLocation: Equatable {
    /// `sqlite:PATH`.
    case sqlite(path: String)
    /// `postgresql://…` or `postgres://…`, passed to libpq as given (it contains no password).
    case postgresql(url: String)

    /// The location `text` names, nil when it names neither kind (a CSV path). A PostgreSQL URL with a
    /// password (`user:secret@host` or a `password=` parameter) is refused without echoing it.
    init?(_ text: String) throws {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }   // sqlite:///abs/path → /abs/path
            // SQLite would open an empty temporary database for "" (and an in-memory one for ":memory:").
            guard !path.isEmpty, path != ":memory:" else { throw DatabaseError.cannotOpen("sqlite: needs the path of a database file, e.g. sqlite:voters.db") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") {
            if DatabaseLocation.containsPassword(text) { throw DatabaseError.passwordInLocation }
            self = .postgresql(url: text)
        } else {
            return nil
        }
    }

    /// Whether a connection URL carries a password in its user information or its parameters.
    static func containsPassword(_ url: String) -> Bool {
        guard let schemeEnd = url.range(of: "://") else { return false }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") { return true }
        if let question = rest.firstIndex(of: "?") {
            for parameter in rest[rest.index(after: question)...].split(separator: "&") {
                let key = parameter.prefix { $0 != "=" }.lowercased()
                if key == "password" { return true }
            }
        }
        return false
    }
}

/// What to read: a query, or every column of a table.
enum DatabaseSelection: Equatable {
    case query(String)
    case table(String)

    /// Exactly one of `query` and `table`.
    init(query: String?, table: String?) throws {
        switch (query, table) {
        case let (q?, nil):
            let trimmed = DatabaseSelection.trimmed(q)
            guard !trimmed.isEmpty else { throw DatabaseError.querySelection("the query is empty") }
            self = .query(trimmed)
        case let (nil, t?):
            guard !t.isEmpty else { throw DatabaseError.querySelection("the table name is empty") }
            self = .table(t)
        case (nil, nil):
            throw DatabaseError.querySelection("a database source needs a query or a table name: give one of them")
        case (_?, _?):
            throw DatabaseError.querySelection("give a query or a table name, not both")
        }
    }

    /// The query without surrounding white space or trailing semicolons (it is wrapped in COPY (…)).
    static func trimmed(_ query: String) -> String {
        var text = Substring(query)
        while let last = text.last, last.isWhitespace || last == ";" { text.removeLast() }
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        return String(text)
    }

    /// The SQL to run, with a table name quoted as an identifier (`"` doubled), never spliced as SQL.
    var sql: String {
        switch self {
        case let .query(text): text
        case let .table(name): "SELECT * FROM " + DatabaseSelection.quotedIdentifier(name)
        }
    }

    static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
