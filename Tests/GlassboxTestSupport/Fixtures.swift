import Foundation

/// Loading committed fixtures (`Tests/Fixtures`).
package enum Fixtures {
    /// A fixture that is not what the test expects (wrong JSON shape).
    package struct Malformed: Error, CustomStringConvertible {
        package let description: String
    }

    /// The fixture's bytes.
    package static func data(_ name: String) throws -> Data {
        try Data(contentsOf: Repository.fixture(name))
    }

    /// The fixture parsed as a JSON object (a dictionary at the top level).
    package static func jsonObject(_ name: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: data(name)) as? [String: Any] else {
            throw Malformed(description: "\(name): not a JSON object")
        }
        return object
    }

    /// The fixture decoded as `type`.
    package static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder().decode(type, from: data(name))
    }

    /// The hostile-string corpus (`hostile-strings.json`: control characters, bidi overrides, markup,
    /// formula prefixes, …) that every renderer and writer is tested against.
    package static let hostileStrings: [String] = {
        guard let strings = try? jsonObject("hostile-strings.json")["strings"] as? [String] else {
            fatalError("Tests/Fixtures/hostile-strings.json is missing or has no \"strings\" array")
        }
        return strings
    }()
}
