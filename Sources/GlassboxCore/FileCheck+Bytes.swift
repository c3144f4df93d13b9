#if canImport(Glibc)
import Glibc
#endif

extension FileCheck {
    /// The largest file ``readBytes(_:)`` reads into memory: 1 GiB, far more than any model or
    /// evaluation file Glassbox writes.
    package static let maximumInputBytes = 1 << 30

    /// The whole content of the file at `path` (a model file, an uplift evaluation): at most
    /// ``maximumInputBytes`` and at most half the memory available (``MemoryLimit``), so a pipe that never
    /// ends or the wrong file is refused before memory runs out. Callers check the path first with
    /// ``requireReadableFile(_:)``.
    /// - Throws: ``GlassboxCoreError/noSuchFile(path:)``, ``GlassboxCoreError/tooLarge(path:limit:reason:)``,
    ///   ``GlassboxCoreError/io(path:operation:message:)``.
    package static func readBytes(_ path: String) throws -> [UInt8] {
        #if canImport(Glibc)
        guard let file = fopen(path, "rb") else { throw GlassboxCoreError.noSuchFile(path: path) }
        defer { fclose(file) }
        var bytes = [UInt8]()
        var cap = maximumInputBytes, capReason = "far more than any model or evaluation file Glassbox writes"
        if let limit = MemoryLimit.current(), limit.bytes / 2 < UInt64(cap) {
            cap = Int(limit.bytes / 2)
            capReason = "half of \(MemoryLimit.format(limit.bytes)), \(limit.source)"
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if bytes.count > cap {
                throw GlassboxCoreError.tooLarge(path: path, limit: MemoryLimit.format(UInt64(cap)), reason: capReason)
            }
            if n < buffer.count { break }
        }
        if ferror(file) != 0 { throw GlassboxCoreError.io(path: path, operation: "read", message: String(cString: strerror(errno))) }
        return bytes
        #else
        return []
        #endif
    }
}
