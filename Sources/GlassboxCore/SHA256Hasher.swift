import Crypto

/// Incremental SHA-256 (FIPS 180-4): call ``update(_:)`` any number of times, then ``finalizeHex()``.
///
/// Input files of several hundred MB are hashed while they are parsed, so speed matters: the digest
/// is swift-crypto's `SHA256` (BoringSSL's code, which uses the CPU's SHA extensions where it has
/// them: about 1.2 GB/s of one core here, the same as the system's OpenSSL).
///
/// A value: a copy hashes on independently. It is `Sendable` by hand because swift-crypto's `SHA256`,
/// though a copy-on-write value (its BoringSSL context is copied before a shared one is changed), is not
/// marked so.
package struct SHA256Hasher: @unchecked Sendable {
    private var digest = Crypto.SHA256()
    private var finished = false

    /// A hasher in the initial state of FIPS 180-4 §5.3.3.
    package init() {}

    /// Appends `bytes` to the message.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(!finished, "SHA256Hasher used after finalizeHex()")
        digest.update(bufferPointer: bytes)
    }

    /// Finishes the message and returns the 64-character lower-case hex digest.
    package mutating func finalizeHex() -> String {
        precondition(!finished, "SHA256Hasher finalized twice")
        finished = true
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest.finalize() {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
