#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A connected TCP socket with send and receive timeouts.
final class SocketConnection: ByteChannel {
    let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    /// Connects to the first address of `host` that accepts within `timeout`.
    static func open(host: String, port: Int, timeout: Double) -> SocketConnection? {
        var hints = addrinfo()
        hints.ai_socktype = Socket.stream
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0 else { return nil }
        defer { freeaddrinfo(list) }
        var entry = list
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            // Bounded before the conversion: a day at most, never a trap on an absurd or non-finite value.
            let seconds = timeout.isFinite ? min(max(timeout, 0.001), 86_400) : 86_400
            let micros = (seconds - seconds.rounded(.down)) * 1_000_000
            var tv = timeval(tv_sec: .init(seconds.rounded(.down)), tv_usec: .init(micros))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            Socket.suppressSigpipe(fd)
            if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return SocketConnection(fd: fd) }
            Socket.close(fd)
        }
        return nil
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var sent = 0
        while sent < bytes.count {
            let n = send(fd, base + sent, bytes.count - sent, Socket.noSignal)
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

    func close() { Socket.close(fd) }
}
