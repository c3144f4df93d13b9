extension NotebookPython {
    /// Checks the data file's SHA-256 against the recipe, reads it with pandas, and checks and loads the
    /// model file named in the manifest (its options give the cluster and weight columns).
    static let data = #"""
        path = CONTEXT["dataPath"]
        digest = sha256_of(path)
        assert digest == CONTEXT["sha256"], f"{path} has SHA-256 {digest}, not the file the report was made from"
        df = pd.read_csv(path, sep=CONTEXT["delimiter"], na_values=["NA", "NaN", "null", "N/A"])
        print(f"{path}: {len(df)} rows, SHA-256 verified")
        # Other inputs named in the manifest (model file, uplift evaluations) are checked when used.
        MODEL_FILE = None
        for entry in REPORT["manifest"]["inputs"]:
            if entry["role"] == "model":
                digest = sha256_of(entry["path"])
                assert digest == entry["sha256"], f"{entry['path']} has SHA-256 {digest}, not the model file the report was made from"
                with open(entry["path"]) as f:
                    MODEL_FILE = json.load(f)
                print(f"{entry['path']}: model file, SHA-256 verified")
        """#
}
