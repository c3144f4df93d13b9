extension WindowPlan {
    /// Scatters the planned keys into window order by counting sort (window sizes are the plan's: the
    /// offsets are their prefix sums, each key goes to the next free slot of ``windowIndex(of:)``), then
    /// sorts each window (≤ M rows, or one key sorted by row alone) by (key, row). `scan` is called once
    /// and hands every key with its global row: `visit(firstRow, keys)` for a lane of rows
    /// `firstRow..<firstRow + keys.count`, lanes in any order, each row once. This is the in-memory form
    /// of step W's scatter; a streamed driver writes the same positions to its second cache.
    package func scatter(
        scan: (_ visit: (_ firstRow: Int, _ keys: UnsafeBufferPointer<UInt64>) -> Void) throws -> Void
    ) rethrows -> WindowOrder {
        var starts = [0]
        starts.reserveCapacity(windows.count + 1)
        for window in windows { starts.append(starts[starts.count - 1] + window.rows) }
        var next = Array(starts.dropLast())
        var keys = [UInt64](repeating: 0, count: count)
        var rows = [Int](repeating: 0, count: count)
        try scan { firstRow, lane in
            precondition(firstRow >= 0 && firstRow <= count - lane.count, "lane rows outside the planned rows")
            for (offset, key) in lane.enumerated() {
                guard let j = windowIndex(of: key), next[j] < starts[j + 1] else {
                    preconditionFailure("a key outside the plan's windows (the keys changed since planning)")
                }
                keys[next[j]] = key
                rows[next[j]] = firstRow + offset
                next[j] += 1
            }
        }
        precondition(next == Array(starts.dropFirst()), "fewer keys than planned (the keys changed since planning)")
        var order = [Int]()
        for j in windows.indices {
            let range = starts[j]..<starts[j + 1]
            order = Array(range)
            if windows[j].lowerKey == windows[j].upperKey {
                order.sort { rows[$0] < rows[$1] }
            } else {
                order.sort { (keys[$0], rows[$0]) < (keys[$1], rows[$1]) }
            }
            let sortedKeys = order.map { keys[$0] }
            let sortedRows = order.map { rows[$0] }
            keys.replaceSubrange(range, with: sortedKeys)
            rows.replaceSubrange(range, with: sortedRows)
        }
        return WindowOrder(keys: keys, rows: rows, windowStarts: starts)
    }
}
