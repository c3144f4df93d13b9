import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension FileHandle {
    /// Everything up to end of file, read with `read(2)` and retried when a signal interrupts it.
    /// Foundation's `readDataToEndOfFile()` traps on `EINTR`, which a child's SIGCHLD (the PostgreSQL
    /// test server's helpers, `Process` children of concurrent tests) can cause in a test process.
    package func readAllRetryingInterrupts() -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let fd = fileDescriptor
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                data.append(contentsOf: buffer[0..<n])
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return data
            }
        }
    }
}
