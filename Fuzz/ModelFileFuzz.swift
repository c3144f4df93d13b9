import GlassboxModels
import GlassboxTabular

/// libFuzzer entry: any bytes through the three model-file loaders must load or throw a
/// ``ModelError``, never crash; and a file that loads must also be usable: its design encoding is
/// applied to a small table holding every column its formula reads (each categorical factor's levels
/// plus one level it has never seen), which must build a design or throw, never trap. (Loading alone
/// never reached the out-of-range level index that used to trap when the design was built.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let model = try? LogisticModelFile.load(bytes: bytes, path: "fuzz.json") { exercise(model.encoding) }
    if let model = try? UpliftModelFile.load(bytes: bytes, path: "fuzz.json") { exercise(model.encoding) }
    if let model = try? LookalikeModelFile.load(bytes: bytes, path: "fuzz.json") { exercise(model.encoding) }
    return 0
}

/// Builds the design of `encoding` on five rows; errors are fine, traps are bugs.
func exercise(_ encoding: DesignEncoding) {
    let factors = encoding.formula.factors
    var levels = [String: [String]]()
    for (k, coding) in encoding.factors.enumerated() where coding.kind == .categorical && k < factors.count {
        guard factors[k].columns.count == 1 else { continue }
        levels[factors[k].columns[0], default: []] += coding.levels
    }
    let rows = 5
    var names = [String](), columns = [Column]()
    for name in encoding.formula.sourceColumns where !names.contains(name) {
        names.append(name)
        if var known = levels[name] {
            var seen = Set<String>()
            known = known.filter { seen.insert($0).inserted } + ["\u{1}unseen"]
            columns.append(.categorical(CategoricalColumn(levels: known, codes: (0..<rows).map { Int32($0 % known.count) })))
        } else {
            columns.append(.numeric([0, 1, -1, 0.5, 2]))
        }
    }
    guard let table = try? Table(names: names, columns: columns) else { return }
    _ = try? DesignBuilder.apply(encoding, to: table, requireResponse: false)
}
