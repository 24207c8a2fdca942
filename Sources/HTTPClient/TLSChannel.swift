import CSSL

/// TLS over a connected socket through libssl, verifying the certificate chain and the host name.
final class TLSChannel: ByteChannel {
    private let context: OpaquePointer
    private let ssl: OpaquePointer

    package init?(fd: Int32, host: String) {
        guard let context = SSL_CTX_new(TLS_client_method()) else { return nil }
        SSL_CTX_set_default_verify_paths(context)
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            return nil
        }
        self.context = context
        self.ssl = ssl
        SSL_set_fd(ssl, fd)
        _ = host.withCString { name in
            SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, Int(TLSEXT_NAMETYPE_host_name), UnsafeMutableRawPointer(mutating: name))
        }
        _ = SSL_set1_host(ssl, host)
        guard SSL_connect(ssl) == 1 else { return nil }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var sent = 0
        while sent < bytes.count {
            let n = SSL_write(ssl, base + sent, Int32(min(bytes.count - sent, 1 << 30)))
            if n <= 0 { return false }
            sent += Int(n)
        }
        return true
    }

    func readAll() -> [UInt8]? {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = SSL_read(ssl, &buffer, Int32(buffer.count))
            if n <= 0 { return out.isEmpty ? nil : out }
            out += buffer[0..<Int(n)]
        }
    }

    func shutdown() { SSL_shutdown(ssl) }
}
