import GlassboxTabular

/// libFuzzer entry: any text through the formula parser must parse or throw, never crash; a parsed
/// formula is also applied to a small table so the design builder sees every accepted shape.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormula(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let formula = try? Formula.parse(text) else { return 0 }
    let csv = Array("y,a,b,c\n0,1,x,2.5\n1,2,y,-1\n1,3,x,0\n0,4,z,7\n".utf8)
    if let table = try? CSVReader.read(bytes: csv).table {
        _ = try? DesignBuilder.fit(formula, on: table)
    }
    return 0
}
