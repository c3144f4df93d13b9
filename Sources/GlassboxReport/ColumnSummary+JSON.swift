import Foundation
import GlassboxCore
import GlassboxTabular

extension Table {
    /// `glassbox describe --format json` for this table read from `path` (bytes hashing to `sha256`): the
    /// same facts as ``descriptionLines(path:sha256:)`` (see `docs/json-contract.md`), sorted keys,
    /// non-finite numbers as strings. No row-level data.
    public func descriptionJSON(path: String, sha256: String) throws -> [UInt8] {
        let document = TableDescriptionDocument(
            path: path, sha256: sha256, rowCount: rowCount,
            columns: columnSummaries.map { s in
                TableDescriptionDocument.Column(
                    name: s.name, type: s.levelCount == nil ? "numeric" : "categorical", missing: s.missing,
                    minimum: s.minimum, mean: s.mean, maximum: s.maximum, levelCount: s.levelCount,
                    levels: s.levelCount == nil ? nil : s.listedLevels,
                    levelsNotListed: s.levelCount.map { $0 - s.listedLevels.count })
            })
        return Array(try JSONFormat.encoder(nonFinite: .asStrings).encode(document)) + [10]
    }
}

/// The JSON document of `glassbox describe --format json`.
private struct TableDescriptionDocument: Encodable {
    struct Column: Encodable {
        var name: String
        var type: String
        var missing: Int
        var minimum: Double?
        var mean: Double?
        var maximum: Double?
        var levelCount: Int?
        var levels: [String]?
        var levelsNotListed: Int?
    }

    var path: String
    var sha256: String
    var rowCount: Int
    var columns: [Column]
}
