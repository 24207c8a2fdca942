#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few socket constants and calls that differ between Linux (Glibc) and macOS (Darwin).
enum Socket {
    #if canImport(Glibc)
        /// `SOCK_STREAM`, an enum case on Glibc and an integer on Darwin.
        static let stream = Int32(SOCK_STREAM.rawValue)
        /// Flags for `send` so a peer that hung up gives an error instead of SIGPIPE.
        static let noSignal = Int32(MSG_NOSIGNAL)

        /// Nothing to do on Linux: `send` takes `MSG_NOSIGNAL` per call.
        static func suppressSigpipe(_ fd: Int32) {}

        /// Closes `fd`.
        static func close(_ fd: Int32) { _ = Glibc.close(fd) }
    #elseif canImport(Darwin)
        static let stream = SOCK_STREAM
        static let noSignal: Int32 = 0

        /// Darwin has no `MSG_NOSIGNAL`; the socket option does the same for every call.
        static func suppressSigpipe(_ fd: Int32) {
            var on: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
        }

        static func close(_ fd: Int32) { _ = Darwin.close(fd) }
    #endif
}
