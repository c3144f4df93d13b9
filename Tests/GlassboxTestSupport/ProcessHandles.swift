import Foundation

/// What this test process holds open in a directory: the check that a temporary cache (a fit's design cache, an
/// audit's projection cache) leaves no descriptor or mapping behind. Linux `/proc`; an unlinked file shows there as
/// "… (deleted)", so it still counts under its directory.
package enum ProcessHandles {
    /// Descriptors and mappings of this process that point into `directory`.
    package static func count(under directory: String) -> (descriptors: Int, mappings: Int) {
        let links = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        let descriptors = links.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0))?.hasPrefix(directory + "/") ?? false }
        // /proc files report a size of 0: read to the end rather than by the size.
        let maps = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/maps")).readToEnd()).flatMap { $0.map { String(decoding: $0, as: UTF8.self) } } ?? ""
        return (descriptors.count, maps.split(separator: "\n").filter { $0.contains(" " + directory + "/") }.count)
    }
}
