import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What an HTTP POST came back with, or why it did not.
public struct HTTPReply: Sendable {
    public let status: Int
    public let body: String
    public let headers: [String: String]
    /// Set when no response arrived (connection refused, reset, timeout).
    public let transportError: String?
}

/// Posts JSON synchronously: the CLI's runs are sequential, and a blocking call keeps delivery simple.
public struct HTTPPoster: Sendable {
    public let timeout: Double

    public init(timeout: Double = 15) { self.timeout = timeout }

    public func post(url: URL, json: Data, headers: [String: String] = [:]) -> HTTPReply {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.timeoutInterval = timeout
        request.httpBody = json
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let box = ReplyBox()
        let semaphore = DispatchSemaphore(value: 0)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: configuration)
        session.dataTask(with: request) { data, response, error in
            let http = response as? HTTPURLResponse
            var headers: [String: String] = [:]
            for (k, v) in http?.allHeaderFields ?? [:] { headers[String(describing: k).lowercased()] = String(describing: v) }
            box.set(HTTPReply(
                status: http?.statusCode ?? 0, body: data.map { String(decoding: $0, as: UTF8.self) } ?? "", headers: headers,
                transportError: error.map { ($0 as NSError).localizedDescription }))
            semaphore.signal()
        }.resume()
        semaphore.wait()
        session.finishTasksAndInvalidate()
        return box.get() ?? HTTPReply(status: 0, body: "", headers: [:], transportError: "no reply")
    }
}

/// Hands the reply from URLSession's callback thread to the waiting caller.
private final class ReplyBox: @unchecked Sendable {
    // @unchecked: the lock guards `reply`, written once by the callback and read after the semaphore.
    private let lock = NSLock()
    private var reply: HTTPReply?
    func set(_ r: HTTPReply) { lock.lock(); reply = r; lock.unlock() }
    func get() -> HTTPReply? { lock.lock(); defer { lock.unlock() }; return reply }
}
