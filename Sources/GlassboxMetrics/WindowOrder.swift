/// The keys and global row indices of a ``WindowPlan``'s windows, window after window, each window sorted
/// by (key, row): the order the step-W sweep reads (`docs/design/bounded-audit.md` §3 step W), ties in
/// row (file) order.
package struct WindowOrder: Sendable, Equatable {
    /// Keys in window order, sorted by (key, row) within each window.
    package let keys: [UInt64]
    /// The global row index of each key.
    package let rows: [Int]
    /// Window j holds positions `windowStarts[j]..<windowStarts[j + 1]` (one more entry than windows).
    package let windowStarts: [Int]

    /// The positions of window `j`.
    package func positions(ofWindow j: Int) -> Range<Int> {
        windowStarts[j]..<windowStarts[j + 1]
    }
}
