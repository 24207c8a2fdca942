import CanonicalJSON
import Context
import Foundation
import HTTPClient

/// A client of a Google REST API (BigQuery, Cloud Storage): each call authorised with a cached token and retried
/// with backoff and jitter on 5xx, 429, `rateLimitExceeded`, `backendError` and dropped connections — never on
/// `invalid…`, `notFound` or `accessDenied`. An expired token (401) is refreshed once. Both APIs answer errors in
/// the same envelope, read as a ``BigQueryError``.
package protocol GoogleAPICaller: Sendable {
    /// The API's root, or an emulator's.
    var endpoint: URL { get }
    var session: GoogleAPISession { get }
}

/// How a Google API client calls: its token source, HTTP client and retry settings (tests shorten the waits).
package struct GoogleAPISession: Sendable {
    package let tokens: GoogleTokenSource
    package var http = HTTPPoster(timeout: 60)
    package var maxAttempts = 5
    package var sleep: @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }

    package init(tokens: GoogleTokenSource) { self.tokens = tokens }
}

extension GoogleAPICaller {
    func url(_ path: String, _ query: [String: String]) -> URL {
        var parts = URLComponents(url: endpoint, resolvingAgainstBaseURL: false) ?? URLComponents()
        parts.path = (parts.path.hasSuffix("/") ? String(parts.path.dropLast()) : parts.path) + path
        if !query.isEmpty { parts.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) } }
        return parts.url ?? endpoint
    }

    func send(_ method: String, _ url: URL, body: Data?, contentType: String?) throws(BigQueryError) -> JSONValue {
        var refreshed = false
        let outcome: Result<JSONValue, BigQueryError> = RetrySchedule(maxAttempts: session.maxAttempts, sleep: session.sleep).run(
            { _ in
                let token: String
                do { token = try session.tokens.token() } catch {
                    return .done(
                        .failure(BigQueryError(status: 0, reason: "credentials", message: (error as? PipelineError)?.message ?? "\(error)"))
                    )
                }
                let reply = session.http.send(
                    method, url: url, body: body, contentType: contentType, headers: ["Authorization": "Bearer \(token)"])
                if let transport = reply.transportError { return .transient(reason: transport) }
                let json = (try? JSONValue.parse(reply.body)) ?? .null
                if reply.status == 401 && !refreshed {
                    refreshed = true
                    session.tokens.invalidate()
                    return .transient(reason: "the access token was refused (401)")
                }
                if let error = BigQueryError.from(json, status: reply.status)
                    ?? ((200..<300).contains(reply.status)
                        ? nil
                        : BigQueryError(status: reply.status, reason: "HTTP \(reply.status)", message: String(reply.body.prefix(200))))
                {
                    if error.retryable {
                        return error.status == 429 || error.reason.hasSuffix("RateLimitExceeded") || error.reason == "rateLimitExceeded"
                            ? .rateLimited(after: RetrySchedule.requestedWait(reply) ?? RetrySchedule.backoff(1), reason: error.description)
                            : .transient(reason: error.description)
                    }
                    return .done(.failure(error))
                }
                return .done(.success(json))
            }, exhausted: { reason in .failure(BigQueryError(status: 0, reason: "transport", message: reason)) })
        return try outcome.get()
    }
}

/// Where a Google API is reached: its own root, or an emulator's named by an environment variable.
package enum GoogleEndpoint {
    /// `environment[variable]` as an http(s) URL, or `fallback` when it is unset.
    package static func resolve(_ environment: [String: String], variable: String, default fallback: URL, example: String)
        throws(PipelineError) -> URL
    {
        try EnvironmentURL.http(environment, variable, purpose: "the emulator's root", example: example) ?? fallback
    }
}
