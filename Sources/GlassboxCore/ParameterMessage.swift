/// A parameter of the library's API (a configuration property, an option, an argument), named as
/// the library spells it: `tau`, `minGroupSize`, `CSVOptions.missingTokens`.
///
/// Errors about a parameter keep it as a value (in a ``ParameterMessage``), so a front end that sets
/// the parameter another way (the `glassbox` command line's `--tau`) can name it in its own words
/// without rewriting message text. Each module declares its parameters as static members.
public struct Parameter: Hashable, Sendable, CustomStringConvertible {
    /// The library's name of the parameter.
    public let name: String

    /// The parameter called `name` in the library's API.
    public init(_ name: String) {
        self.name = name
    }

    public var description: String { name }

    /// `force: true` replaces an existing output file (`AtomicFile`).
    public static let force = Parameter("force")
}

/// A message, usually an error's, whose mentions of library parameters are kept as values.
///
/// ``description`` is the library's wording; ``rendered(naming:)`` lets a front end word each mention
/// itself. Write one with string interpolation, marking each mention with `parameter:`:
///
/// ```swift
/// let message: ParameterMessage = "\(parameter: .tau) must be in (0, 1], got \(tau)"
/// ```
///
/// Two messages are equal when their library wordings are, so a message written as plain text
/// (`"tau must be in (0, 1], got 1.5"`) equals the same message with its mentions marked.
public struct ParameterMessage: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// A mention of a parameter, as ``rendered(naming:)`` hands it to a front end: the parameter, the values
    /// the message suggests for it (`["logloss", "brier"]`, or none) and the library's phrase for it (the
    /// parameter's name unless the message words it otherwise: "the logloss or brier metric", "pass force: true").
    package typealias Mention = (parameter: Parameter, values: [String], wording: String)

    /// A piece of the message: text, or a mention of a parameter.
    enum Piece: Sendable {
        case text(String)
        case mention(Mention)
    }

    /// The message in order.
    private var pieces: [Piece]

    /// A message of plain `text`, without marked mentions.
    public init(_ text: String) {
        pieces = [.text(text)]
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public init(stringInterpolation: StringInterpolation) {
        pieces = stringInterpolation.pieces
    }

    /// The message with every mention worded by `naming`, or by the library when `naming` returns nil.
    public func rendered(naming: ((parameter: Parameter, values: [String], wording: String)) -> String?) -> String {
        pieces.map { piece in
            switch piece {
            case .text(let text): text
            case .mention(let mention): naming(mention) ?? mention.wording
            }
        }.joined()
    }

    /// The library's wording.
    public var description: String { rendered { _ in nil } }

    public static func == (a: ParameterMessage, b: ParameterMessage) -> Bool { a.description == b.description }

    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// Builds a ``ParameterMessage`` from a string literal with interpolations.
    public struct StringInterpolation: StringInterpolationProtocol {
        var pieces: [Piece] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { pieces.append(.text(literal)) }
        }

        /// Any value, as `String(describing:)` writes it.
        public mutating func appendInterpolation<T>(_ value: T) {
            pieces.append(.text(String(describing: value)))
        }

        /// The pieces of another message, its mentions kept.
        public mutating func appendInterpolation(_ message: ParameterMessage) {
            pieces += message.pieces
        }

        /// A mention of `parameter`, worded `wording` (default: its name), suggesting `values`.
        public mutating func appendInterpolation(parameter: Parameter, values: [String] = [], wording: String? = nil) {
            pieces.append(.mention((parameter: parameter, values: values, wording: wording ?? parameter.name)))
        }
    }
}

/// An error whose message may mention library parameters: a front end words them with
/// ``ParameterMessage/rendered(naming:)`` instead of printing `CustomStringConvertible.description`.
public protocol ParameterMentioningError: Error, CustomStringConvertible {
    /// The error's message with its parameter mentions marked; its ``ParameterMessage/description`` is
    /// the error's description.
    var message: ParameterMessage { get }
}
