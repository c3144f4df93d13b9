import GlassboxTabular

extension UpliftChunkArms {
    /// What one partition's rows told ``UpliftChunkArms`` (docs/scale.md §7), on the wire of an uplift
    /// partial: merged over the partitions in order, it makes the checks of ``UpliftChunkArms/finish()``
    /// see what a read of the whole file sees.
    package struct Tally: Sendable, Codable, Equatable {
        /// Per column that held a value (the treatment and formula columns): whether it read as text.
        package var textByColumn: [String: Bool]
        /// Treatment values found (text), at most the bounded set ``UpliftChunkArms`` keeps.
        package var texts: [String]
        /// Treatment values found (numbers).
        package var numbers: [Double]
        /// Experiment rows per arm (0 control, k treated k), before rows with missing values are dropped.
        package var rowsPerArm: [Int]
    }

    /// This reader's tally.
    package var tally: Tally {
        let byteOrder: (String, String) -> Bool = { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return Tally(textByColumn: kinds.textByColumn, texts: texts.sorted(by: byteOrder), numbers: numbers.sorted(), rowsPerArm: rowsPerArm)
    }

    /// Adds another partition's tally: kinds must agree, values found are united, row counts added.
    /// - Throws: ``ModelError`` when a column's kind differs, or the tally has another number of arms
    ///   or more values than a tally holds.
    package mutating func merge(_ other: Tally, in file: String) throws {
        guard other.rowsPerArm.count == rowsPerArm.count, other.rowsPerArm.allSatisfy({ $0 >= 0 }) else {
            throw ModelError.invalidFitState("\(file): its arm counts are not the \(rowsPerArm.count) of the state's treatment")
        }
        guard other.texts.count + other.numbers.count <= 2 * Self.foundLimit, other.textByColumn.count <= 100_000 else {
            throw ModelError.invalidFitState("\(file): more treatment values or columns than a partial holds")
        }
        for name in other.textByColumn.keys.sorted() { try kinds.record(name, isText: other.textByColumn[name]!) }
        texts.formUnion(other.texts)
        numbers.formUnion(other.numbers.filter { !$0.isNaN })
        for k in rowsPerArm.indices { rowsPerArm[k] = try ModelError.addingRowCount(other.rowsPerArm[k], to: rowsPerArm[k], in: file) }
        trimFound()
    }
}
