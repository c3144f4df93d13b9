/// The values a model's predicates compare each of some fields with (`SimpleSetPredicate` arrays, `equal` /
/// `notEqual` `SimplePredicate`s): the levels of categorical fields listing no `Value`s (R's randomForest).
/// One walk over the model serves every such field, so the work is linear in the document, not fields × elements.
struct PMMLNamedValues {
    private var found: [String: Set<String>] = [:]
    /// The first array of a field that does not parse, in walk order; reported only when the field is asked for.
    private var failures: [String: any Error] = [:]
    /// Elements visited: the model's element count after the one walk.
    private(set) var visitedElements = 0

    init(fields: Set<String>, in model: PMMLElement) {
        var pending = [model]
        while let element = pending.popLast() {
            visitedElements += 1
            pending += element.children
            guard let name = element["field"], fields.contains(name), failures[name] == nil else { continue }
            if element.name == "SimpleSetPredicate", let array = element.child("Array") {
                do { found[name, default: []].formUnion(try PMMLPredicate.arrayValues(array.text)) }
                catch { failures[name] = error }
            } else if element.name == "SimplePredicate", element["operator"] == "equal" || element["operator"] == "notEqual",
                      let value = element["value"] {
                found[name, default: []].insert(value)
            }
        }
    }

    /// The values named for `field`, sorted; throws the error of its first array that does not parse.
    func levels(of field: String) throws -> [String] {
        if let failure = failures[field] { throw failure }
        return (found[field] ?? []).sorted()
    }
}
