extension NotebookPython {
    /// Checks the data file's SHA-256 against the recipe, reads it with pandas, and checks and loads the
    /// model file named in the manifest (its options give the cluster and weight columns). The model file is
    /// read as JSON data only; nothing in it is evaluated.
    static let data = csvData + "\n" + modelInput

    /// The CSV part of ``data``: the file's SHA-256, then `pandas.read_csv` with Glassbox's missing-value tokens.
    static let csvData = #"""
        digest = sha256_of(DATA_PATH)
        assert digest == CONTEXT["sha256"], f"{DATA_PATH} has SHA-256 {digest}, not the file the report was made from"
        # Missing values are exactly Glassbox's tokens (pandas' own list would read a level such as "None" as missing).
        df = pd.read_csv(DATA_PATH, sep=CONTEXT["delimiter"], keep_default_na=False, na_values=CONTEXT["missing"])
        print(f"{DATA_PATH}: {len(df)} rows, SHA-256 verified")
        """#

    /// The model file named in the manifest, checked and loaded (every source's data cell ends with it).
    static let modelInput = #"""
        # Other inputs named in the manifest (model file, uplift evaluations) are checked when used.
        MODEL_FILE = None
        for entry in REPORT["manifest"]["inputs"]:
            if entry["role"] == "model":
                digest = sha256_of(local(entry["path"]))
                assert digest == entry["sha256"], f"{local(entry['path'])} has SHA-256 {digest}, not the model file the report was made from"
                with open(local(entry["path"])) as f:
                    MODEL_FILE = json.load(f)
                print(f"{local(entry['path'])}: model file, SHA-256 verified")
        """#
}
