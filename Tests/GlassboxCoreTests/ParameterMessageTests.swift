import GlassboxCore
import Testing

@Suite("ParameterMessage: errors keep their parameter mentions as values")
struct ParameterMessageTests {
    static let tau = Parameter("tau")

    @Test("the library wording names the parameter; a front end words each mention itself")
    func rendering() {
        let value = 1.5
        let message: ParameterMessage = "\(parameter: Self.tau) must be in (0, 1], got \(value)"
        #expect(message.description == "tau must be in (0, 1], got 1.5")
        #expect(message.rendered { $0.parameter == Self.tau ? "--tau" : nil } == "--tau must be in (0, 1], got 1.5")
        // A mention the front end does not know keeps the library's wording.
        #expect(message.rendered { _ in nil } == message.description)
    }

    @Test("a mention carries its wording and suggested values")
    func mentionValues() {
        let metric = Parameter("metric")
        let message: ParameterMessage = "use \(parameter: metric, values: ["logloss", "brier"], wording: "the logloss or brier metric"), or more data"
        #expect(message.description == "use the logloss or brier metric, or more data")
        #expect(message.rendered { "--\($0.parameter.name) " + $0.values.joined(separator: " or ") } == "use --metric logloss or brier, or more data")
    }

    @Test("messages are equal when their library wordings are; a nested message keeps its mentions")
    func equalityAndNesting() {
        let marked: ParameterMessage = "\(parameter: Self.tau) must be ≥ 0"
        #expect(marked == "tau must be ≥ 0")
        #expect(marked.hashValue == ParameterMessage("tau must be ≥ 0").hashValue)
        let outer: ParameterMessage = "cannot be evaluated: \(marked)"
        #expect(outer.rendered { _ in "T" } == "cannot be evaluated: T must be ≥ 0")
    }

    @Test("an existing output names force: true; the mention can be reworded")
    func outputExists() {
        let error = GlassboxCoreError.outputExists(path: "r.json")
        #expect(error.description == "r.json: output file already exists (pass force: true to replace it)")
        #expect(error.message.rendered { $0.parameter == .force ? "use --force" : nil } == "r.json: output file already exists (use --force to replace it)")
    }
}
