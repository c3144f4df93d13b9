import Foundation
import Testing
import GlassboxTabular
import GlassboxStatFiles
import GlassboxTestSupport

/// Hostile Stata, SPSS and SAS files: seeded mutations of every fixture (flipped bytes, overwritten runs,
/// truncations) are read under a memory limit. ReadStat is C code parsing someone else's file, so each
/// mutant must give a table or a thrown error, never a crash, a hang or an allocation beyond the limit.
struct StatFileMutationTests {
    static let mutantsPerFixture = 1000

    /// SplitMix64, so a failure names a reproducible mutant (fixture, index).
    struct Mixer {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    /// The `index`th mutant of `bytes`: a few flipped bytes, a run overwritten with one value (lengths and
    /// counts in headers), or a truncation.
    static func mutant(of bytes: [UInt8], index: Int) -> [UInt8] {
        var mixer = Mixer(state: UInt64(index) &* 0x2545_F491_4F6C_DD1D &+ 1)
        var out = bytes
        switch index % 3 {
        case 0:
            for _ in 0..<(1 + mixer.below(8)) { out[mixer.below(out.count)] ^= UInt8(truncatingIfNeeded: 1 + mixer.below(255)) }
        case 1:
            let start = mixer.below(out.count), value = [0x00, 0xFF, 0x7F, 0x80][mixer.below(4)]
            for k in start..<min(out.count, start + 1 + mixer.below(8)) { out[k] = UInt8(value) }
        default:
            out = Array(out.prefix(mixer.below(out.count)))
        }
        return out
    }

    @Test(arguments: StatFileReaderTests.fixtures)
    func mutantsGiveATableOrAnError(file: String) throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: StatFileReaderTests.path(file))))
        let ext = (file as NSString).pathExtension
        var options = StatFileOptions()
        options.maximumTableBytes = 64 << 20
        options.maximumTableBytesSource = "the test's limit"
        var refused = 0, read = 0
        for index in 0..<Self.mutantsPerFixture {
            let path = dir.path("mutant-\(index).\(ext)")
            try Data(Self.mutant(of: bytes, index: index)).write(to: URL(fileURLWithPath: path))
            do {
                let result = try StatFileReader.read(path: path, options: options)
                #expect(result.table.rowCount >= 0)
                read += 1
            } catch is TabularError {
                refused += 1
            }
            try FileManager.default.removeItem(atPath: path)
        }
        // Truncations (a third of the mutants) are mostly unreadable; flipped bytes often still parse.
        #expect(refused >= Self.mutantsPerFixture / 5 && read + refused == Self.mutantsPerFixture, "\(file): \(read) read, \(refused) refused")
    }
}
