import GlassboxTabular

/// Collects one result column row by row: numbers (NaN = missing) or text coded against levels in
/// first-seen order, sorted into `CategoricalColumn`'s byte order at the end. A column that starts
/// numeric and later meets text (only possible in SQLite, whose columns hold any type) turns into text,
/// its earlier numbers written as their shortest text (an integral value without a decimal point).
struct DatabaseColumnBuilder {
    let name: String
    private(set) var numbers: [Double] = []
    private var isText = false
    private var codes: [Int32] = []
    private var levels: [String] = []
    private var index: [String: Int32] = [:]
    /// Whether the column mixed numbers and text (so it was read as text).
    private(set) var mixed = false
    private var sawNumber = false

    init(name: String, text: Bool) {
        self.name = name
        isText = text
    }

    var count: Int { isText ? codes.count : numbers.count }

    mutating func appendMissing() {
        if isText { codes.append(-1) } else { numbers.append(.nan) }
    }

    mutating func append(number: Double) {
        sawNumber = true
        if isText {
            mixed = true
            appendCode(DatabaseColumnBuilder.text(of: number))
        } else {
            numbers.append(number)
        }
    }

    mutating func append(text: String) {
        if !isText {
            isText = true
            mixed = sawNumber
            let earlier = numbers
            numbers = []
            for value in earlier {
                if value.isNaN { codes.append(-1) } else { appendCode(DatabaseColumnBuilder.text(of: value)) }
            }
        }
        appendCode(text)
    }

    private mutating func appendCode(_ text: String) {
        if let code = index[text] {
            codes.append(code)
        } else {
            let code = Int32(levels.count)
            index[text] = code
            levels.append(text)
            codes.append(code)
        }
    }

    /// A number as text in a mixed column: an integral value below 2⁵³ without a decimal point.
    static func text(of value: Double) -> String {
        if value == value.rounded(), abs(value) < 9007199254740992 { return String(Int64(value)) }
        return "\(value)"
    }

    /// The finished column; levels sorted by UTF-8 bytes, as the CSV reader sorts them.
    func finish() -> Column {
        guard isText else { return .numeric(numbers) }
        let order = levels.indices.sorted { CategoricalColumn.precedes(levels[$0], levels[$1]) }
        var recode = [Int32](repeating: 0, count: levels.count)
        for (newCode, old) in order.enumerated() { recode[old] = Int32(newCode) }
        return .categorical(CategoricalColumn(levels: order.map { levels[$0] }, codes: codes.map { $0 < 0 ? -1 : recode[Int($0)] }))
    }
}

/// Header names as the CSV reader makes them (``ColumnNames/uniqued(_:)``: a SELECT can repeat a name).
func uniqueColumnNames(_ names: [String]) -> (names: [String], warnings: [String]) {
    ColumnNames.uniqued(names)
}
