import CCrypto
import Foundation

/// SHA-256 through libcrypto, as lowercase hex: the archive's hash chain and content digests.
public enum SHA256Digest {
    public static func hex(_ text: String) -> String {
        var bytes = Array(text.utf8)
        return hex(bytes: &bytes)
    }

    /// The digest of the texts one after the other, fed to the hash in place.
    public static func hex(parts: [String]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        guard let context = EVP_MD_CTX_new() else { return hex(parts.joined()) }
        defer { EVP_MD_CTX_free(context) }
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        for var part in parts { part.withUTF8 { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) } }
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return hexString(digest)
    }

    public static func hex(bytes: inout [UInt8]) -> String {
        bytes.withUnsafeBytes { hex(raw: $0) }
    }

    /// The digest of a file's bytes, without copying them.
    public static func hex(data: Data) -> String {
        data.withUnsafeBytes { hex(raw: $0) }
    }

    static func hex(raw input: UnsafeRawBufferPointer) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        _ = CCrypto.SHA256(input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count, &digest)
        return hexString(digest)
    }

    static let digits = Array("0123456789abcdef".utf8)

    static func hexString(_ digest: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Incremental SHA-256 for digests over many rows (projection digests), buffering small updates.
public final class SHA256Stream {
    private let context: OpaquePointer?
    private var buffer: [UInt8] = []

    public init() {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        buffer.reserveCapacity(1 << 16)
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        flushIfFull()
    }

    /// Adds a type tag, a length and raw bytes, so adjacent values can never run together.
    package func update(tag: UInt8, bytes: UnsafeRawPointer?, count: Int) {
        buffer.append(tag)
        let length = UInt32(truncatingIfNeeded: count)
        for shift in stride(from: 0, to: 32, by: 8) { buffer.append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
        if let bytes, count > 0 { buffer.append(contentsOf: UnsafeRawBufferPointer(start: bytes, count: count)) }
        flushIfFull()
    }

    private func flushIfFull() {
        if buffer.count >= 1 << 16 { flush() }
    }

    private func flush() {
        buffer.withUnsafeBufferPointer { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        buffer.removeAll(keepingCapacity: true)
    }

    public func finish() -> String {
        flush()
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return SHA256Digest.hexString(Array(digest.prefix(Int(length))))
    }
}
