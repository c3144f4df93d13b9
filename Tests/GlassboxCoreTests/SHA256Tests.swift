import Testing
@testable import GlassboxCore

/// NIST FIPS 180-4 example vectors (csrc.nist.gov, "SHA-256 examples") and streaming consistency.
@Suite struct SHA256Tests {
    @Test func emptyMessage() {
        #expect(SHA256.hexDigest(of: [UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func abc() {
        #expect(SHA256.hexDigest(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func twoBlockMessage448Bits() {
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(message.count == 56)
        #expect(SHA256.hexDigest(of: message) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func oneMillionA() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hexDigest(of: message) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Feeding the same bytes in uneven pieces (crossing the 64-byte block edge) gives the one-shot digest.
    @Test func incrementalMatchesOneShot() {
        var generator = SeededGenerator(seed: 7)
        let message = (0..<1000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let expected = SHA256.hexDigest(of: message)
        for pieceSize in [1, 3, 63, 64, 65, 200] {
            var hasher = SHA256Hasher()
            var start = 0
            while start < message.count {
                let end = min(message.count, start + pieceSize)
                message[start..<end].withUnsafeBytes { hasher.update($0) }
                start = end
            }
            #expect(hasher.finalizeHex() == expected, "piece size \(pieceSize)")
        }
    }

    /// Lengths around the padding boundary (55, 56, 63, 64 bytes) against digests from Python's hashlib.
    @Test func paddingBoundaries() {
        let expected: [Int: String] = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
        ]
        for (n, digest) in expected {
            #expect(SHA256.hexDigest(of: [UInt8](repeating: UInt8(ascii: "a"), count: n)) == digest, "length \(n)")
        }
    }
}
