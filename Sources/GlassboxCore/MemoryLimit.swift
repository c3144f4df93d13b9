#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much memory a run may still allocate: the limit allocations sized by the input (tables,
/// design matrices) are checked against before they are made, so a too-large input gets a clear
/// message rather than an abort in the allocator or the kernel's OOM killer.
package enum MemoryLimit {
    /// The environment variable that overrides the limit (a byte count), e.g. for tests.
    package static let environmentVariable = "GLASSBOX_MEMORY_LIMIT_BYTES"

    /// The limit in bytes and a phrase saying where it came from: `GLASSBOX_MEMORY_LIMIT_BYTES` when
    /// set, else `MemAvailable` from `/proc/meminfo`, lowered to the address-space limit
    /// (`ulimit -v`) when that is smaller; nil when none can be determined.
    package static func current(environment: [String: String]? = nil) -> (bytes: UInt64, source: String)? {
        let env = environment ?? currentEnvironment()
        if let text = env[environmentVariable], let value = UInt64(text) {
            return (value, "the limit set by \(environmentVariable)")
        }
        var result: (bytes: UInt64, source: String)?
        if let available = memAvailable() {
            result = (available, "the memory available (MemAvailable in /proc/meminfo)")
        }
        #if canImport(Glibc)
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
            // What is left of the limit after what is mapped already and the BLAS work buffers.
            let used = (mappedBytes() ?? 0) &+ reservedAddressSpace
            let bytes = UInt64(limit.rlim_cur) > used ? UInt64(limit.rlim_cur) - used : 0
            if result == nil || bytes < result!.bytes {
                result = (bytes, "what the address-space limit (ulimit -v) leaves free")
            }
        }
        #endif
        return result
    }

    /// Address space to keep free under `ulimit -v` for buffers that libraries allocate on their
    /// own (OpenBLAS's work buffers); set once at start-up, before any worker thread exists.
    nonisolated(unsafe) package static var reservedAddressSpace: UInt64 = 0

    /// The process's mapped address space (`VmSize`, first field of `/proc/self/statm`), or nil.
    package static func mappedBytes() -> UInt64? {
        guard let file = fopen("/proc/self/statm", "r") else { return nil }
        defer { fclose(file) }
        var pages: UInt = 0
        guard withUnsafeMutablePointer(to: &pages, { vfscanf_shim(file, $0) }) else { return nil }
        return UInt64(pages) * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }

    private static func vfscanf_shim(_ file: UnsafeMutablePointer<FILE>, _ out: UnsafeMutablePointer<UInt>) -> Bool {
        var line = [CChar](repeating: 0, count: 128)
        guard fgets(&line, Int32(line.count), file) != nil else { return false }
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let first = text.split(separator: " ").first, let value = UInt(first) else { return false }
        out.pointee = value
        return true
    }

    /// `MemAvailable` from `/proc/meminfo` in bytes, or nil.
    static func memAvailable() -> UInt64? {
        guard let file = fopen("/proc/meminfo", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("MemAvailable:") else { continue }
            let digits = text.dropFirst("MemAvailable:".count).filter(\.isNumber)
            if let kB = UInt64(digits) { return kB * 1024 }
        }
        return nil
    }

    static func currentEnvironment() -> [String: String] {
        var result = [String: String]()
        if let value = getenv(environmentVariable) { result[environmentVariable] = String(cString: value) }
        return result
    }

    /// `1.5 GB` style (decimal units), with the exact byte count for small values.
    package static func format(_ n: UInt64) -> String {
        let units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(n), unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        if unit == 0 { return "\(n) bytes" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}
