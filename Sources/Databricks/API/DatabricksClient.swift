import CanonicalJSON
import Context
import Foundation
import HTTPClient

/// Databricks' REST API over our own HTTP client: every call signed with a cached bearer token, retried with
/// backoff and jitter on 429 (honouring `Retry-After`), 5xx and dropped connections; 401, 403 and 404 stop at once
/// with a sentence that names the host and the profile used.
package struct DatabricksClient: Sendable {
    package let tokens: DatabricksTokenSource
    var http = HTTPPoster(timeout: 300)
    var maxAttempts = 5
    var sleep: @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }

    package init(tokens: DatabricksTokenSource) { self.tokens = tokens }

    package var credential: DatabricksCredential { tokens.credential }

    /// A JSON call: `query` for GETs, `json` as the body otherwise; the parsed answer (`{}` for an empty one).
    package func call(_ method: String, _ path: String, query: [String: String] = [:], json: JSONValue? = nil) throws(PipelineError)
        -> JSONValue
    {
        let reply = try send(
            method, path, query: query, body: json.map { Data($0.canonicalString.utf8) },
            contentType: json == nil ? nil : "application/json")
        if reply.body.isEmpty { return .object([:]) }
        guard let parsed = try? JSONValue.parse(reply.body) else {
            throw PipelineError(
                .runtime, "Databricks at \(credential.host.absoluteString) answered \(method) \(path) with something that is not JSON")
        }
        return parsed
    }

    /// Any call; a reply with a 2xx status, or the error as one sentence.
    package func send(_ method: String, _ path: String, query: [String: String] = [:], body: Data?, contentType: String?)
        throws(PipelineError) -> HTTPReply
    {
        let url = self.url(path, query)
        var refreshed = false
        let outcome: Result<HTTPReply, PipelineError> = RetrySchedule(maxAttempts: maxAttempts, sleep: sleep).run(
            { _ in
                let token: String
                do { token = try tokens.token() } catch {
                    return .done(.failure(error as? PipelineError ?? PipelineError(.config, "\(error)")))
                }
                let reply = http.send(method, url: url, body: body, contentType: contentType, headers: ["Authorization": "Bearer \(token)"])
                if reply.transportError == nil && (200..<300).contains(reply.status) { return .done(.success(reply)) }
                if reply.status == 401 && !refreshed, case .servicePrincipal = credential.secret {
                    refreshed = true
                    tokens.invalidate()
                    return .transient(reason: "the OAuth token was refused (401)")
                }
                if reply.transportError != nil || reply.status == 429 || reply.status >= 500 {
                    return RetrySchedule.retryable(reply, service: "Databricks")
                }
                return .done(.failure(failure(reply, method: method, path: path)))
            },
            exhausted: { reason in
                .failure(
                    PipelineError(.runtime, "Databricks at \(credential.host.absoluteString) did not answer \(method) \(path): \(reason)"))
            })
        return try outcome.get()
    }

    /// The error a refused call becomes: what Databricks said, where, with which credential, and what to do.
    package func failure(_ reply: HTTPReply, method: String, path: String) -> PipelineError {
        let json = (try? JSONValue.parse(reply.body)) ?? .null
        let said = json["message"]?.stringValue ?? json["error"]?.stringValue ?? String(reply.body.prefix(200))
        let code = json["error_code"]?.stringValue.map { " \($0)" } ?? ""
        let who = "Databricks at \(credential.host.absoluteString) (\(credential.origin))"
        switch reply.status {
        case 401:
            return PipelineError(.config, "\(who) refused the credential (401): \(said); check the token or run `make auth`")
        case 403:
            return PipelineError(
                .config,
                "\(who) refused \(method) \(path) (403): \(said); the token may have expired or lack permission — create a new one, or "
                    + "ask an admin for access"
            )
        case 404:
            return PipelineError(.notFound, "\(who) has no \(path) (404\(code)): \(said)")
        default:
            return PipelineError(.runtime, "\(who) refused \(method) \(path) (\(reply.status)\(code)): \(said)")
        }
    }

    func url(_ path: String, _ query: [String: String]) -> URL {
        var parts = URLComponents(url: credential.host, resolvingAgainstBaseURL: false) ?? URLComponents()
        parts.path = parts.path + path
        if !query.isEmpty { parts.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) } }
        return parts.url ?? credential.host
    }
}
