/// A fixed-size buffer owned by a ``RankSweep`` (freed in its `deinit`): elements are read and updated in
/// place, with no copy-on-write check.
struct SweepBuffer<Element> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(repeating value: Element, count: Int) {
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    subscript(i: Int) -> Element {
        unsafeAddress { UnsafePointer(base + i) }
        nonmutating unsafeMutableAddress { base + i }
    }

    func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
