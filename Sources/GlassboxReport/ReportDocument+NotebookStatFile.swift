extension NotebookPython {
    /// Checks a Stata/SPSS/SAS file's SHA-256 and re-reads it with pyreadstat the way Glassbox's reader
    /// (`StatFileReader`) does: the package chosen by the file's extension; extended (`.a`–`.z`, `.A`–`.Z`, `._`)
    /// and user-defined missing values missing; an empty string missing; value labels applied (an unlabelled
    /// code becomes its number as text) unless `CONTEXT["source"]["valueCodes"]`; a SAS file's format catalog
    /// not read; dates, date-times and times of an unlabelled numeric variable converted to days since
    /// 1970-01-01, seconds since 1970-01-01 00:00:00 and seconds, with the same arithmetic (docs/stata-spss-sas.md).
    /// Without pyreadstat the notebook stops, saying which checks it skipped.
    static let statFileData = #"""
        digest = sha256_of(DATA_PATH)
        assert digest == CONTEXT["sha256"], f"{DATA_PATH} has SHA-256 {digest}, not the file the report was made from"
        print(f"{DATA_PATH}: SHA-256 verified")
        if importlib.util.find_spec("pyreadstat") is None:
            raise ModuleNotFoundError(f"skipped every re-check of the numbers below: reading {DATA_PATH} needs the Python package pyreadstat: pip install pyreadstat")
        import pyreadstat

        _gb_package = {"dta": "stata", "sav": "spss", "zsav": "spss", "sas7bdat": "sas"}[DATA_PATH.rsplit("/", 1)[-1].rsplit(".", 1)[-1].lower()]
        # Codes rather than labels, extended and user-defined missing values as NaN, dates as the stored numbers.
        if _gb_package == "sas":
            _gb_raw, _gb_meta = pyreadstat.read_sas7bdat(DATA_PATH, user_missing=False, disable_datetime_conversion=True)
        else:
            _gb_read = pyreadstat.read_dta if _gb_package == "stata" else pyreadstat.read_sav
            _gb_raw, _gb_meta = _gb_read(DATA_PATH, apply_value_formats=False, user_missing=False, disable_datetime_conversion=True)

        def _gb_code_text(v):
            """An unlabelled code as a level: an integer without a decimal point."""
            return str(int(v)) if v == round(v) and abs(v) < 1e15 else repr(float(v))

        def _gb_temporal(fmt):
            """'date', 'datetime', 'time' or None, from a variable's display format, as Glassbox decides."""
            if _gb_package == "stata":
                if not fmt.startswith("%"):
                    return None
                f = fmt[1:].removeprefix("-")
                return "datetime" if f.startswith(("tc", "tC")) else "date" if f.startswith(("td", "d")) else None
            name = fmt.upper().rstrip("0123456789.")
            if _gb_package == "spss":
                return ("date" if name in ("DATE", "ADATE", "EDATE", "SDATE", "JDATE", "QYR", "MOYR", "WKYR") else
                        "datetime" if name in ("DATETIME", "YMDHMS") else "time" if name in ("TIME", "DTIME", "MTIME") else None)
            if name in ("DATETIME", "DATEAMPM", "E8601DT", "B8601DT", "IS8601DT", "NLDATM", "MDYAMPM"):
                return "datetime"
            if name in ("TIME", "TIMEAMPM", "HHMM", "HOUR", "MMSS", "TOD", "E8601TM", "B8601TM", "IS8601TM", "NLTIME"):
                return "time"
            if name in ("DATE", "DAY", "WEEKDATE", "WEEKDATX", "WORDDATE", "WORDDATX", "MONYY", "YYMON", "MMYY", "YYMM", "YYQ", "JULIAN",
                        "NLDATE", "E8601DA", "B8601DA", "IS8601DA", "YEAR", "MONTH", "QTR", "WEEKDAY", "DOWNAME") or name.startswith(("MMDDYY", "DDMMYY", "YYMMDD")):
                return "date"
            return None

        def _gb_convert(kind, v):
            """Stored numbers in Glassbox's units: days or seconds since 1970-01-01 (epoch shift before any division)."""
            if kind == "time":
                return v
            if kind == "date":
                return (v - 12219379200.0) / 86400 if _gb_package == "spss" else v - 3653.0
            return {"stata": lambda: (v - 315619200.0 * 1000) / 1000, "sas": lambda: v - 315619200.0, "spss": lambda: v - 12219379200.0}[_gb_package]()

        _gb_columns = {}
        for name in _gb_raw.columns:
            values = _gb_raw[name]
            labelled = _gb_package != "sas" and bool(_gb_meta.variable_to_label.get(name))
            labels = {} if _gb_package == "sas" or CONTEXT["source"]["valueCodes"] else _gb_meta.variable_value_labels.get(name, {})
            if _gb_meta.readstat_variable_types.get(name) == "string":
                texts = [None if v is None or (isinstance(v, float) and math.isnan(v)) or v == "" else v for v in values]
                labels = {k: v for k, v in labels.items() if isinstance(k, str)}
                _gb_columns[name] = pd.Series([np.nan if t is None else labels.get(t, t) for t in texts], dtype=object)
                continue
            numbers = values.to_numpy(dtype=float, na_value=np.nan)
            labels = {k: v for k, v in labels.items() if isinstance(k, (int, float)) and not isinstance(k, bool)}
            if labels:
                _gb_columns[name] = pd.Series([np.nan if math.isnan(v) else labels.get(v, _gb_code_text(v)) for v in numbers], dtype=object)
                continue
            kind = None if labelled else _gb_temporal(_gb_meta.original_variable_types.get(name) or "")
            _gb_columns[name] = pd.Series(numbers if kind is None else _gb_convert(kind, numbers))
        df = pd.DataFrame(_gb_columns)
        print(f"{DATA_PATH}: {len(df)} rows read with pyreadstat {pyreadstat.__version__}")
        """#
}
