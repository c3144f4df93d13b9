#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Incremental SHA-256 (FIPS 180-4): call ``update(_:)`` any number of times, then ``finalizeHex()``.
///
/// Input files of several hundred MB are hashed while they are parsed, so speed matters: when the
/// system's OpenSSL `libcrypto` can be loaded at run time (`dlopen`, no link-time dependency) its
/// SHA-256 is used — on CPUs with the SHA extensions it runs at GB/s. Otherwise, or when the
/// environment variable `GLASSBOX_PORTABLE_SHA256` is set, the portable Swift implementation
/// (``PortableSHA256``, ~100–150 MB/s) is used. Both give the same digest; tests compare them.
///
/// A hasher is a value with reference semantics for its running state: do not copy one and
/// update both copies.
package struct SHA256Hasher: @unchecked Sendable {
    private enum Backend {
        case portable(PortableSHA256Box)
        case libcrypto(LibCryptoSHA256Context)
    }
    private let backend: Backend

    /// A hasher in the initial state of FIPS 180-4 §5.3.3.
    package init() {
        self.init(portable: LibCryptoSHA256.shared == nil)
    }

    /// Chooses the implementation explicitly (`portable: false` falls back to portable when
    /// libcrypto is unavailable).
    init(portable: Bool) {
        if !portable, let library = LibCryptoSHA256.shared {
            backend = .libcrypto(LibCryptoSHA256Context(library))
        } else {
            backend = .portable(PortableSHA256Box())
        }
    }

    /// Whether the accelerated library is in use.
    var usesLibCrypto: Bool {
        if case .libcrypto = backend { return true }
        return false
    }

    /// Appends `bytes` to the message.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        switch backend {
        case .portable(let box): box.state.update(bytes)
        case .libcrypto(let context): context.update(bytes)
        }
    }

    /// Finishes the message and returns the 64-character lower-case hex digest.
    package mutating func finalizeHex() -> String {
        switch backend {
        case .portable(let box): return box.state.finalizeHex()
        case .libcrypto(let context): return context.finalizeHex()
        }
    }
}

final class PortableSHA256Box {
    var state = PortableSHA256()
}

/// `SHA256_Init` / `SHA256_Update` / `SHA256_Final` resolved from `libcrypto` with `dlsym`.
struct LibCryptoSHA256: @unchecked Sendable {
    typealias InitFunction = @convention(c) (UnsafeMutableRawPointer) -> Int32
    typealias UpdateFunction = @convention(c) (UnsafeMutableRawPointer, UnsafeRawPointer?, Int) -> Int32
    typealias FinalFunction = @convention(c) (UnsafeMutablePointer<UInt8>, UnsafeMutableRawPointer) -> Int32

    let initialize: InitFunction
    let update: UpdateFunction
    let final: FinalFunction

    /// The library, or `nil` when it is absent or disabled by `GLASSBOX_PORTABLE_SHA256`.
    static let shared: LibCryptoSHA256? = {
        if getenv("GLASSBOX_PORTABLE_SHA256") != nil { return nil }
        for name in ["libcrypto.so.3", "libcrypto.so", "libcrypto.dylib"] {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            if let i = dlsym(handle, "SHA256_Init"), let u = dlsym(handle, "SHA256_Update"), let f = dlsym(handle, "SHA256_Final") {
                return LibCryptoSHA256(initialize: unsafeBitCast(i, to: InitFunction.self),
                                       update: unsafeBitCast(u, to: UpdateFunction.self),
                                       final: unsafeBitCast(f, to: FinalFunction.self))
            }
            dlclose(handle)
        }
        return nil
    }()
}

/// An OpenSSL `SHA256_CTX` (112 bytes; 256 reserved) owned by a class so it is freed once.
final class LibCryptoSHA256Context {
    private let library: LibCryptoSHA256
    private let context: UnsafeMutableRawPointer
    private var finished = false

    init(_ library: LibCryptoSHA256) {
        self.library = library
        context = .allocate(byteCount: 256, alignment: 16)
        _ = library.initialize(context)
    }

    deinit { context.deallocate() }

    func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(!finished, "SHA256Hasher used after finalizeHex()")
        guard bytes.count > 0 else { return }
        _ = library.update(context, bytes.baseAddress, bytes.count)
    }

    func finalizeHex() -> String {
        precondition(!finished, "SHA256Hasher finalized twice")
        finished = true
        var digest = [UInt8](repeating: 0, count: 32)
        _ = digest.withUnsafeMutableBufferPointer { library.final($0.baseAddress!, context) }
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
