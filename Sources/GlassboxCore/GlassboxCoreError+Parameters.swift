extension GlassboxCoreError: ParameterMentioningError {
    /// The message with its mention of ``Parameter/force`` marked.
    public var message: ParameterMessage {
        switch self {
        case let .outputExists(path):
            "\(path): output file already exists (\(parameter: .force, values: ["true"], wording: "pass force: true") to replace it)"
        default:
            ParameterMessage(description)
        }
    }
}
