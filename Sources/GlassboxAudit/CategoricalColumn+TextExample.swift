import GlassboxTabular

extension CategoricalColumn {
    /// The first value, in row order, that is not a finite number, for "is not numeric" messages.
    ///
    /// A column is typed categorical because of a few text cells (`Inf`, `1,5`); quoting its first
    /// value (`0.2`) would send the user looking at the wrong cell. Falls back to the first value.
    var firstTextExample: String? {
        let isText = levels.map { level in Double(level).map { !$0.isFinite } ?? true }
        if let code = codes.first(where: { $0 >= 0 && isText[Int($0)] }) { return levels[Int(code)] }
        return codes.first { $0 >= 0 }.map { levels[Int($0)] }
    }
}
