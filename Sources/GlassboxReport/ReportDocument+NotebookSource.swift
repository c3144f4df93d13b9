import GlassboxCore

extension NotebookRecipe {
    /// How the notebook re-reads the data before it re-checks anything.
    public enum Source: Sendable, Equatable {
        /// A delimited text file, read with `pandas.read_csv` (the default).
        case csv
        /// A Stata (`.dta`), SPSS (`.sav`, `.zsav`) or SAS (`.sas7bdat`) file, chosen by its extension as
        /// Glassbox chooses it, read with pyreadstat; `keepValueCodes` as `StatFileOptions.keepValueCodes`
        /// (value-labelled variables kept as their codes instead of their label texts).
        case statFile(keepValueCodes: Bool)
        /// The rows of a database query (`record`: the manifest's record of what was read): SQLite through
        /// Python's `sqlite3`, PostgreSQL through psycopg. The notebook's `DATA_PATH` is then the SQLite file
        /// or the PostgreSQL connection URL (which never holds a password: libpq reads `PGPASSWORD` or `~/.pgpass`).
        case database(Provenance.DatabaseQuery)
    }

    /// What the notebook's `CONTEXT["source"]` holds about a source other than CSV (nil for CSV, which
    /// then has no such key, so a CSV notebook is unchanged).
    var sourceJSON: JSONValue? {
        switch source {
        case .csv:
            return nil
        case .statFile(let keepValueCodes):
            return .object([("kind", .string("statfile")), ("valueCodes", .bool(keepValueCodes))])
        case .database(let record):
            var pairs: [(String, JSONValue)] = [("kind", .string(record.kind))]
            pairs.append(("query", record.query.map(JSONValue.string) ?? .null))
            pairs.append(("table", record.table.map(JSONValue.string) ?? .null))
            pairs.append(("columns", record.columns.map { .array($0.map(JSONValue.string)) } ?? .null))
            pairs.append(("rowEncoding", .string(record.rowEncoding)))
            return .object(pairs)
        }
    }
}

extension ReportDocument {
    /// The cell that checks and reads the data, for the recipe's source.
    static func notebookDataCell(_ recipe: NotebookRecipe) -> String {
        switch recipe.source {
        case .csv: NotebookPython.data
        case .statFile: NotebookPython.statFileData + "\n" + NotebookPython.modelInput
        case .database: NotebookPython.canonicalRows + "\n" + NotebookPython.databaseData + "\n" + NotebookPython.modelInput
        }
    }

    /// The introduction's first check: what is verified and how the data are read.
    static func notebookReadCheck(_ recipe: NotebookRecipe) -> String {
        switch recipe.source {
        case .csv:
            "verifies the SHA-256 of the data file (and of every other input the report names: model file, uplift evaluations) and reloads it with pandas"
        case .statFile:
            "verifies the SHA-256 of the data file (and of every other input the report names: model file, uplift evaluations) and reloads it with pyreadstat, applying value labels, extended and user-defined missing values and date units as Glassbox did"
        case .database(let record) where record.kind == "sqlite":
            "re-runs the recorded query on the SQLite database with Python's sqlite3, verifies the SHA-256 of the rows it returns (the same canonical CSV encoding Glassbox hashed) and of every other input the report names, and builds the table as Glassbox did"
        case .database:
            "re-runs the recorded query on the PostgreSQL server with psycopg (the connection URL holds no password: libpq reads PGPASSWORD or ~/.pgpass), verifies the SHA-256 of the rows it returns (the bytes of COPY … TO STDOUT WITH (FORMAT csv, HEADER), as Glassbox hashed them) and of every other input the report names, and builds the table as Glassbox did; when psycopg or the server is unavailable it says so and skips every re-check"
        }
    }

    /// The introduction's last sentence: where the data are and how to point the notebook at them.
    static func notebookDataLocation(_ recipe: NotebookRecipe) -> String {
        switch recipe.source {
        case .database(let record) where record.kind != "sqlite":
            "The connection URL is `DATA_PATH` in the first code cell (\(Escaping.markdown(recipe.dataPath))); change it there if the server is elsewhere."
        default:
            "The data file is opened as `DATA_PATH` in the first code cell (\(Escaping.markdown(recipe.dataPath))), relative to the folder holding this notebook (Jupyter's working directory); change it there if the data are elsewhere."
        }
    }
}
