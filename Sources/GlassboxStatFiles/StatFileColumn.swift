import GlassboxTabular

/// One variable being read: its values so far and what the file says about it.
struct StatFileColumn {
    let name: String
    /// The name of the variable's value-label set, if any.
    let labelSet: String?
    /// A date, date-time or time variable (converted as its values arrive).
    let temporal: StatFileTemporal?
    /// Whether the variable holds strings (becomes categorical).
    let isString: Bool

    /// Numbers (NaN for missing) of a numeric variable.
    var numbers: [Double] = []
    /// Per-row codes of a string variable into `texts` (first-seen order), -1 for missing.
    var codes: [Int32] = []
    var texts: [String] = []
    var codeOfText: [String: Int32] = [:]

    /// Missing values Stata writes as `.a`–`.z` (SAS `.A`–`.Z`, `._`).
    var taggedMissing = 0
    /// SPSS user-defined missing values (discrete values or ranges declared on the variable).
    var userMissing = 0

    init(name: String, labelSet: String?, temporal: StatFileTemporal?, isString: Bool, capacity: Int) {
        self.name = name
        self.labelSet = labelSet
        self.temporal = temporal
        self.isString = isString
        if isString { codes.reserveCapacity(capacity) } else { numbers.reserveCapacity(capacity) }
    }

    var count: Int { isString ? codes.count : numbers.count }

    /// Adds missing values until the column has `rows` values (ReadStat may skip a cell).
    mutating func pad(to rows: Int) {
        while count < rows { if isString { codes.append(-1) } else { numbers.append(.nan) } }
    }

    mutating func append(text: String?) {
        guard let text, !text.isEmpty else { codes.append(-1); return }
        if let code = codeOfText[text] { codes.append(code); return }
        let code = Int32(texts.count)
        texts.append(text)
        codeOfText[text] = code
        codes.append(code)
    }

    /// The finished column: `labels` (from the file's label sets) applied unless `keepCodes`.
    func finish(labels: StatFileValueLabels?, keepCodes: Bool) -> (column: Column, unlabelled: Int) {
        if isString {
            if let labels, !labels.byText.isEmpty, !keepCodes {
                let mapped = codes.map { $0 < 0 ? nil : labels.byText[texts[Int($0)]] ?? texts[Int($0)] }
                let unlabelled = codes.reduce(0) { $0 + ($1 >= 0 && labels.byText[texts[Int($1)]] == nil ? 1 : 0) }
                return (.categorical(CategoricalColumn(values: mapped)), unlabelled)
            }
            return (.categorical(Self.sorted(texts: texts, codes: codes)), 0)
        }
        guard let labels, !labels.byNumber.isEmpty, !keepCodes else { return (.numeric(numbers), 0) }
        var unlabelled = 0
        let mapped: [String?] = numbers.map { value in
            if value.isNaN { return nil }
            if let label = labels.byNumber[value] { return label }
            unlabelled += 1
            return Self.text(of: value)
        }
        return (.categorical(CategoricalColumn(values: mapped)), unlabelled)
    }

    /// An unlabelled code as a level: integers without a decimal point (`3`, not `3.0`).
    static func text(of value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// First-seen texts re-coded against levels sorted by UTF-8 bytes (``CategoricalColumn``'s order).
    static func sorted(texts: [String], codes: [Int32]) -> CategoricalColumn {
        let order = texts.indices.sorted { CategoricalColumn.precedes(texts[$0], texts[$1]) }
        var newCode = [Int32](repeating: 0, count: texts.count)
        for (rank, old) in order.enumerated() { newCode[old] = Int32(rank) }
        return CategoricalColumn(levels: order.map { texts[$0] }, codes: codes.map { $0 < 0 ? -1 : newCode[Int($0)] })
    }
}

/// One value-label set: label text by numeric value (or by string value, SPSS string variables).
struct StatFileValueLabels {
    var byNumber: [Double: String] = [:]
    var byText: [String: String] = [:]
}
