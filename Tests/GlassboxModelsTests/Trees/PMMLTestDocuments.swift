/// Small hand-written PMML documents for the importer's semantics and malformed-input tests. Fields: `y`
/// (target, classes 0 and 1), `x` (continuous double), `f` (continuous float), `g` (categorical: a, b, "c d").
enum PMMLTestDocuments {
    static let dictionary = """
        <DataDictionary>
          <DataField name="y" optype="categorical" dataType="integer"><Value value="0"/><Value value="1"/></DataField>
          <DataField name="x" optype="continuous" dataType="double"/>
          <DataField name="f" optype="continuous" dataType="float"/>
          <DataField name="g" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/><Value value="c d"/></DataField>
        </DataDictionary>
        """
    static let schema = """
        <MiningSchema><MiningField name="y" usageType="target"/><MiningField name="x"/><MiningField name="f"/><MiningField name="g"/></MiningSchema>
        """

    static func document(_ model: String, dictionary: String = dictionary, version: String = "4.4") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <PMML xmlns="http://www.dmg.org/PMML-4_4" version="\(version)">
          <Header><Application name="hand" version="1"/></Header>
          \(dictionary)
          \(model)
        </PMML>
        """
    }

    /// A classification leaf with probability `p` of class 1.
    static func leaf(_ predicate: String, _ p: Double, id: String = "") -> String {
        """
        <Node\(id.isEmpty ? "" : " id=\"\(id)\"") score="\(p >= 0.5 ? 1 : 0)">\(predicate)<ScoreDistribution value="0" recordCount="\(1 - p)"/><ScoreDistribution value="1" recordCount="\(p)"/></Node>
        """
    }

    /// A classification tree: `x <= 1` → 0.2, else 0.7 (attributes and schema overridable).
    static func stump(attributes: String = "", schema: String = schema, predicate: String = #"<SimplePredicate field="x" operator="lessOrEqual" value="1"/>"#,
                      other: String = "<True/>") -> String {
        """
        <TreeModel functionName="classification" \(attributes)>\(schema)
          <Node score="0"><True/><ScoreDistribution value="0" recordCount="0.5"/><ScoreDistribution value="1" recordCount="0.5"/>
            \(leaf(predicate, 0.2, id: "L"))\(leaf(other, 0.7, id: "R"))
          </Node>
        </TreeModel>
        """
    }
}
