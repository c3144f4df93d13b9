extension NotebookPython {
    /// Glassbox's canonical row encoding (`CanonicalRowHasher` in GlassboxDatabase) in Python: a header
    /// line, then one line per row ending in LF, fields separated by commas, NULL an empty field, a text
    /// quoted (`"` doubled) when it is empty or holds a comma, quote, CR or LF, or is `\.`; numbers as the
    /// database gives them in text (SQLite: an integer in decimal, a real in its shortest round-trip form,
    /// which Python's `repr` and Swift's description agree on). Also the SQL Glassbox ran: the recorded
    /// query or table, with only the recorded columns when it read a projection.
    static let canonicalRows = #"""
        import os

        def _gb_field(text):
            """A text value in the canonical encoding (PostgreSQL's COPY … (FORMAT csv) quoting)."""
            if text == "" or text == "\\." or any(c in text for c in ',"\n\r'):
                return '"' + text.replace('"', '""') + '"'
            return text

        class CanonicalRows:
            """SHA-256 of rows in the canonical encoding, one list of encoded fields a row."""
            def __init__(self, names):
                self.hash = hashlib.sha256()
                self.add([_gb_field(n) for n in names])
            def add(self, fields):
                self.hash.update((",".join(fields) + "\n").encode("utf-8"))
            def hexdigest(self):
                return self.hash.hexdigest()

        def _gb_identifier(name):
            return '"' + name.replace('"', '""') + '"'

        def _gb_sql(source):
            """The SQL Glassbox ran: the query or the whole table, or only the recorded columns of either."""
            columns = source["columns"]
            if source["table"] is not None:
                listed = "*" if columns is None else ", ".join(map(_gb_identifier, columns))
                return f"SELECT {listed} FROM {_gb_identifier(source['table'])}"
            if columns is None:
                return source["query"]
            return f"SELECT {', '.join(map(_gb_identifier, columns))} FROM ({source['query']}\n) AS glassbox_source"

        def _gb_number_text(v):
            """A number in a text column: an integral value below 2**53 without a decimal point."""
            return str(int(v)) if v == round(v) and abs(v) < 9007199254740992 else repr(float(v))
        """#

    /// Re-runs the recorded query (`_gb_sql`) and checks the rows' SHA-256 before building `df` as Glassbox's
    /// database readers do. **SQLite** (Python's `sqlite3`, read-only): a column with a text value that is
    /// not a missing-value token is text (its numbers written as `_gb_number_text`), else numeric; NULL and
    /// the missing-value tokens are missing. **PostgreSQL** (psycopg, the URL as given, so libpq reads
    /// `PGPASSWORD`/`~/.pgpass`): the session settings Glassbox uses (`extra_float_digits = 3`, ISO dates,
    /// UTF-8); the digest over the bytes of `COPY (sql) TO STDOUT WITH (FORMAT csv, HEADER)` (or the
    /// canonical encoding of the rows when Glassbox recorded `canonical-csv`, a server refusing COPY); the
    /// values fetched as the server's text and mapped by column type: numbers (NaN missing), booleans 1/0,
    /// dates days since 1970-01-01, text (missing-value tokens missing). Without psycopg or the server the
    /// notebook stops, saying which checks it skipped.
    static let databaseData = #"""
        _gb_source = CONTEXT["source"]
        _gb_query = _gb_sql(_gb_source)
        MISSING = set(CONTEXT["missing"])

        def _gb_text(values):
            return pd.Series([np.nan if v is None or v in MISSING else v for v in values], dtype=object)

        if _gb_source["kind"] == "sqlite":
            import urllib.parse
            try:
                import sqlite3
            except ImportError:
                raise ModuleNotFoundError("skipped the SHA-256 check of the rows and every re-check of the numbers below: "
                                          "this Python was built without its sqlite3 module") from None
            _gb_db = sqlite3.connect("file:" + urllib.parse.quote(os.path.abspath(DATA_PATH)) + "?mode=ro", uri=True)
            _gb_cursor = _gb_db.execute(_gb_query)
            _gb_names = [d[0] for d in _gb_cursor.description]
            _gb_rows = CanonicalRows(_gb_names)
            _gb_values = [[] for _ in _gb_names]
            for row in _gb_cursor:
                fields = []
                for j, v in enumerate(row):
                    if v is None:
                        fields.append("")
                    elif isinstance(v, int):
                        fields.append(str(v))
                    elif isinstance(v, float):
                        fields.append(repr(v))
                    elif isinstance(v, str):
                        fields.append(_gb_field(v))
                    else:
                        raise ValueError(f"column {_gb_names[j]!r} holds a BLOB, which Glassbox does not read")
                    _gb_values[j].append(v)
                _gb_rows.add(fields)
            _gb_db.close()
            _gb_columns = {}
            for name, values in zip(_gb_names, _gb_values):
                if any(isinstance(v, str) and v not in MISSING for v in values):
                    _gb_columns[name] = _gb_text([v if v is None or isinstance(v, str) else _gb_number_text(float(v)) for v in values])
                else:
                    _gb_columns[name] = pd.Series([np.nan if v is None or isinstance(v, str) else float(v) for v in values], dtype=float)
            _gb_server = "SQLite " + sqlite3.sqlite_version
        else:
            if importlib.util.find_spec("psycopg") is None:
                raise ModuleNotFoundError("skipped the SHA-256 check of the rows and every re-check of the numbers below: "
                                          "reading from PostgreSQL needs the Python package psycopg: pip install 'psycopg[binary]'")
            import datetime, psycopg
            from psycopg.adapt import Loader

            class _GbText(Loader):
                def load(self, data):
                    return bytes(data).decode("utf-8")

            _gb_kinds = {20: "number", 21: "number", 23: "number", 26: "number", 700: "number", 701: "number", 1700: "number",
                         16: "boolean", 1082: "date", 18: "text", 19: "text", 25: "text", 1042: "text", 1043: "text"}
            try:
                _gb_db = psycopg.connect(DATA_PATH, **({} if "PGCONNECT_TIMEOUT" in os.environ or "connect_timeout" in DATA_PATH else {"connect_timeout": 10}))
            except psycopg.OperationalError as error:
                raise ConnectionError("skipped the SHA-256 check of the rows and every re-check of the numbers below: "
                                      f"cannot connect to PostgreSQL: {error}".strip()) from None
            with _gb_db:
                for setting in ("SET extra_float_digits = 3", "SET DateStyle = 'ISO, YMD'", "SET client_encoding = 'UTF8'",
                                "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"):
                    _gb_db.execute(setting)
                _gb_db.commit()
                for oid in _gb_kinds:
                    _gb_db.adapters.register_loader(oid, _GbText)
                with _gb_db.cursor() as cursor:
                    cursor.execute(_gb_query)
                    _gb_names = [d.name for d in cursor.description]
                    _gb_types = [_gb_kinds.get(d.type_code) for d in cursor.description]
                    _gb_fetched = cursor.fetchall()
                if _gb_source["rowEncoding"] == "copy-csv":
                    _gb_rows = hashlib.sha256()
                    with _gb_db.cursor() as cursor:
                        with cursor.copy(f"COPY ({_gb_query}\n) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
                            for block in copy:
                                _gb_rows.update(block)
                else:
                    _gb_rows = CanonicalRows(_gb_names)
                    for row in _gb_fetched:
                        _gb_rows.add(["" if v is None else _gb_field(v) if t in ("text", "date") else v for v, t in zip(row, _gb_types)])
                _gb_server = "PostgreSQL " + _gb_db.execute("SHOW server_version").fetchone()[0]
                _gb_db.rollback()
            _gb_columns = {}
            for j, (name, kind) in enumerate(zip(_gb_names, _gb_types)):
                values = [row[j] for row in _gb_fetched]
                if kind == "text":
                    _gb_columns[name] = _gb_text(values)
                elif kind == "number":
                    _gb_columns[name] = pd.Series([np.nan if v is None else float(v) for v in values], dtype=float)
                elif kind == "boolean":
                    _gb_columns[name] = pd.Series([np.nan if v is None else 1.0 if v == "t" else 0.0 for v in values], dtype=float)
                elif kind == "date":
                    epoch = datetime.date(1970, 1, 1)
                    _gb_columns[name] = pd.Series([np.nan if v is None else float((datetime.date.fromisoformat(v) - epoch).days) for v in values], dtype=float)
                else:
                    raise ValueError(f"column {name!r} has a type Glassbox does not read")
        assert len(set(_gb_names)) == len(_gb_names), "the query repeats a column name; Glassbox renamed the repeats, give each column its own name"
        digest = _gb_rows.hexdigest()
        assert digest == CONTEXT["sha256"], f"the rows of the query have SHA-256 {digest}, not the rows the report was made from"
        df = pd.DataFrame(_gb_columns)
        print(f"{len(df)} rows from {_gb_server}, SHA-256 of the rows verified")
        """#
}
