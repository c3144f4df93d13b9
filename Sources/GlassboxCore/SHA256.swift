/// SHA-256 (FIPS 180-4, §6.2) for fingerprinting input files in report manifests.
///
/// A one-shot digest of a byte array, the same fingerprint ``Provenance`` records for each input
/// (`CSVReadResult.sha256` for a CSV read by the library). Inside the package a streaming hasher
/// feeds the same computation block by block, so the CSV reader reads a file once.
public enum SHA256 {
    /// Lower-case hexadecimal SHA-256 digest (64 characters) of `bytes`.
    package static func hexDigest(of bytes: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// Lower-case hexadecimal SHA-256 digest (64 characters) of `bytes`.
    public static func hexDigest(of bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hexDigest(of: $0) }
    }
}

/// Portable SHA-256 in Swift (FIPS 180-4): the fallback when no hardware-accelerated library is found.
///
/// The schedule W0…W63 is expanded per block, then the rounds run eight at a time over locals with
/// the roles of the working variables rotated by argument order (no register shuffling).
struct PortableSHA256: Sendable {
    private var h0: UInt32 = 0x6a09_e667, h1: UInt32 = 0xbb67_ae85
    private var h2: UInt32 = 0x3c6e_f372, h3: UInt32 = 0xa54f_f53a
    private var h4: UInt32 = 0x510e_527f, h5: UInt32 = 0x9b05_688c
    private var h6: UInt32 = 0x1f83_d9ab, h7: UInt32 = 0x5be0_cd19
    /// Bytes not yet compressed (fewer than 64).
    private var pending: [UInt8] = []
    /// Total message length in bytes.
    private var length: UInt64 = 0
    private var finished = false

    /// A hasher in the initial state of FIPS 180-4 §5.3.3.
    init() {
        pending.reserveCapacity(64)
    }

    /// Appends `bytes` to the message.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(!finished, "SHA256Hasher used after finalizeHex()")
        guard var base = bytes.baseAddress, bytes.count > 0 else { return }
        var count = bytes.count
        length &+= UInt64(count)
        if !pending.isEmpty {
            let take = min(64 - pending.count, count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            base += take
            count -= take
            if pending.count == 64 {
                pending.withUnsafeBytes { compress($0.baseAddress!, blocks: 1) }
                pending.removeAll(keepingCapacity: true)
            }
        }
        let whole = count / 64
        if whole > 0 {
            compress(base, blocks: whole)
            base += whole * 64
            count -= whole * 64
        }
        if count > 0 {
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: count))
        }
    }

    /// Pads the message (§5.1.1), compresses the final block(s) and returns the 64-character hex digest.
    mutating func finalizeHex() -> String {
        precondition(!finished, "SHA256 finalized twice")
        let bitLength = length &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        tail.withUnsafeBytes { compress($0.baseAddress!, blocks: tail.count / 64) }
        finished = true
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for word in [h0, h1, h2, h3, h4, h5, h6, h7] {
            for shift in stride(from: 28, through: 0, by: -4) {
                out.append(digits[Int((word >> UInt32(shift)) & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The SHA-256 compression function (§6.2.2) over `blocks` consecutive 64-byte blocks.
    /// The message schedule W0…W63 is expanded first, then the 64 rounds run over locals.
    private mutating func compress(_ pointer: UnsafeRawPointer, blocks: Int) {
        var a0 = h0, b0 = h1, c0 = h2, d0 = h3, e0 = h4, f0 = h5, g0 = h6, k0 = h7
        let k = PortableSHA256.constants
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { wb in
            let w = wb.baseAddress!
            for block in 0..<blocks {
                let p = pointer + block &* 64
                for t in 0..<16 {
                    w[t] = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self))
                }
                for t in 16..<64 {
                    let w15 = w[t &- 15], w2 = w[t &- 2]
                    let s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3)
                    let s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10)
                    w[t] = w[t &- 16] &+ s0 &+ w[t &- 7] &+ s1
                }
                var a = a0, b = b0, c = c0, d = d0, e = e0, f = f0, g = g0, h = k0
                // Eight rounds per iteration with the variable roles rotated by argument order,
                // so no register shuffling is needed between rounds.
                var t = 0
                while t < 64 {
                    sha256Round(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
                    sha256Round(h, a, b, &c, d, e, f, &g, k[t &+ 1] &+ w[t &+ 1])
                    sha256Round(g, h, a, &b, c, d, e, &f, k[t &+ 2] &+ w[t &+ 2])
                    sha256Round(f, g, h, &a, b, c, d, &e, k[t &+ 3] &+ w[t &+ 3])
                    sha256Round(e, f, g, &h, a, b, c, &d, k[t &+ 4] &+ w[t &+ 4])
                    sha256Round(d, e, f, &g, h, a, b, &c, k[t &+ 5] &+ w[t &+ 5])
                    sha256Round(c, d, e, &f, g, h, a, &b, k[t &+ 6] &+ w[t &+ 6])
                    sha256Round(b, c, d, &e, f, g, h, &a, k[t &+ 7] &+ w[t &+ 7])
                    t &+= 8
                }
                a0 = a0 &+ a; b0 = b0 &+ b; c0 = c0 &+ c; d0 = d0 &+ d
                e0 = e0 &+ e; f0 = f0 &+ f; g0 = g0 &+ g; k0 = k0 &+ h
            }
        }
        h0 = a0; h1 = b0; h2 = c0; h3 = d0; h4 = e0; h5 = f0; h6 = g0; h7 = k0
    }

    /// ``roundConstants`` at a fixed address, read without bounds checks in the round loop.
    nonisolated(unsafe) private static let constants: UnsafePointer<UInt32> = {
        let p = UnsafeMutablePointer<UInt32>.allocate(capacity: 64)
        p.initialize(from: roundConstants, count: 64)
        return UnsafePointer(p)
    }()

    /// The 64 round constants K (§4.2.2): first 32 bits of the fractional parts of the cube roots
    /// of the first 64 primes.
    private static let roundConstants: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]
}

@inline(__always) private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }

/// One SHA-256 round (§6.2.2 step 3) with T1 folded into d and the new a written to h:
/// T1 = h + Σ1(e) + Ch(e,f,g) + K_t + W_t;  d += T1;  h = T1 + Σ0(a) + Maj(a,b,c).
@inline(__always)
private func sha256Round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                         _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
    let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ (g ^ (e & (f ^ g))) &+ kw
    d = d &+ t1
    h = t1 &+ (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) | (c & (a | b)))
}
