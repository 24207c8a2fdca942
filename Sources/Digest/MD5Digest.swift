import CCrypto
import Foundation

/// MD5 through libcrypto, base64-encoded as Cloud Storage reports it (`md5Hash`): how a publish tells which files
/// changed. Not a security measure — the bytes are compared with what the destination already holds.
package enum MD5Digest {
    package static func base64(_ data: Data) -> String {
        var digest = [UInt8](repeating: 0, count: 16)
        var length: UInt32 = 0
        data.withUnsafeBytes { raw in
            _ = EVP_Digest(raw.baseAddress, raw.count, &digest, &length, EVP_md5(), nil)
        }
        return Data(digest.prefix(Int(length))).base64EncodedString()
    }
}
