import GlassboxTabular

/// libFuzzer entry: any bytes through the CSV reader must parse or throw a ``TabularError``, never crash.
/// Also exercises describing the result (column access) so typing bugs surface.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";")] {
        var options = CSVOptions()
        options.delimiter = delimiter
        // The smallest block (4 KiB): rows straddle blocks, and each call stays cheap under ASan.
        options.blockSize = 4096
        guard let result = try? CSVReader.read(bytes: bytes, options: options) else { continue }
        for name in result.table.columnNames { _ = try? result.table.column(named: name) }
    }
    return 0
}
