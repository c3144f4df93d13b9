import CGlassboxPQ
import GlassboxCore
#if canImport(Glibc)
import Glibc
#endif

/// A libpq connection: connect, describe a query, COPY it out or fetch it through a cursor.
final class PostgreSQLConnection {
    private let connection: OpaquePointer

    /// Connects with the URL as given; the password comes from `PGPASSWORD` or `~/.pgpass` (libpq).
    init(url: String) throws {
        // A 10-second connection timeout unless the URL or PGCONNECT_TIMEOUT sets one (libpq waits for
        // the operating system's TCP timeout otherwise, minutes for a firewalled host). The URL is
        // expanded after the default, so its own parameters win.
        var keywords = ["dbname"], values = [url]
        if ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil {
            keywords.insert("connect_timeout", at: 0)
            values.insert("10", at: 0)
        }
        let handle = PostgreSQLConnection.withCStrings(keywords) { k in
            PostgreSQLConnection.withCStrings(values) { v in PQconnectdbParams(k, v, 1) }
        }
        guard let handle else { throw DatabaseError.cannotOpen("cannot connect to PostgreSQL: out of memory") }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = PostgreSQLConnection.clean(String(cString: PQerrorMessage(handle)))
            PQfinish(handle)
            throw DatabaseError.cannotOpen("cannot connect to PostgreSQL: \(message)")
        }
        connection = handle
        _ = PQsetClientEncoding(connection, "UTF8")
        // Exact floats, ISO dates; a read-only session (best effort: a server may not know a setting).
        for setting in ["SET extra_float_digits = 3", "SET DateStyle = 'ISO, YMD'",
                        "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"] {
            PQclear(PQexec(connection, setting))
        }
    }

    func close() { PQfinish(connection) }

    /// Calls `body` with a NULL-terminated array of C strings.
    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { for p in copies { free(p) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// The server's `server_version` parameter (e.g. "15.14 (Debian 15.14-0+deb12u1)").
    var serverVersion: String {
        PQparameterStatus(connection, "server_version").map { String(cString: $0) } ?? "unknown"
    }

    /// The result columns of `sql` (names and type OIDs), from the server's description of the prepared
    /// statement; nothing runs.
    func describe(_ sql: String) throws -> [(name: String, oid: UInt32)] {
        try check(PQprepare(connection, "", sql, 0, nil), expect: PGRES_COMMAND_OK)
        let description = try check(PQdescribePrepared(connection, ""), expect: PGRES_COMMAND_OK, keep: true)
        defer { PQclear(description) }
        let count = Int(PQnfields(description))
        guard count > 0 else { throw DatabaseError.emptyResult("the query returns no columns") }
        return (0..<count).map { j in (String(cString: PQfname(description, Int32(j))), PQftype(description, Int32(j))) }
    }

    /// The kinds of `columns`; a column of a type Glassbox cannot read is refused, naming it and its type.
    func kinds(of columns: [(name: String, oid: UInt32)]) throws -> [PostgreSQLReader.Kind] {
        try columns.map { column in
            guard let kind = PostgreSQLReader.kind(ofTypeOID: column.oid) else {
                throw DatabaseError.unsupportedColumnType(column: column.name, type: typeName(column.oid))
            }
            return kind
        }
    }

    /// Streams `COPY (sql) TO STDOUT WITH (FORMAT csv, HEADER)` into `sink`; false when the server
    /// refuses the statement before any row (then nothing was added).
    func copy(_ sql: String, into sink: inout PostgreSQLRowSink) throws -> Bool {
        guard let started = PQexec(connection, "COPY (\(sql)\n) TO STDOUT WITH (FORMAT csv, HEADER)") else {
            throw DatabaseError.queryFailed(PostgreSQLConnection.clean(String(cString: PQerrorMessage(connection))))
        }
        let status = PQresultStatus(started)
        PQclear(started)
        guard status == PGRES_COPY_OUT else { return false }
        var header = true
        var fields: [String?] = []
        var failure: Error?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let count = PQgetCopyData(connection, &buffer, 0)
            if count < 0 { break }
            guard let buffer else { continue }
            defer { PQfreemem(buffer) }
            if failure != nil { continue }   // drain the rest so the connection ends cleanly
            let bytes = UnsafeRawBufferPointer(start: buffer, count: Int(count))
            sink.hasher.feed(bytes)
            if header { header = false; continue }
            do {
                try CopyCSVRecord.parse(bytes.bindMemory(to: UInt8.self), into: &fields)
                try sink.append(fields)
            } catch {
                failure = error
            }
        }
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            if failure == nil, PQresultStatus(result) != PGRES_COMMAND_OK {
                failure = DatabaseError.queryFailed(PostgreSQLConnection.clean(String(cString: PQresultErrorMessage(result))))
            }
        }
        if let failure { throw failure }
        return true
    }

    /// Runs `sql` through a server-side cursor, 10,000 rows a fetch, into `sink` (rows hashed in the
    /// canonical CSV encoding). The transaction is rolled back at the end: nothing is changed.
    func fetchWithCursor(_ sql: String, into sink: inout PostgreSQLRowSink) throws {
        try check(PQexec(connection, "BEGIN READ ONLY"), expect: PGRES_COMMAND_OK)
        defer { PQclear(PQexec(connection, "ROLLBACK")) }
        try check(PQexec(connection, "DECLARE glassbox_rows NO SCROLL CURSOR FOR \(sql)\n"), expect: PGRES_COMMAND_OK)
        var fields: [String?] = []
        while true {
            let batch = try check(PQexec(connection, "FETCH FORWARD 10000 FROM glassbox_rows"), expect: PGRES_TUPLES_OK, keep: true)
            defer { PQclear(batch) }
            let rows = Int(PQntuples(batch)), columns = Int(PQnfields(batch))
            if rows == 0 { break }
            for i in 0..<rows {
                fields.removeAll(keepingCapacity: true)
                for j in 0..<columns {
                    if PQgetisnull(batch, Int32(i), Int32(j)) != 0 {
                        fields.append(nil)
                        sink.hasher.appendNull()
                    } else {
                        let text = String(cString: PQgetvalue(batch, Int32(i), Int32(j)))
                        fields.append(text)
                        if sink.kinds[j] == .text || sink.kinds[j] == .date { sink.hasher.append(text) } else { sink.hasher.appendPlain(text) }
                    }
                }
                sink.hasher.endRow()
                try sink.append(fields)
            }
        }
    }

    /// The server's name for a type (for a message), e.g. "jsonb" or "timestamp with time zone".
    private func typeName(_ oid: UInt32) -> String {
        let text = "SELECT format_type(\(oid), NULL)"
        guard let result = PQexec(connection, text) else { return "oid \(oid)" }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_TUPLES_OK, PQntuples(result) == 1 else { return "oid \(oid)" }
        return String(cString: PQgetvalue(result, 0, 0))
    }

    /// Throws the server's message unless `result` has status `expect`; clears it unless `keep`.
    @discardableResult
    private func check(_ result: OpaquePointer?, expect: ExecStatusType, keep: Bool = false) throws -> OpaquePointer? {
        guard let result else {
            throw DatabaseError.queryFailed(PostgreSQLConnection.clean(String(cString: PQerrorMessage(connection))))
        }
        guard PQresultStatus(result) == expect else {
            let message = PostgreSQLConnection.clean(String(cString: PQresultErrorMessage(result)))
            PQclear(result)
            throw DatabaseError.queryFailed(message)
        }
        if !keep { PQclear(result) }
        return result
    }

    /// A libpq message on one line: trailing line breaks removed, inner ones joined with "; ".
    static func clean(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }
}

import Foundation
