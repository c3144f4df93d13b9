import Foundation
import GlassboxTestSupport
import Testing
@testable import GlassboxModels

/// Every malformed or unsupported PMML document is a specific error naming the element; hostile XML
/// (entity bombs, external entities, deep nesting) is refused before or while parsing, never expanded.
@Suite struct PMMLMalformedTests {
    typealias D = PMMLTestDocuments

    /// The message of the error importing `text`, or nil when it imports.
    static func error(_ text: String) -> String? {
        do {
            _ = try PMMLModel.importEnsemble(bytes: Array(text.utf8), fileName: "model.pmml")
            return nil
        } catch {
            return "\(error)"
        }
    }

    static let fixture: String = {
        (try? String(contentsOf: Repository.fixture("reference/trees/pmml-gbm.pmml"), encoding: .utf8)) ?? ""
    }()

    @Test func documentsImport() {
        #expect(Self.error(D.document(D.stump())) == nil)
        #expect(Self.error(Self.fixture) == nil)
    }

    static let bomb = """
        <?xml version="1.0"?>
        <!DOCTYPE PMML [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
        <PMML version="4.4"><Header copyright="&c;"/></PMML>
        """
    static let external = """
        <?xml version="1.0"?><!doctype PMML [<!ENTITY x SYSTEM "file:///etc/passwd">]><PMML version="4.4">&x;</PMML>
        """
    static let deep = "<PMML version=\"4.4\">" + String(repeating: "<Extension>", count: 600) + String(repeating: "</Extension>", count: 600) + "</PMML>"

