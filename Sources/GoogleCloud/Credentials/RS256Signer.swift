import CSSL
import Foundation

/// Signs with an RSA private key from PEM text (RSASSA-PKCS1-v1_5 with SHA-256, JWT's RS256) through libcrypto.
struct RS256Signer {
    private let pem: String

    /// nil when `pem` holds no readable private key.
    package init?(pem: String) {
        self.pem = pem
        guard withKey({ _ in true }) == true else { return nil }
    }

    /// The signature of `data`, or nil if libcrypto refuses.
    func sign(_ data: Data) -> Data? {
        withKey { key -> Data? in
            guard let context = EVP_MD_CTX_new() else { return nil }
            defer { EVP_MD_CTX_free(context) }
            guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else { return nil }
            let updated = data.withUnsafeBytes { EVP_DigestSignUpdate(context, $0.baseAddress, $0.count) == 1 }
            guard updated else { return nil }
            var length = 0
            guard EVP_DigestSignFinal(context, nil, &length) == 1 else { return nil }
            var signature = [UInt8](repeating: 0, count: length)
            guard EVP_DigestSignFinal(context, &signature, &length) == 1 else { return nil }
            return Data(signature.prefix(length))
        } ?? nil
    }

    private func withKey<T>(_ body: (OpaquePointer) -> T) -> T? {
        let bytes = Array(pem.utf8)
        return bytes.withUnsafeBytes { raw -> T? in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else { return nil }
            defer { EVP_PKEY_free(key) }
            return body(key)
        }
    }
}

/// base64url without padding, as JWTs use it.
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
