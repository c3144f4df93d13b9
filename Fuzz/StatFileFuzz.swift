import GlassboxStatFiles
import GlassboxTabular
#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer entry: any bytes read as a Stata, an SPSS and a SAS file (ReadStat reads a path and seeks, so
/// the input is written to one scratch file per extension, in /dev/shm when it exists) must give a table or
/// throw, never crash; value labels are applied and kept as codes, a projection is read, and every column
/// of a table is touched. Tables are bounded to 64 MiB, as the memory limit bounds them in the CLI.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStatFileReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    for path in StatFileFuzzPaths.all {
        guard let file = fopen(path, "wb") else { continue }
        _ = fwrite(data, 1, size, file)
        fclose(file)
        for keepCodes in [false, true] {
            var options = StatFileOptions(keepValueCodes: keepCodes)
            options.maximumTableBytes = 64 << 20
            guard let result = try? StatFileReader.read(path: path, options: options) else { continue }
            for name in result.table.columnNames { _ = try? result.table.column(named: name) }
            if !keepCodes, let first = result.table.columnNames.first {
                options.columns = [first]
                _ = try? StatFileReader.read(path: path, options: options)
            }
        }
    }
    return 0
}

/// One scratch file per extension, named by the process id (parallel fuzzing jobs do not share them).
enum StatFileFuzzPaths {
    static let all: [String] = {
        let folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        return ["dta", "sav", "sas7bdat"].map { "\(folder)/glassbox-fuzz-\(getpid()).\($0)" }
    }()
}
