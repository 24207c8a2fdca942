import CanonicalJSON
import Context
import Foundation
import HTTPClient

/// BigQuery's REST v2 API over our own HTTP client: each call authorised with a cached token and retried with
/// backoff and jitter on 5xx, 429, `rateLimitExceeded`, `backendError` and dropped connections — never on
/// `invalidQuery`, `notFound` or `accessDenied`. An expired token (401) is refreshed once.
package struct BigQueryClient: Sendable {
    /// `https://bigquery.googleapis.com`, or `AA_BIGQUERY_ENDPOINT` (an emulator).
    package let endpoint: URL
    package let project: String
    package let tokens: GoogleTokenSource
    var http = HTTPPoster(timeout: 60)
    var maxAttempts = 5
    var sleep: @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }

    package static let defaultEndpoint = URL(string: "https://bigquery.googleapis.com")!

    package init(endpoint: URL, project: String, tokens: GoogleTokenSource) {
        self.endpoint = endpoint
        self.project = project
        self.tokens = tokens
    }

    /// `GET|POST|DELETE /bigquery/v2/projects/{project}{path}`; the parsed answer, or BigQuery's error.
    package func call(_ method: String, _ path: String, query: [String: String] = [:], body: JSONValue? = nil) throws(BigQueryError)
        -> JSONValue
    {
        let url = self.url("/bigquery/v2/projects/\(project)\(path)", query)
        return try send(
            method, url, body: body.map { Data($0.canonicalString.utf8) },
            contentType: body == nil ? nil : "application/json; charset=utf-8")
    }

    /// A multipart upload (`/upload/bigquery/v2/projects/{project}/jobs?uploadType=multipart`): job config and NDJSON data.
    package func upload(job: JSONValue, ndjson: Data) throws(BigQueryError) -> JSONValue {
        let boundary = "aa_boundary_" + String(job.canonicalString.hashValue.magnitude, radix: 36)
        var body = Data("--\(boundary)\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n\(job.canonicalString)\r\n".utf8)
        body += Data("--\(boundary)\r\nContent-Type: application/octet-stream\r\n\r\n".utf8) + ndjson + Data("\r\n--\(boundary)--\r\n".utf8)
        return try send(
            "POST", url("/upload/bigquery/v2/projects/\(project)/jobs", ["uploadType": "multipart"]), body: body,
            contentType: "multipart/related; boundary=\(boundary)")
    }

    func url(_ path: String, _ query: [String: String]) -> URL {
        var parts = URLComponents(url: endpoint, resolvingAgainstBaseURL: false) ?? URLComponents()
        parts.path = (parts.path.hasSuffix("/") ? String(parts.path.dropLast()) : parts.path) + path
        if !query.isEmpty { parts.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) } }
        return parts.url ?? endpoint
    }

    func send(_ method: String, _ url: URL, body: Data?, contentType: String?) throws(BigQueryError) -> JSONValue {
        var refreshed = false
        let outcome: Result<JSONValue, BigQueryError> = RetrySchedule(maxAttempts: maxAttempts, sleep: sleep).run(
            { _ in
                let token: String
                do { token = try tokens.token() } catch {
                    return .done(
                        .failure(BigQueryError(status: 0, reason: "credentials", message: (error as? PipelineError)?.message ?? "\(error)"))
                    )
                }
                let reply = http.send(method, url: url, body: body, contentType: contentType, headers: ["Authorization": "Bearer \(token)"])
                if let transport = reply.transportError { return .transient(reason: transport) }
                let json = (try? JSONValue.parse(reply.body)) ?? .null
                if reply.status == 401 && !refreshed {
                    refreshed = true
                    tokens.invalidate()
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
