import GlassboxCore
import GlassboxModels

/// Reads a model file from disk with the same path checks as data files.
func loadLogisticModel(_ path: String) throws -> LogisticModelFile {
    try FileCheck.requireReadableFile(path)
    let bytes = try readFileBytes(path)
    return try LogisticModelFile.load(bytes: bytes, path: path)
}

/// The largest JSON input (model file, uplift evaluation) read into memory.
let maximumInputFileBytes = 1 << 30

func readFileBytes(_ path: String) throws -> [UInt8] {
    #if canImport(Glibc)
    guard let file = fopen(path, "rb") else { throw GlassboxCoreError.noSuchFile(path: path) }
    defer { fclose(file) }
    var bytes = [UInt8]()
    // At most 1 GiB, and at most half the memory available.
    var cap = maximumInputFileBytes, capReason = "far more than any model or evaluation file Glassbox writes"
    if let limit = MemoryLimit.current(), limit.bytes / 2 < UInt64(cap) {
        cap = Int(limit.bytes / 2)
        capReason = "half of \(MemoryLimit.format(limit.bytes)), \(limit.source)"
    }
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
        if bytes.count > cap {
            // A pipe that never ends, or the wrong file: refuse before memory runs out.
            throw CLIError(description: "\(path): is larger than \(MemoryLimit.format(UInt64(cap))), \(capReason); is this the right file?")
        }
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
