import GlassboxTabular

/// Which column holds the treatment and which of its values are the treatments and the control.
public struct UpliftTreatment: Sendable, Codable, Equatable {
    public var column: String
    /// Treatment values, in arm order (`Neighbors`, `Civic Duty`…, or `1` for a 0/1 column).
    public var treated: [String]
    public var control: String

    public init(column: String, treated: [String], control: String) {
        self.column = column
        self.treated = treated
        self.control = control
    }

    /// Per table row: 0 for control, k ∈ 1…K for `treated[k − 1]`, −1 for any other value or a missing one
    /// (rows of other arms take no part in the fit).
    ///
    /// Text values are matched exactly; for a numeric column a value matches when it parses to the same
    /// number (`1` matches 1.0). A value that occurs nowhere in the column is an error listing the values found.
    public func armCodes(in table: Table) throws -> [Int] {
        if treated.isEmpty { throw ModelError.unsupportedOption("no treated value given") }
        if treated.contains(control) { throw ModelError.unsupportedOption("'\(control)' is given both as a treated and as the control value") }
        if Set(treated).count != treated.count { throw ModelError.unsupportedOption("a treated value is listed twice: \(treated.joined(separator: ", "))") }
        let column = try table.column(named: self.column)
        let wanted = [control] + treated
        switch column {
        case .categorical(let c):
            var codeOfLevel = [Int32: Int]()
            for (arm, value) in wanted.enumerated() {
                guard let level = c.levels.firstIndex(of: value) else { throw absent(value, found: c.levels) }
                codeOfLevel[Int32(level)] = arm
            }
            return c.codes.map { codeOfLevel[$0] ?? -1 }
        case .numeric(let values):
            var armOfValue = [Double: Int]()
            let distinct = Set(values.filter { !$0.isNaN }).sorted()
            for (arm, value) in wanted.enumerated() {
                guard let number = Double(value), distinct.contains(number) else {
                    throw absent(value, found: distinct.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : "\($0)" })
                }
                armOfValue[number] = arm
            }
            return values.map { armOfValue[$0] ?? -1 }
        }
    }

    private func absent(_ value: String, found: [String]) -> ModelError {
        let role = value == control ? "control" : "treated"
        let shown = found.prefix(20).map { "'\($0)'" }.joined(separator: ", ")
        return .unsupportedOption("the \(role) value '\(value)' does not occur in column '\(column)'; values found: \(shown)\(found.count > 20 ? ", …" : "")")
    }
}
