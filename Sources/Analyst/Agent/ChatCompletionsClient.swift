import CanonicalJSON
import Foundation
import HTTPClient

/// One Chat Completions request as it went: the parsed answer or why there was none, and every attempt it took.
struct ChatExchange {
    /// The response body, when a 200 with a JSON body arrived.
    let response: JSONValue?
    /// Why there is no usable response (after retries), in one sentence.
    package let failure: String?
    /// Each attempt: HTTP status (0 when none arrived), latency and any error, for the archive.
    let attempts: [JSONValue]
    /// Milliseconds from the first attempt to the final answer, waits included.
    let latencyMs: Int
}

/// `POST {base}/chat/completions` with retries: waits as asked on 429 (`retry-after-ms`, `Retry-After`), backs off
/// with jitter on 5xx, timeouts and dropped connections, and gives up at once on 400/401/403/404/422.
struct ChatCompletionsClient {
    let endpoint: AIEndpoint
    var maxAttempts = 4
    var sleep: @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }

    static let permanent: [Int: String] = [
        400: "the server refused the request as malformed", 401: "the API key was refused; check OPENAI_API_KEY",
        403: "the API key may not use this model or endpoint",
        404: "the model or endpoint does not exist; check AA_AI_MODEL and OPENAI_BASE_URL",
        422: "the server could not process the request",
    ]

    func complete(_ body: JSONValue) -> ChatExchange {
        let data = Data(body.canonicalString.utf8)
        let poster = HTTPPoster(timeout: endpoint.timeout)
        let started = Date()
        var attempts: [JSONValue] = []
        var response: JSONValue?
        let outcome: String? = RetrySchedule(maxAttempts: maxAttempts, sleep: sleep, maxWait: 60).run(
            { _ in
                let sent = Date()
                let reply = poster.post(url: endpoint.completionsURL, json: data, headers: endpoint.authorization)
                let parsed = reply.status == 200 ? try? JSONValue.parse(reply.body) : nil
                let step = judge(reply, parsed)
                var attempt: [String: JSONValue] = [
                    "status": .int(Int64(reply.status)), "latency_ms": .int(Self.milliseconds(since: sent)),
                ]
                if case .done(nil) = step { response = parsed } else { attempt["error"] = .string(Self.describe(step)) }
                attempts.append(.object(attempt))
                return step
            }, exhausted: { $0 })
        return ChatExchange(response: response, failure: outcome, attempts: attempts, latencyMs: Int(Self.milliseconds(since: started)))
    }

    /// nil in `.done` means success; a string is a final failure. `parsed` is the body of a 200.
    func judge(_ reply: HTTPReply, _ parsed: JSONValue?) -> RetrySchedule.Step<String?> {
        if reply.status == 200 {
            guard parsed?["choices"]?.arrayValue?.first?["message"] != nil else {
                return .transient(reason: "\(endpoint.host) answered 200 with a body that is not a chat completion")
            }
            return .done(nil)
        }
        if let meaning = Self.permanent[reply.status] {
            let detail = (try? JSONValue.parse(reply.body))?["error"]?["message"]?.stringValue.map { ": \(String($0.prefix(200)))" } ?? ""
            return .done("\(endpoint.host) answered \(reply.status) — \(meaning)\(detail); not retried")
        }
        if reply.transportError == nil && reply.status < 500 && reply.status != 429 && reply.status != 408 && reply.status != 409 {
            return .done("\(endpoint.host) answered \(reply.status); not retried")
        }
        return RetrySchedule.retryable(reply, service: endpoint.host)
    }

    static func describe(_ step: RetrySchedule.Step<String?>) -> String {
        switch step {
        case .done(let failure): return failure ?? ""
        case .rateLimited(_, let reason), .transient(let reason): return reason
        }
    }

    static func milliseconds(since start: Date) -> Int64 { Int64((Date().timeIntervalSince(start) * 1000).rounded()) }
}
