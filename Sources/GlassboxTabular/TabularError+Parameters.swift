import GlassboxCore

extension Parameter {
    /// ``CSVOptions/missingTokens``: the field texts read as missing.
    public static let missingTokens = Parameter("CSVOptions.missingTokens")
}

extension TabularError: ParameterMentioningError {
    /// The message with its mentions of reading parameters marked.
    public var message: ParameterMessage {
        if case let .formula(message) = self { return message }
        return ParameterMessage(description)
    }
}
