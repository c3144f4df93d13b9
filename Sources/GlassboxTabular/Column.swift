/// One column of a ``Table``: numeric (missing values are `Double.nan`) or categorical.
public enum Column: Sendable, Equatable {
    /// Numbers; a missing value is stored as `.nan`.
    case numeric([Double])
    /// Strings coded against a sorted list of levels.
    case categorical(CategoricalColumn)

    /// Number of rows.
    public var count: Int {
        switch self {
        case .numeric(let values): values.count
        case .categorical(let c): c.codes.count
        }
    }

    /// Whether row `i` holds a missing value.
    public func isMissing(_ i: Int) -> Bool {
        switch self {
        case .numeric(let values): values[i].isNaN
        case .categorical(let c): c.codes[i] < 0
        }
    }

    /// Number of missing values.
    public var missingCount: Int {
        switch self {
        case .numeric(let values): values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
        case .categorical(let c): c.codes.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        }
    }

    /// The value of row `i` as text (`nil` when missing); numbers use Swift's shortest round-trip form.
    public func text(at i: Int) -> String? {
        switch self {
        case .numeric(let values): values[i].isNaN ? nil : "\(values[i])"
        case .categorical(let c): c.codes[i] < 0 ? nil : c.levels[Int(c.codes[i])]
        }
    }
}

/// A categorical column: `codes[i]` indexes `levels`, and `-1` marks a missing value.
///
/// `levels` holds the distinct non-missing values sorted by their UTF-8 bytes, the order patsy
/// (Python's string sort) gives; the first level is the default reference level.
public struct CategoricalColumn: Sendable, Equatable {
    /// Distinct non-missing values in sorted order.
    public var levels: [String]
    /// Per-row index into `levels`, or `-1` for missing.
    public var codes: [Int32]

    /// A column from its sorted `levels` and a code per row (`-1` for missing).
    public init(levels: [String], codes: [Int32]) {
        self.levels = levels
        self.codes = codes
    }

    /// Builds a column from optional strings, sorting the levels by UTF-8 bytes.
    public init(values: [String?]) {
        var distinct = Set<String>()
        for case let v? in values { distinct.insert(v) }
        let sorted = distinct.sorted(by: CategoricalColumn.precedes)
        var index = [String: Int32]()
        for (i, level) in sorted.enumerated() { index[level] = Int32(i) }
        levels = sorted
        codes = values.map { $0.map { index[$0]! } ?? -1 }
    }

    /// The level order Glassbox uses everywhere: byte-wise comparison of UTF-8 (Python's `sorted`).
    public static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
