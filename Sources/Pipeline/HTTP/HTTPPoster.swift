import CSSL
import Foundation

/// What an HTTP POST came back with, or why it did not.
public struct HTTPReply: Sendable {
    public let status: Int
    public let body: String
    public let headers: [String: String]
    /// Set when no response arrived (connection refused, reset, timeout, TLS failure).
    public let transportError: String?

    static func failure(_ reason: String) -> HTTPReply { HTTPReply(status: 0, body: "", headers: [:], transportError: reason) }
}

/// HTTP/1.1 requests (JSON posts mostly), with TLS from the system's libssl for https.
///
/// Written on sockets rather than URLSession so that `aa` does not load FoundationNetworking (libcurl and its
/// dependencies) at every start: that cost 10 ms on each command, delivering or not. Certificates are checked
/// against the system store (`SSL_CERT_FILE` / `SSL_CERT_DIR` are honoured) and the host name.
public struct HTTPPoster: Sendable {
    public let timeout: Double

    public init(timeout: Double = 15) { self.timeout = timeout }

    public func post(url: URL, json: Data, headers: [String: String] = [:]) -> HTTPReply {
        send("POST", url: url, body: json, contentType: "application/json; charset=utf-8", headers: headers)
    }

    /// One request of any method; `body` is sent with `contentType` when given.
    public func send(_ method: String, url: URL, body: Data? = nil, contentType: String? = nil, headers: [String: String] = [:]) -> HTTPReply {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host else {
            return .failure("unsupported URL scheme")
        }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        var path = url.path.isEmpty ? "/" : url.path
        if let query = url.query { path += "?" + query }
        guard let socket = SocketConnection.open(host: host, port: port, timeout: timeout) else {
            return .failure("cannot connect to \(host):\(port)")
        }
        defer { socket.close() }
        var request = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\n"
        if let contentType { request += "Content-Type: \(contentType)\r\n" }
        request += "Content-Length: \(body?.count ?? 0)\r\nConnection: close\r\nUser-Agent: aa/\(PipelineContext.codeVersion)\r\n"
        for (k, v) in headers.sorted(by: { $0.key < $1.key }) { request += "\(k): \(v)\r\n" }
        let head = Array((request + "\r\n").utf8)
        let channel: any ByteChannel
        if scheme == "https" {
            guard let tls = TLSChannel(fd: socket.fd, host: host) else { return .failure("TLS handshake with \(host) failed (certificate not trusted, or not TLS)") }
            channel = tls
        } else {
            channel = socket
        }
        defer { channel.shutdown() }
        // Head and body are written separately, so a large upload is never copied into one buffer.
        let sent = head.withUnsafeBytes { channel.write($0) } && (body ?? Data()).withUnsafeBytes { channel.write($0) }
        guard sent else { return .failure("connection to \(host) closed while sending") }
        guard let response = channel.readAll(), !response.isEmpty else { return .failure("no answer from \(host) within \(String(format: "%g", timeout)) s") }
        return HTTPResponseParser.parse(response) ?? .failure("malformed HTTP answer from \(host)")
    }
}

/// Something bytes can be written to and read from until the peer closes.
protocol ByteChannel {
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool
    func readAll() -> [UInt8]?
    func shutdown()
}

/// A connected TCP socket with send and receive timeouts.
final class SocketConnection: ByteChannel {
    let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    /// Connects to the first address of `host` that accepts within `timeout`.
    static func open(host: String, port: Int, timeout: Double) -> SocketConnection? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0 else { return nil }
        defer { freeaddrinfo(list) }
        var entry = list
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return SocketConnection(fd: fd) }
            Glibc.close(fd)
        }
        return nil
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var sent = 0
        while sent < bytes.count {
            let n = send(fd, base + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    func readAll() -> [UInt8]? {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { return out }
            if n < 0 { return out.isEmpty ? nil : out }
            out += buffer[0..<n]
        }
    }

    func shutdown() {}

    func close() { Glibc.close(fd) }
}

/// TLS over a connected socket through libssl, verifying the certificate chain and the host name.
final class TLSChannel: ByteChannel {
    private let context: OpaquePointer
    private let ssl: OpaquePointer

    init?(fd: Int32, host: String) {
        guard let context = SSL_CTX_new(TLS_client_method()) else { return nil }
        SSL_CTX_set_default_verify_paths(context)
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        guard let ssl = SSL_new(context) else { SSL_CTX_free(context); return nil }
        self.context = context
        self.ssl = ssl
        SSL_set_fd(ssl, fd)
        _ = host.withCString { name in SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, Int(TLSEXT_NAMETYPE_host_name), UnsafeMutableRawPointer(mutating: name)) }
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
