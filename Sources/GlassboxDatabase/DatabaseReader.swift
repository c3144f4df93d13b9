import GlassboxCore
import GlassboxTabular

/// Reads a table from a database — a SQLite file or a PostgreSQL server — into the same
/// `CSVReadResult` the CSV reader returns, so every analysis reads it alike.
///
/// **Locations.** `sqlite:PATH` (also `sqlite:///abs/path`), opened read-only; `postgresql://user@host:port/db`
/// or `postgres://…`, passed to libpq as given, including Unix-socket hosts (`postgresql:///db?host=/run/postgresql`)
/// and parameters such as `sslmode`. A password in the URL is refused (``DatabaseError/passwordInLocation``):
/// libpq takes it from `PGPASSWORD` or `~/.pgpass`, so it never appears on a command line, in a manifest or
/// in a message.
///
/// **What is read**: a `query` (one SELECT statement; a trailing `;` is ignored) or every column of a
/// `table` (its name quoted as an identifier, never spliced into SQL as text) — exactly one of them.
///
/// **Why Debian's C libraries** (libsqlite3, libpq) rather than GRDB.swift or postgres-nio: reading is
/// synchronous and streamed row by row, which is all a batch command needs; nothing async or SwiftNIO
/// has to be built; and libpq is the library psql uses, with its handling of `~/.pgpass`, `PGSSLMODE`,
/// service files and Unix sockets.
///
/// **Types, the digest and the fallback** are described in docs/databases.md (and on the internal `SQLiteReader` and `PostgreSQLReader`):
/// numbers, booleans (1/0) and dates (days since 1970-01-01) become numeric columns, text becomes
/// categorical, other types are refused naming the column. `sha256` is the SHA-256 of the rows as read in
/// PostgreSQL's `COPY … (FORMAT csv, HEADER)` encoding (the bytes the server sent, or the same encoding
/// written by Glassbox); `byteCount` is their length. The result also carries the manifest record
/// (`Provenance/DatabaseQuery`): kind, query or table, server version, digest encoding.
public enum DatabaseReader {
    /// Whether `location` names a database (`sqlite:` or `postgresql://`/`postgres://`) rather than a file.
    public static func isDatabaseLocation(_ location: String) -> Bool {
        location.hasPrefix("sqlite:") || location.hasPrefix("postgresql://") || location.hasPrefix("postgres://")
    }

    /// The database file a `sqlite:PATH` location names (`sqlite:///abs/path` → `/abs/path`); nil for any
    /// other location.
    public static func sqlitePath(of location: String) -> String? {
        guard case .sqlite(let path)? = try? DatabaseLocation(location) else { return nil }
        return path
    }

    /// Reads the rows of `query`, or of the whole `table`, from the database at `location`.
    ///
    /// `options` supplies the missing-value tokens applied to text values, the memory bound
    /// (`CSVOptions/maximumTableBytes`) and the result columns to read (`CSVOptions/columns`; its delimiter
    /// does not apply). With columns, the database sends only those: a query is wrapped as
    /// `SELECT "a", "b" FROM (query) AS glassbox_source`, a table's columns are selected by name. Names the
    /// result lacks are ignored (the table lacks them); a result that repeats a name is read whole. The
    /// record's `columns` lists the columns read (nil when all were), and `sha256` digests the rows as read:
    /// of those columns only, so it matches another read of the same columns, not a read of all of them.
    /// Throws ``DatabaseError``: ``DatabaseError/isUnavailable`` for a database that cannot be opened or
    /// reached, the other cases for a problem of the query or its data.
    public static func read(location: String, query: String?, table: String?,
                            options: CSVOptions = CSVOptions()) throws -> (result: CSVReadResult, source: Provenance.DatabaseQuery) {
        try read(location: location, query: query, table: table, options: options, copyAllowed: true)
    }

    /// ``read(location:query:table:options:)`` with COPY optionally disabled, so tests reach the cursor
    /// path a server such as Redshift takes.
    package static func read(location: String, query: String?, table: String?, options: CSVOptions,
                             copyAllowed: Bool) throws -> (result: CSVReadResult, source: Provenance.DatabaseQuery) {
        guard let parsed = try DatabaseLocation(location) else { throw DatabaseError.unknownLocation(location) }
        let selection = try DatabaseSelection(query: query, table: table)
        switch parsed {
        case let .sqlite(path):
            let (result, source) = try SQLiteReader.read(path: path, selection: selection, options: options)
            return (result, source)
        case let .postgresql(url):
            let (result, source) = try PostgreSQLReader.read(url: url, selection: selection, options: options, copyAllowed: copyAllowed)
            return (result, source)
        }
    }
}
