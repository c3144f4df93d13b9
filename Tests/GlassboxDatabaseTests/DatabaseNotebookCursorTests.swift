import Foundation
import GlassboxTestSupport
import Testing

/// The PostgreSQL notebook on the cursor path (`canonical-csv`): a server that refuses
/// `COPY (query) TO STDOUT`, as Redshift does, makes Glassbox fetch the rows through a cursor and hash
/// them in its canonical encoding; the notebook re-runs the query with psycopg and must verify that
/// digest. No hook in the product: the test's view calls a function that raises when the running
/// statement is a COPY, declared IMMUTABLE so that the planner evaluates it before the server starts the
/// copy (an error after that would fail the query instead of falling back, as it should).
@Suite("Database notebook, cursor path", .serialized) struct DatabaseNotebookCursorTests {
    @Test(.enabled(if: DatabaseNotebookTests.python != nil, "no Python with nbclient, nbformat and ipykernel"), .timeLimit(.minutes(5)))
    func postgresqlNotebookVerifiesCanonicalRows() throws {
        guard let server = DatabaseReaderTests.server() else { return }
        let dir = try Scratch()
        defer { dir.cleanup() }
        try server.load(csv: DatabaseNotebookTests.fixture, into: "cursor_voters")
        try server.psql("""
            CREATE OR REPLACE FUNCTION glassbox_refuse_copy() RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
            BEGIN
              IF upper(ltrim(current_query())) LIKE 'COPY%' THEN RAISE EXCEPTION 'COPY is not allowed on this server'; END IF;
              RETURN true;
            END $$;
            DROP VIEW IF EXISTS cursor_typed;
            CREATE VIEW cursor_typed AS SELECT *, age > 50 AS older, income::numeric(12,4) AS exact FROM cursor_voters
              WHERE glassbox_refuse_copy();
            """)
        // The server really refuses the COPY Glassbox sends first.
        #expect(throws: (any Error).self) { try server.psql("COPY (SELECT * FROM cursor_typed) TO STDOUT WITH (FORMAT csv, HEADER)") }
        try DatabaseNotebookTests.notebook(["--data", server.url(), "--query", "SELECT * FROM cursor_typed",
                                            "--where", "older >= 0 and (is_missing(exact) or exact > -1000000)"], in: dir)
        let model = try String(contentsOfFile: dir.path("m.json"), encoding: .utf8)
        #expect(model.contains("canonical-csv") && !model.contains("copy-csv"))
        let run = try NotebookPython.execute(DatabaseNotebookTests.python!, notebook: dir.path("r.ipynb"), in: dir.url)
        #expect(run.status == 0, "\(run.output)")
        DatabaseNotebookTests.expectChecksHold(run.output, source: "3000 rows from PostgreSQL 15.")
        // Changed rows are refused on this path too.
        try server.psql("UPDATE cursor_voters SET income = income + 1 WHERE age = 33")
        let again = try NotebookPython.execute(DatabaseNotebookTests.python!, notebook: dir.path("r.ipynb"), in: dir.url)
        #expect(again.status != 0 && again.output.contains("not the rows the report was made from"), "\(again.output)")
        try server.psql("DROP VIEW cursor_typed; DROP TABLE cursor_voters")
    }
}
