// The labelled tuples of SHAP and proxy results are written as JSON objects with the tuple's labels as
// keys (docs/json-contract.md), and compared element by element.

extension LinearSHAPResult {
    private enum CodingKeys: String, CodingKey { case expectedValue, features, rows, values, columns, method, backgroundRows, backgroundSeed, dependence, surrogateSplits, link }

    /// One of ``LinearSHAPResult/features`` as JSON.
    private struct FeatureRecord: Encodable {
        var feature: String
        var meanAbs: Double
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(expectedValue, forKey: .expectedValue)
        try container.encode(features.map { FeatureRecord(feature: $0.feature, meanAbs: $0.meanAbs) }, forKey: .features)
        try container.encode(rows, forKey: .rows)
        try container.encode(values, forKey: .values)
        try container.encode(columns, forKey: .columns)
        try container.encodeIfPresent(method, forKey: .method)
        try container.encodeIfPresent(backgroundRows, forKey: .backgroundRows)
        try container.encodeIfPresent(backgroundSeed, forKey: .backgroundSeed)
        try container.encodeIfPresent(dependence, forKey: .dependence)
        try container.encodeIfPresent(surrogateSplits, forKey: .surrogateSplits)
        try container.encodeIfPresent(link, forKey: .link)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.expectedValue == b.expectedValue && a.features.elementsEqual(b.features, by: ==) && a.rows == b.rows
            && a.values == b.values && a.columns == b.columns && a.method == b.method && a.backgroundRows == b.backgroundRows
            && a.backgroundSeed == b.backgroundSeed && a.dependence == b.dependence
            && a.surrogateSplits == b.surrogateSplits && a.link == b.link
    }
}

extension ProxyReport {
    private enum CodingKeys: String, CodingKey { case threshold, attributes, rowsUsed, rowsDropped }

    /// One of ``ProxyReport/attributes`` as JSON.
    private struct AttributeRecord: Encodable {
        var attribute: String
        var levels: [Level]
        var flags: [String]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(attributes.map { AttributeRecord(attribute: $0.attribute, levels: $0.levels, flags: $0.flags) }, forKey: .attributes)
        try container.encodeIfPresent(rowsUsed, forKey: .rowsUsed)
        try container.encodeIfPresent(rowsDropped, forKey: .rowsDropped)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.threshold == b.threshold && a.rowsUsed == b.rowsUsed && a.rowsDropped == b.rowsDropped
            && a.attributes.elementsEqual(b.attributes) { $0.attribute == $1.attribute && $0.levels == $1.levels && $0.flags == $1.flags }
    }
}
