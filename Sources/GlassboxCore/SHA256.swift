/// SHA-256 (FIPS 180-4) for fingerprinting input files in model and report manifests.
///
/// A one-shot digest of a byte array, the same fingerprint ``Provenance`` records for each input
/// (`CSVReadResult.sha256` for a CSV read by the library). Inside the package a streaming hasher
/// feeds the same computation block by block, so the CSV reader reads a file once.
package enum SHA256 {
    /// Lower-case hexadecimal SHA-256 digest (64 characters) of `bytes`.
    package static func hexDigest(of bytes: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// Lower-case hexadecimal SHA-256 digest (64 characters) of `bytes`.
    package static func hexDigest(of bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hexDigest(of: $0) }
    }
}