    @Test(arguments: [
        ("", "not well-formed"),
        ("not xml at all", "not well-formed"),
        (String(fixture.prefix(fixture.count / 2)), "not well-formed XML, or is truncated"),
        (bomb, "<!DOCTYPE>"),
        (external, "<!DOCTYPE>"),
        (deep, "nested deeper than 512"),
        ("<Model version=\"4.4\"/>", "root element is Model"),
        (D.document(D.stump(), version: "3.2"), "PMML version 3.2"),
        (D.document(""), "the document has no model"),
        (D.document("<NeuralNetwork functionName=\"classification\">\(D.schema)</NeuralNetwork>"), "the model element NeuralNetwork"),
        (D.document(D.stump(predicate: #"<SimplePredicate field="x" operator="lessOrEqual" value="NaN"/>"#)), "threshold 'NaN' on 'x' is not a number"),
        (D.document(D.stump(predicate: #"<SimplePredicate field="x" operator="lessOrEqual" value="abc"/>"#)), "threshold 'abc' on 'x'"),
        (D.document(D.stump(predicate: #"<SimplePredicate field="zz" operator="lessOrEqual" value="1"/>"#)), "tests 'zz', which is not an input field"),
        (D.document(D.stump(predicate: #"<SimplePredicate field="g" operator="equal" value="q"/>"#)), "'q' is not a value of field 'g'"),
        (D.document(D.stump(predicate: #"<SimplePredicate field="g" operator="lessThan" value="1"/>"#)), "operator lessThan on categorical field 'g'"),
        (D.document(D.stump(predicate: #"<SimplePredicate field="x" operator="equal" value="1"/>"#)), "operator equal on continuous field 'x'"),
        (D.document(D.stump(predicate: #"<CompoundPredicate booleanOperator="and"><True/><True/></CompoundPredicate>"#)), "CompoundPredicate booleanOperator=\"and\""),
        (D.document(D.stump(predicate: #"<CompoundPredicate booleanOperator="surrogate"/>"#)), "a surrogate CompoundPredicate has no predicates"),
        (D.document(D.stump(predicate: #"<CompoundPredicate booleanOperator="surrogate"><CompoundPredicate booleanOperator="or"/></CompoundPredicate>"#)), "the predicate CompoundPredicate"),
        (D.document(D.stump(predicate: #"<SimpleSetPredicate field="g" booleanOperator="isIn"><Array type="string">"a</Array></SimpleSetPredicate>"#)), "unterminated quoted value"),
        (D.document(D.stump(predicate: "")), "a Node has no predicate"),
        (D.document(D.stump(attributes: #"missingValueStrategy="aggregateNodes""#)), "missingValueStrategy=\"aggregateNodes\""),
        (D.document(D.stump(other: #"<SimplePredicate field="x" operator="greaterThan" value="5"/>"#)), "children may all be false"),
        (D.document(D.stump().replacingOccurrences(of: #"recordCount="0.7""#, with: #"recordCount="seven""#)), "ScoreDistribution recordCount 'seven'"),
        (D.document(D.stump().replacingOccurrences(of: "<Node score=\"0\"><True/>", with: "<Node score=\"0\"><False/>")), "root Node predicate is not True"),
        (D.document(D.stump().replacingOccurrences(of: "</TreeModel>", with: "<Widget/></TreeModel>")), "element Widget in a TreeModel"),
        (D.document(D.stump(), dictionary: D.dictionary.replacingOccurrences(of: #"<Value value="1"/></DataField>"#, with: #"<Value value="1"/><Value value="2"/></DataField>"#)), "a target with 3 classes"),
        (D.document(D.stump(schema: D.schema.replacingOccurrences(of: #"<MiningField name="x"/>"#, with: #"<MiningField name="x" missingValueReplacement="abc"/>"#))), "'abc' is not a number (field 'x')"),
        (D.document(D.stump(schema: D.schema.replacingOccurrences(of: #"<MiningField name="x"/>"#, with: #"<MiningField name="x" outliers="asExtremeValues"/>"#))), "outliers=\"asExtremeValues\""),
        (D.document(D.stump(schema: D.schema.replacingOccurrences(of: #"<MiningField name="x"/>"#, with: #"<MiningField name="w"/>"#))), "MiningField 'w' is not a DataField"),
        (D.document("<RegressionModel functionName=\"classification\" normalizationMethod=\"logit\">\(D.schema)<RegressionTable intercept=\"1\"/></RegressionModel>"), "a logit RegressionModel other than one table and an empty reference table"),
        (D.document("<MiningModel functionName=\"classification\">\(D.schema)<Segmentation multipleModelMethod=\"selectFirst\"><Segment><True/>\(D.stump())</Segment></Segmentation></MiningModel>"), "multipleModelMethod=\"selectFirst\""),
        (D.document("<MiningModel functionName=\"classification\">\(D.schema)<Segmentation multipleModelMethod=\"sum\"><Segment><SimplePredicate field=\"x\" operator=\"lessThan\" value=\"1\"/>\(D.stump())</Segment></Segmentation></MiningModel>"), "a Segment selected by a SimplePredicate"),
        (D.document("<MiningModel functionName=\"classification\">\(D.schema)<Segmentation multipleModelMethod=\"average\"></Segmentation></MiningModel>"), "a Segmentation has no Segments"),
        (D.document(D.stump().replacingOccurrences(of: "</MiningSchema>", with: #"</MiningSchema><Output><OutputField name="p" feature="transformedValue"><Apply function="exp"><FieldRef field="x"/></Apply></OutputField></Output>"#)), "the OutputField 'p' computed from the prediction"),
        (fixture.replacingOccurrences(of: #"normalizationMethod="logit""#, with: #"normalizationMethod="probit""#), "normalizationMethod=\"probit\""),
        (fixture.replacingOccurrences(of: #"rescaleFactor="0.1""#, with: #"rescaleFactor="0.1" castInteger="round""#), "Target attribute castInteger"),
        (fixture.replacingOccurrences(of: #"<NumericPredictor name="decisionFunction(1)""#, with: #"<NumericPredictor name="other""#), "'other' is not the output of an earlier summed segment"),
    ])
    func refused(_ input: String, _ expected: String) {
        let message = Self.error(input)
        #expect(message?.contains(expected) == true, "\(message ?? "imported")")
        #expect(message?.contains("model.pmml") == true)
    }

    /// Surrogates copy subtrees; nested surrogate splits would grow the tree exponentially, so copying stops at
    /// 16 nodes per Node element and the import keeps the surrogates as surrogate splits instead (one node per
    /// split: the tree grows linearly). Before surrogate splits existed, such a document was refused.
    @Test func surrogateExpansionIsBounded() throws {
        let surrogate = #"<CompoundPredicate booleanOperator="surrogate"><SimplePredicate field="x" operator="lessOrEqual" value="1"/><SimplePredicate field="f" operator="lessOrEqual" value="1"/><SimplePredicate field="g" operator="equal" value="a"/></CompoundPredicate>"#
        var tree = #"<Node score="1"><True/></Node>"#
        for _ in 0..<9 { tree = "<Node score=\"0\">\(surrogate)\(tree)</Node><Node score=\"1\"><True/>\(tree)</Node>" }
        let model = "<TreeModel functionName=\"regression\">\(D.schema)<Node score=\"0\"><True/>\(tree)</Node></TreeModel>"
        let document = D.document(model, dictionary: D.dictionary.replacingOccurrences(of: "optype=\"categorical\" dataType=\"integer\"", with: "optype=\"continuous\" dataType=\"double\""))
        let ensemble = try PMMLModel.read(Array(document.utf8)).model.ensemble
        let elements = document.components(separatedBy: "<Node ").count - 1
        #expect(ensemble.hasSurrogateSplits && ensemble.trees[0].nodes.count <= 2 * elements)
        // Copying alone (the form shallow trees keep) still stops at the bound.
        let root = try PMMLDocument.parse(Array(document.utf8))
        let element = try #require(root.children.first { $0.name == "TreeModel" })
        var reader = try PMMLTreeModel(element, fields: try PMMLFields(document: root, model: element), value: { _ in 0 })
        #expect(throws: PMMLTreeModel.copiesExceedBudget) { _ = try reader.tree(root: element.child("Node")!, budget: 16 * elements + 1024) }
    }

    /// A tree deeper than the element-depth bound is refused by the reader, not walked recursively.
    @Test func deepTreeIsRefused() {
        let depth = 700
        var tree = ""
        for k in 0..<depth { tree += "<Node score=\"\(k)\"><SimplePredicate field=\"x\" operator=\"lessOrEqual\" value=\"\(depth - k)\"/>" }
        tree += String(repeating: "</Node>", count: depth)
        let model = "<TreeModel functionName=\"regression\" noTrueChildStrategy=\"returnLastPrediction\">\(D.schema)<Node score=\"0\"><True/>\(tree)</Node></TreeModel>"
        let message = Self.error(D.document(model, dictionary: D.dictionary.replacingOccurrences(of: "optype=\"categorical\" dataType=\"integer\"", with: "optype=\"continuous\" dataType=\"double\"")))
        #expect(message?.contains("nested deeper than 512") == true, "\(message ?? "imported")")
    }
}
