import CGlassboxPQ
import GlassboxCore
import GlassboxTabular
#if canImport(Glibc)
import Glibc
#endif

/// Reads a query's rows from PostgreSQL (or a server speaking its protocol, as Redshift does) through
/// libpq, the library psql uses: synchronous, streamed row by row, with libpq's own handling of
/// `PGPASSWORD`, `~/.pgpass`, `PGSSLMODE` and Unix-socket hosts.
///
/// **Steps.** (1) Connect; set `extra_float_digits = 3` (every float printed exactly) and `DateStyle = ISO`,
/// make the session read-only. (2) Prepare the query and ask the server for its result columns' types
/// (`PQdescribePrepared`: nothing runs), refusing a type Glassbox cannot read before any row is fetched.
/// (3) Stream the rows with `COPY (query) TO STDOUT WITH (FORMAT csv, HEADER)`, one CSV record per
/// message; the digest is of exactly these bytes. (4) When the server refuses that statement (it fails
/// before sending any row; Redshift does not allow COPY to STDOUT), run the query through a server-side
/// cursor (`DECLARE … NO SCROLL CURSOR`, `FETCH FORWARD 10000`) and hash the same CSV encoding written by
/// Glassbox (``CanonicalRowHasher``). A query that fails while running fails the same way in both.
///
/// **Types** come from the server, not from the text: smallint, integer, bigint, real, double precision,
/// numeric and oid are numbers (NaN is missing; ±Infinity is refused); boolean is 1 (true) or 0 (false);
/// date is the number of days since 1970-01-01 (negative before); text, varchar, char and name are text
/// (categorical; a text column of digits stays text), a value equal to a missing-value token is missing
/// as in a CSV file; NULL is missing. Any other type is refused naming the column (cast it in the query).
enum PostgreSQLReader {
    enum Kind { case number, boolean, date, text }

    static func kind(ofTypeOID oid: UInt32) -> Kind? {
        switch oid {
        case 20, 21, 23, 26, 700, 701, 1700: .number
        case 16: .boolean
        case 1082: .date
        case 18, 19, 25, 1042, 1043: .text
        default: nil
        }
    }

    static func read(url: String, selection: DatabaseSelection, options: CSVOptions,
                     copyAllowed: Bool = true) throws -> (CSVReadResult, Provenance.DatabaseQuery) {
        let connection = try PostgreSQLConnection(url: url)
        defer { connection.close() }
        let described = try connection.describe(selection.sql)
        // Only the wanted columns (DatabaseProjection): the others are never sent, nor their types checked.
        let projection = DatabaseProjection(resultNames: described.map(\.name), wanted: options.columns)
        let sql = projection.sql(selection)
        let kept = projection.indices.map { described[$0] }
        let columns = try zip(kept, connection.kinds(of: kept)).map { (name: $0.name, kind: $1) }
        let (names, warnings) = uniqueColumnNames(columns.map(\.name))
        var sink = PostgreSQLRowSink(names: names, kinds: columns.map(\.kind), options: options)
        var encoding = "copy-csv"
        let copied = try copyAllowed && connection.copy(sql, into: &sink)
        if !copied {
            encoding = "canonical-csv"
            sink = PostgreSQLRowSink(names: names, kinds: columns.map(\.kind), options: options)
            for column in columns { sink.hasher.append(column.name) }
            sink.hasher.endRow()
            try connection.fetchWithCursor(sql, into: &sink)
        }
        guard sink.rows > 0 else { throw DatabaseError.emptyResult("the query returned no rows") }
        let table = try Table(names: names, columns: sink.builders.map { $0.finish() })
        var origin = Provenance.DatabaseQuery(kind: "postgresql", selection: selection,
                                               serverVersion: connection.serverVersion, rowEncoding: encoding)
        origin.columns = projection.columns
        return (CSVReadResult(table: table, warnings: warnings, sha256: sink.hasher.finalizeHex(), byteCount: sink.hasher.byteCount), origin)
    }
}

/// Turns each row's field texts into column values of the server-given kinds, and hashes the rows.
struct PostgreSQLRowSink {
    let names: [String]
    let kinds: [PostgreSQLReader.Kind]
    let options: CSVOptions
    var builders: [DatabaseColumnBuilder]
    var hasher = CanonicalRowHasher()
    var rows = 0

    init(names: [String], kinds: [PostgreSQLReader.Kind], options: CSVOptions) {
        self.names = names
        self.kinds = kinds
        self.options = options
        builders = zip(names, kinds).map { DatabaseColumnBuilder(name: $0, text: $1 == .text) }
    }

    /// One row: a field text per column, nil for NULL.
    mutating func append(_ fields: [String?]) throws {
        guard fields.count == kinds.count else {
            throw DatabaseError.queryFailed("a row has \(fields.count) fields, the result has \(kinds.count) columns")
        }
        for (j, field) in fields.enumerated() {
            guard let text = field else { builders[j].appendMissing(); continue }
            switch kinds[j] {
            case .text:
                if options.missingTokens.contains(text) { builders[j].appendMissing() } else { builders[j].append(text: text) }
            case .number:
                guard let value = Double(text) else { throw bad(j, "'\(text)' is not a number") }
                if value.isNaN { builders[j].appendMissing(); continue }
                guard value.isFinite else { throw bad(j, "row \(rows + 1) holds an infinite number") }
                builders[j].append(number: value)
            case .boolean:
                guard text == "t" || text == "f" else { throw bad(j, "'\(text)' is not a boolean") }
                builders[j].append(number: text == "t" ? 1 : 0)
            case .date:
                guard let days = PostgreSQLRowSink.daysSinceEpoch(text) else {
                    throw bad(j, "the date '\(text)' cannot be read (only dates of years 1–9999 are, as days since 1970-01-01)")
                }
                builders[j].append(number: Double(days))
            }
        }
        rows += 1
        try checkSize(rows: rows, columns: kinds.count, options: options)
    }

    private func bad(_ column: Int, _ message: String) -> DatabaseError {
        .badValue(column: names[column], message: message)
    }

    /// Days from 1970-01-01 to an ISO date `YYYY-MM-DD` of the proleptic Gregorian calendar (negative
    /// before 1970); nil for anything else (`infinity`, BC dates, years beyond 9999).
    /// Days-from-civil after H. Hinnant, "chrono-Compatible Low-Level Date Algorithms".
    static func daysSinceEpoch(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y0 = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d), y0 >= 1 else { return nil }
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }
}
