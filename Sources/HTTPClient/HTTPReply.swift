/// What an HTTP request came back with, or why it did not.
package struct HTTPReply: Sendable {
    package let status: Int
    package let body: String
    package let headers: [String: String]
    /// Set when no response arrived (connection refused, reset, timeout, TLS failure).
    package let transportError: String?

    package static func failure(_ reason: String) -> HTTPReply { HTTPReply(status: 0, body: "", headers: [:], transportError: reason) }
}
