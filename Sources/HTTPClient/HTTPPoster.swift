import Context
import Foundation

/// HTTP/1.1 requests (JSON posts mostly), with TLS from the system's libssl for https.
///
/// Written on sockets rather than URLSession so that `aa` does not load FoundationNetworking (libcurl and its
/// dependencies) at every start: that cost 10 ms on each command, delivering or not. Certificates are checked
/// against the system store (`SSL_CERT_FILE` / `SSL_CERT_DIR` are honoured) and the host name.
package struct HTTPPoster: Sendable {
    package let timeout: Double

    package init(timeout: Double = 15) { self.timeout = timeout }

    package func post(url: URL, json: Data, headers: [String: String] = [:]) -> HTTPReply {
        send("POST", url: url, body: json, contentType: "application/json; charset=utf-8", headers: headers)
    }

    /// One request of any method; `body` is sent with `contentType` when given.
    package func send(_ method: String, url: URL, body: Data? = nil, contentType: String? = nil, headers: [String: String] = [:])
        -> HTTPReply
    {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host else {
            return .failure("unsupported URL scheme")
        }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        // The target as written (still percent-encoded): `url.path` would decode a `%0D%0A` into the request line.
        let parts = URLComponents(url: url, resolvingAgainstBaseURL: false)
        var path = parts.map { $0.percentEncodedPath.isEmpty ? "/" : $0.percentEncodedPath } ?? "/"
        if let query = parts?.percentEncodedQuery { path += "?" + query }
        guard Self.isToken(path), Self.isToken(host), headers.allSatisfy({ Self.isToken($0.key) && Self.isFieldValue($0.value) }) else {
            return .failure("refused to send a request whose target or headers hold a space or control character")
        }
        guard let socket = SocketConnection.open(host: host, port: port, timeout: timeout) else {
            return .failure("cannot connect to \(host):\(port)")
        }
        defer { socket.close() }
        // RFC 9110 §7.2: the Host header names the port unless it is the scheme's default; servers build links from it.
        let authority = url.port.map { "\(host):\($0)" } ?? host
        var request = "\(method) \(path) HTTP/1.1\r\nHost: \(authority)\r\n"
        if let contentType { request += "Content-Type: \(contentType)\r\n" }
        request += "Content-Length: \(body?.count ?? 0)\r\nConnection: close\r\nUser-Agent: aa/\(PipelineContext.codeVersion)\r\n"
        for (k, v) in headers.sorted(by: { $0.key < $1.key }) { request += "\(k): \(v)\r\n" }
        let head = Array((request + "\r\n").utf8)
        let channel: any ByteChannel
        if scheme == "https" {
            guard let tls = TLSChannel(fd: socket.fd, host: host) else {
                return .failure("TLS handshake with \(host) failed (certificate not trusted, or not TLS)")
            }
            channel = tls
        } else {
            channel = socket
        }
        defer { channel.shutdown() }
        // Head and body are written separately, so a large upload is never copied into one buffer.
        let sent = head.withUnsafeBytes { channel.write($0) } && (body ?? Data()).withUnsafeBytes { channel.write($0) }
        guard sent else { return .failure("connection to \(host) closed while sending") }
        guard let response = channel.readAll(), !response.isEmpty else {
            return .failure("no answer from \(host) within \(String(format: "%g", timeout)) s")
        }
        return HTTPResponseParser.parse(response) ?? .failure("malformed HTTP answer from \(host)")
    }

    /// Visible ASCII only: what a request target, a host or a header name may hold (RFC 9112 §3.2).
    static func isToken(_ text: String) -> Bool { !text.isEmpty && text.utf8.allSatisfy { (0x21...0x7E).contains($0) } }

    /// No CR, LF, NUL or other control character: a header value cannot end its line early (RFC 9110 §5.5).
    static func isFieldValue(_ text: String) -> Bool { text.utf8.allSatisfy { $0 == 0x09 || (0x20...0x7E).contains($0) || $0 >= 0x80 } }
}
