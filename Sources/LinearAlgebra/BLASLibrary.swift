import CLAPACK
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
