// The labelled tuples of the surrogates are written as JSON objects with the tuple's labels as keys
// (docs/json-contract.md), and compared element by element.

extension SurrogateReport.Linear {
    private enum CodingKeys: String, CodingKey { case coefficients, holdout, drivers }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(coefficients, forKey: .coefficients)
        try container.encode(FidelityRecord(holdout), forKey: .holdout)
        try container.encode(drivers.map(DriverRecord.init), forKey: .drivers)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.coefficients == b.coefficients && a.holdout == b.holdout && a.drivers.elementsEqual(b.drivers, by: ==)
    }
}

extension SurrogateReport.Tree {
    private enum CodingKeys: String, CodingKey { case maxDepth, rules, holdout, drivers }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(maxDepth, forKey: .maxDepth)
        try container.encode(rules.map(RuleRecord.init), forKey: .rules)
        try container.encode(FidelityRecord(holdout), forKey: .holdout)
        try container.encode(drivers.map(DriverRecord.init), forKey: .drivers)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.maxDepth == b.maxDepth && a.holdout == b.holdout && a.drivers.elementsEqual(b.drivers, by: ==)
            && a.rules.elementsEqual(b.rules) { $0.conditions == $1.conditions && $0.prediction == $1.prediction && $0.rows == $1.rows }
    }
}

/// ``SurrogateReport/Linear/holdout`` as JSON.
private struct FidelityRecord: Encodable {
    var r2: Double
    var r2ScoreScale: Double
    var topAgreement: Double

    init(_ f: (r2: Double, r2ScoreScale: Double, topAgreement: Double)) {
        (r2, r2ScoreScale, topAgreement) = f
    }
}

/// One of ``SurrogateReport/Linear/drivers`` as JSON.
private struct DriverRecord: Encodable {
    var feature: String
    var importance: Double

    init(_ d: (feature: String, importance: Double)) {
        (feature, importance) = d
    }
}

/// One of ``SurrogateReport/Tree/rules`` as JSON.
private struct RuleRecord: Encodable {
    var conditions: [String]
    var prediction: Double
    var rows: Int

    init(_ r: (conditions: [String], prediction: Double, rows: Int)) {
        (conditions, prediction, rows) = r
    }
}
