import Models

/// libFuzzer entry: any bytes through the three model-file loaders must load or throw a
/// ``ModelError``, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? LogisticModelFile.load(bytes: bytes, path: "fuzz.json")
    _ = try? UpliftModelFile.load(bytes: bytes, path: "fuzz.json")
    _ = try? LookalikeModelFile.load(bytes: bytes, path: "fuzz.json")
    return 0
}
