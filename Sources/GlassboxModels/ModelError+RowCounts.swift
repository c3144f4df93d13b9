import GlassboxTabular

extension ModelError {
    /// `total + count` for a row count read from `file` (a partial or state from another machine).
    /// - Throws: ``ModelError/invalidFitState(_:)`` naming the file and the count when the count is
    ///   negative or the sum passes ``DesignLevels/maximumRowCount`` (so the addition never overflows).
    static func addingRowCount(_ count: Int, to total: Int, in file: String) throws -> Int {
        let bound = DesignLevels.maximumRowCount
        guard (0...bound).contains(count), (0...bound).contains(total), total + count <= bound else {
            throw ModelError.invalidFitState("\(file): \(count) rows, more than a fit reads (at most \(bound) in all) (was it edited?)")
        }
        return total + count
    }

    /// Checks level information read from `file` before it is merged or written to a model file.
    static func checkCounts(_ levels: DesignLevels, in file: String) throws {
        if let problem = levels.countsProblem { throw ModelError.invalidFitState("\(file): \(problem) (was it edited?)") }
    }
}
