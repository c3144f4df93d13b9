import Foundation

/// The JSON settings every Glassbox output uses, in one place: pretty-printed, keys sorted (stable bytes
/// for the same values), slashes not escaped, and one trailing newline.
package enum JSONFormat {
    /// What to do with a NaN or an infinity.
    package enum NonFiniteNumbers: Sendable {
        /// Encoding fails (`EncodingError`): model files, whose numbers must be finite.
        case reject
        /// Written as the strings "NaN", "Infinity", "-Infinity" (inspections, explanations, evaluations).
        case asStrings
    }

    /// An encoder with Glassbox's settings.
    package static func encoder(nonFinite: NonFiniteNumbers = .reject) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if case .asStrings = nonFinite {
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        }
        return encoder
    }

    /// A decoder that reads what ``encoder(nonFinite:)`` writes, non-finite strings included.
    package static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }

    /// `value` as JSON bytes with Glassbox's settings, ending with a newline.
    package static func encode<T: Encodable>(_ value: T, nonFinite: NonFiniteNumbers = .reject) throws -> [UInt8] {
        var bytes = [UInt8](try encoder(nonFinite: nonFinite).encode(value))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
