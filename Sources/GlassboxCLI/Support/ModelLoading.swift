import GlassboxCore
import Models

/// Reads a model file from disk with the same path checks as data files.
func loadLogisticModel(_ path: String) throws -> LogisticModelFile {
    try FileCheck.requireReadableFile(path)
    let bytes = try readFileBytes(path)
    return try LogisticModelFile.load(bytes: bytes, path: path)
}

func readFileBytes(_ path: String) throws -> [UInt8] {
    #if canImport(Glibc)
    guard let file = fopen(path, "rb") else { throw GlassboxCoreError.noSuchFile(path: path) }
    defer { fclose(file) }
    var bytes = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
        if n < buffer.count { break }
    }
    if ferror(file) != 0 { throw GlassboxCoreError.io(path: path, operation: "read", message: String(cString: strerror(errno))) }
    return bytes
    #else
    return []
    #endif
}

#if canImport(Glibc)
import Glibc
#endif
