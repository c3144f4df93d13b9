extension NotebookPython {
    /// The first code cell: where the data are (`__DATA_PATH__`, relative to the notebook's folder), imports,
    /// the recipe as JSON (`__CONTEXT__`; both replaced by Python string literals from ``Escaping/python(_:)``),
    /// small helpers, and a check that every Python package the report's sections need is installed (a missing
    /// one stops the notebook with its name and the `pip install` line). The report itself comes in the next cell.
    static let setup = #"""
        # The data file, relative to the folder holding this notebook (Jupyter's working directory).
        # Point DATA_PATH elsewhere if you keep the data in another place: its SHA-256 is still checked.
        DATA_PATH = __DATA_PATH__

        import hashlib, importlib.util, json, math, re, warnings
        try:
            from IPython.display import SVG, display
        except ImportError:  # plain Python: charts are skipped
            SVG = lambda s: s
            display = lambda *a, **k: None

        # How the score arose and how the audit decided (the model's design encoding is data: see the model cell).
        CONTEXT = json.loads(__CONTEXT__)

        def blocks(prefix):
            """(section, blocks) of the sections whose id is `prefix` or starts with `prefix-`."""
            for s in REPORT["sections"]:
                if s["id"] == prefix or s["id"].startswith(prefix + "-"):
                    yield s, s["blocks"]

        def key_value(section, key):
            for b in section["blocks"]:
                if b["type"] == "keyValues":
                    for item in b["items"]:
                        if item["key"] == key:
                            return item["value"]
            return None

        def rounding_tolerance(text):
            """Half a unit in the last digit of a number as the report prints it (its text, not its value)."""
            mantissa, _, exponent = text.strip().partition("e")
            decimals = len(mantissa.partition(".")[2])
            return 0.5 * 10.0 ** (-decimals + (int(exponent) if exponent else 0)) * (1 + 1e-9)

        def local(path):
            """An input named in the report's manifest, as this notebook opens it (relative to its folder)."""
            return CONTEXT["paths"].get(path, path)

        def sha256_of(path):
            with open(path, "rb") as f:
                return hashlib.sha256(f.read()).hexdigest()

        # Which Python packages the sections of this report need; a missing one stops here with its name.
        needed = {"numpy": "numpy", "pandas": "pandas"}
        ids = CONTEXT["sectionIds"]
        if CONTEXT["design"] or CONTEXT.get("lookalike"):
            needed["statsmodels"] = "statsmodels"
        if any(i.startswith("explain") for i in ids):
            needed["sklearn"] = "scikit-learn"
        if CONTEXT["groups"]:
            needed.update({"fairlearn": "fairlearn", "sklearn": "scikit-learn"})
        if any(i.startswith("uplift") or i.endswith("-uplift") for i in ids):
            needed["sklift"] = "scikit-uplift"
        missing = [package for module, package in needed.items() if importlib.util.find_spec(module) is None]
        if missing:
            raise ModuleNotFoundError("this notebook needs the Python package(s) " + ", ".join(missing)
                                      + " to re-check the report: pip install " + " ".join(missing))
        import numpy as np
        import pandas as pd
        print("packages available: " + ", ".join(sorted(set(needed.values()))))
        # scikit-uplift 0.5 calls a scikit-learn helper deprecated in 1.8: not our concern here.
        warnings.filterwarnings("ignore", category=FutureWarning, module="sklearn")
        """#
}
