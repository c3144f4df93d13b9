import CGlassboxLAPACK
import GlassboxCore
#if canImport(Glibc)
import Glibc
#endif

/// Which BLAS the process loaded at run time (Debian switches netlib/OpenBLAS through its
/// alternatives without relinking), for manifests and benchmarks, and thread control.
public enum BLASLibrary {
    /// The BLAS shared object mapped into this process (read from `/proc/self/maps`, symlinks
    /// resolved), e.g. `/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3`.
    public static var path: String {
        #if canImport(Glibc)
        _ = cblas_ddot(0, nil, 1, nil, 1) // make sure the library is bound before looking
        guard let file = fopen("/proc/self/maps", "r") else { return "unknown" }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard let slash = text.firstIndex(of: "/") else { continue }
            let mapped = text[slash...].trimmingCharacters(in: "\n")
            let base = mapped.split(separator: "/").last.map(String.init) ?? ""
            if base.hasPrefix("libblas") || base.hasPrefix("libopenblas") || base.hasPrefix("libcblas") {
                return resolvingSymlinks(mapped)
            }
        }
        #endif
        return "unknown"
    }

    /// A short name: `OpenBLAS`, `netlib` (reference BLAS) or the path when unrecognised.
    public static var name: String {
        let p = path
        if p.lowercased().contains("openblas") { return "OpenBLAS" }
        if p.contains("/blas/") { return "netlib" }
        return p
    }

    /// Asks OpenBLAS (when it is the BLAS in use) to stay single-threaded, because Glassbox splits
    /// rows across cores itself and OpenBLAS does not parallelise tall-skinny `dsyrk` well.
    public static func useSingleThreadedBLAS() {
        #if canImport(Glibc)
        typealias SetThreads = @convention(c) (Int32) -> Void
        if let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "openblas_set_num_threads") {
            unsafeBitCast(symbol, to: SetThreads.self)(1)
        }
        #endif
    }

    /// Bytes of work buffer OpenBLAS allocates for each thread that calls a level-3 routine
    /// (`BUFFER_SIZE`, 128 MiB, plus alignment, in Debian's build) and keeps for reuse.
    package static let openBLASBufferBytes: UInt64 = 134_225_920

    /// Why the address-space limit (`ulimit -v`) is too tight for OpenBLAS, or nil when there is no
    /// limit, the BLAS is not OpenBLAS, or there is room.
    ///
    /// When OpenBLAS cannot allocate its work buffer it retries forever (issue 13: `ulimit -v
    /// 400000` made `train` spin). So before any BLAS call, the room for one buffer per worker
    /// thread (plus 64 MiB) is probed by mapping, and unmapping, that much address space; when it
    /// fits, it is recorded in ``MemoryLimit/reservedAddressSpace`` so that the design and table
    /// budgets leave it free.
    package static func addressSpaceShortfall() -> String? {
        #if canImport(Glibc)
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        // Each thread's malloc arena reserves 64 MiB of address space: under a limit, share two
        // (glibc's mallopt(M_ARENA_MAX = -8, 2); <malloc.h> is not in the Glibc module).
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        if let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "mallopt") {
            _ = unsafeBitCast(symbol, to: MallOpt.self)(-8, 2)
        }
        guard name == "OpenBLAS" else { return nil }
        let threads = UInt64(Parallel.workerCount)
        let needed = threads * openBLASBufferBytes + (64 << 20)
        let probe = mmap(nil, Int(needed), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        if probe != MAP_FAILED {
            munmap(probe, Int(needed))
            MemoryLimit.reservedAddressSpace = needed
            return nil
        }
        let mapped = MemoryLimit.mappedBytes() ?? 0
        let suggestion = ((mapped + needed + (256 << 20)) / 1024 / 100_000 + 1) * 100_000
        return "the address-space limit (ulimit -v \(UInt64(limit.rlim_cur) / 1024)) leaves too little room for OpenBLAS, which needs "
            + "a \(MemoryLimit.format(openBLASBufferBytes)) work buffer for each of the \(threads) threads and would otherwise wait "
            + "forever for it; raise the limit to at least ulimit -v \(suggestion), or remove it"
        #else
        return nil
        #endif
    }

    private static func resolvingSymlinks(_ path: String) -> String {
        #if canImport(Glibc)
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        #endif
        return path
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in characters: String) -> String {
        var text = String(self)
        while let last = text.last, characters.contains(last) { text.removeLast() }
        return text
    }
}
