/// SHA-256 (FIPS 180-4) for fingerprinting input files in model and report manifests.
///
/// One-shot helpers over a buffer; use ``SHA256Hasher`` to hash a stream block by block
/// (the CSV reader feeds it the same bytes it parses, so a file is read once).
public enum SHA256 {
    /// Lower-case hexadecimal SHA-256 digest (64 characters) of `bytes`.
    public static func hexDigest(of bytes: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// Lower-case hexadecimal SHA-256 digest (64 characters) of `bytes`.
    public static func hexDigest(of bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hexDigest(of: $0) }
    }
}
