import Foundation
import Testing
@testable import GlassboxModels

/// Categorical fields listing no `Value`s (R's randomForest exporter) take the values the model's predicates
/// name as levels; one walk over the model collects them for every such field.
@Suite struct PMMLValuelessFieldsTests {
    /// A document whose fields `names` are categorical without `Value`s, around the TreeModel `tree` (its
    /// Nodes only; the MiningSchema is written here).
    static func document(fields names: [String], tree: String) -> String {
        let dictionary = #"<DataDictionary><DataField name="y" optype="categorical" dataType="string"><Value value="0"/><Value value="1"/></DataField>"#
            + names.map { #"<DataField name="\#($0)" optype="categorical" dataType="string"/>"# }.joined() + "</DataDictionary>"
        let schema = #"<MiningSchema><MiningField name="y" usageType="target"/>"#
            + names.map { #"<MiningField name="\#($0)"/>"# }.joined() + "</MiningSchema>"
        return PMMLTestDocuments.document(#"<TreeModel functionName="classification">\#(schema)\#(tree)</TreeModel>"#, dictionary: dictionary)
    }

    static func fields(_ text: String) throws -> PMMLFields {
        let root = try PMMLDocument.parse(Array(text.utf8))
        let model = try #require(root.child("TreeModel"))
        return try PMMLFields(document: root, model: model)
    }

    static func elementCount(_ element: PMMLElement) -> Int {
        element.children.reduce(1) { $0 + elementCount($1) }
    }

    @Test func severalValuelessFieldsSharingOneTreeTakeTheirNamedValuesSorted() throws {
        let leaf = #"<ScoreDistribution value="0" recordCount="1"/><ScoreDistribution value="1" recordCount="1"/>"#
        let tree = """
            <Node score="0"><True/>\(leaf)
              <Node score="0"><SimpleSetPredicate field="g" booleanOperator="isIn"><Array type="string" n="2">b "c d"</Array></SimpleSetPredicate>\(leaf)
                <Node score="1"><SimplePredicate field="h" operator="equal" value="z"/>\(leaf)</Node>
                <Node score="0"><SimplePredicate field="h" operator="notEqual" value="m"/>\(leaf)</Node>
              </Node>
              <Node score="1"><SimpleSetPredicate field="g" booleanOperator="isNotIn"><Array type="string" n="2">a b</Array></SimpleSetPredicate>\(leaf)
                <Node score="1"><SimplePredicate field="k" operator="equal" value="10"/>\(leaf)</Node>
                <Node score="0"><SimpleSetPredicate field="k" booleanOperator="isIn"><Array type="string" n="2">2 10</Array></SimpleSetPredicate>\(leaf)</Node>
              </Node>
            </Node>
            """
        let text = Self.document(fields: ["g", "h", "k"], tree: tree)
        let fields = try Self.fields(text)
        #expect(fields.features.map(\.name) == ["g", "h", "k"])
        #expect(fields.features.map(\.kind) == [.categorical(levels: ["a", "b", "c d"]), .categorical(levels: ["m", "z"]),
                                                .categorical(levels: ["10", "2"])])
        let model = try #require(PMMLDocument.parse(Array(text.utf8)).child("TreeModel"))
        #expect(fields.namedValueVisits == Self.elementCount(model))
    }

    @Test func manyValuelessFieldsAreCollectedInOneWalkOverTheModel() throws {
        // 300 fields over a complete tree of 4095 nodes: every split names two of five values of one field.
        let fieldCount = 300, depth = 11
        let names = (0..<fieldCount).map { "c\($0)" }
        let alphabet = ["e", "d", "c", "b", "a"]
        var expected = [Set<String>](repeating: [], count: fieldCount)
        var tree = "", splits = 0
        func node(_ predicate: String, _ remaining: Int) {
            let leaf = #"<ScoreDistribution value="0" recordCount="1"/><ScoreDistribution value="1" recordCount="\#(remaining + 1)"/>"#
            guard remaining > 0 else { tree += #"<Node score="1">\#(predicate)\#(leaf)</Node>"#; return }
            let field = splits % fieldCount, values = [alphabet[splits % 5], alphabet[(splits / 5 + 1 + splits) % 5]]
            splits += 1
            expected[field].formUnion(values)
            tree += #"<Node score="0">\#(predicate)\#(leaf)"#
            node(#"<SimpleSetPredicate field="c\#(field)" booleanOperator="isIn"><Array type="string" n="2">\#(values.joined(separator: " "))</Array></SimpleSetPredicate>"#, remaining - 1)
            node("<True/>", remaining - 1)
            tree += "</Node>"
        }
        node("<True/>", depth)
        let text = Self.document(fields: names, tree: tree)
        let fields = try Self.fields(text)
        #expect(fields.features.map(\.name) == names)
        #expect(fields.features.map(\.kind) == expected.map { .categorical(levels: $0.sorted()) })
        // One visit per element of the model, not one walk per field (300 × the model).
        let model = try #require(PMMLDocument.parse(Array(text.utf8)).child("TreeModel"))
        #expect(fields.namedValueVisits == Self.elementCount(model))
        #expect(try PMMLModel.read(Array(text.utf8)).model.ensemble.trees[0].nodes.count > 4000)
    }

    @Test func fieldsListingValuesAreNotWalkedFor() throws {
        let text = PMMLTestDocuments.document(PMMLTestDocuments.stump())
        #expect(try Self.fields(text).namedValueVisits == 0)
    }

    @Test func anUnterminatedArrayOfAValuelessFieldIsStillReported() throws {
        let leaf = #"<ScoreDistribution value="0" recordCount="1"/><ScoreDistribution value="1" recordCount="1"/>"#
        let tree = """
            <Node score="0"><True/>\(leaf)
              <Node score="0"><SimpleSetPredicate field="g" booleanOperator="isIn"><Array type="string" n="1">"a</Array></SimpleSetPredicate>\(leaf)</Node>
              <Node score="1"><True/>\(leaf)</Node>
            </Node>
            """
        #expect(throws: ModelError.invalidModelFile("PMML: an Array has an unterminated quoted value")) {
            try Self.fields(Self.document(fields: ["g"], tree: tree))
        }
    }
}
