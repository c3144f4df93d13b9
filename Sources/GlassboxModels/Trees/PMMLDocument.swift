import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A PMML document as a small element tree, read with Foundation's `XMLParser` under bounds: the input
/// size, the element depth and the element count are limited, and a document type declaration (the only way
/// to declare entities, hence entity-expansion bombs and external entities) is refused before parsing.
struct PMMLElement {
    /// The local name (a namespace prefix is dropped).
    var name: String
    var attributes: [String: String]
    var children: [PMMLElement]
    /// Character data directly inside the element (`Array` contents), trimmed.
    var text: String

    /// The first child named `name`.
    func child(_ name: String) -> PMMLElement? { children.first { $0.name == name } }
    func children(_ name: String) -> [PMMLElement] { children.filter { $0.name == name } }
    subscript(_ attribute: String) -> String? { attributes[attribute] }
}

enum PMMLDocument {
    static let maximumBytes = 1 << 30
    static let maximumDepth = 512
    static let maximumElements = 1 << 26

    static func fail(_ message: String) -> ModelError { .invalidModelFile("PMML: \(message)") }

    /// Parses `bytes` into the root element.
    static func parse(_ bytes: [UInt8]) throws -> PMMLElement {
        guard bytes.count <= maximumBytes else { throw fail("\(bytes.count) bytes (at most \(maximumBytes))") }
        if containsDoctype(bytes) {
            throw fail("the document has a <!DOCTYPE> declaration (entities are refused; PMML needs none)")
        }
        let builder = PMMLElementBuilder()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.delegate = builder
        let parsed = parser.parse()
        if let problem = builder.problem { throw fail(problem) }
        guard parsed, let root = builder.root else {
            let reason = parser.parserError.map { " (\(($0 as NSError).code))" } ?? ""
            throw fail("the document is not well-formed XML, or is truncated, near line \(parser.lineNumber)\(reason)")
        }
        return root
    }

    /// Whether `<!DOCTYPE` (any case) occurs anywhere in the bytes.
    static func containsDoctype(_ bytes: [UInt8]) -> Bool {
        let pattern = Array("<!doctype".utf8)
        guard bytes.count >= pattern.count else { return false }
        outer: for start in 0...(bytes.count - pattern.count) where bytes[start] == UInt8(ascii: "<") {
            for (k, expected) in pattern.enumerated() {
                var byte = bytes[start + k]
                if byte >= 65, byte <= 90 { byte += 32 }
                if byte != expected { continue outer }
            }
            return true
        }
        return false
    }
}

/// Builds ``PMMLElement``s from parser events, stopping the parser when a bound is exceeded.
private final class PMMLElementBuilder: NSObject, XMLParserDelegate {
    var stack: [PMMLElement] = []
    var root: PMMLElement?
    var problem: String?
    var count = 0

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        count += 1
        guard stack.count < PMMLDocument.maximumDepth, count <= PMMLDocument.maximumElements else {
            problem = stack.count >= PMMLDocument.maximumDepth
                ? "elements nested deeper than \(PMMLDocument.maximumDepth)"
                : "more than \(PMMLDocument.maximumElements) elements"
            parser.abortParsing()
            return
        }
        let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
        stack.append(PMMLElement(name: local, attributes: attributeDict, children: [], text: ""))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty, stack[stack.count - 1].text.utf8.count < 1 << 24 else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard var element = stack.popLast() else { return }
        element.text = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
    }
}
