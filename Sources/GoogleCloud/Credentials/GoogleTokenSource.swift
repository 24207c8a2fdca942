import CanonicalJSON
import Context
import Foundation
import HTTPClient

/// Turns a ``GoogleCredential`` into OAuth access tokens for BigQuery and Cloud Storage, cached until a minute before they expire:
/// an RS256-signed JWT exchanged at the key's token endpoint, a refresh-token exchange, or the metadata server.
package final class GoogleTokenSource: CachedTokenSource, Sendable {
    package let credential: GoogleCredential
    let http: HTTPPoster
    package let cache: TokenCache
    var now: @Sendable () -> Date { cache.now }

    /// BigQuery (queries, the archive table) and Cloud Storage read-write (publishing the report site).
    static let scopes = ["https://www.googleapis.com/auth/bigquery", "https://www.googleapis.com/auth/devstorage.read_write"]

    package init(credential: GoogleCredential, timeout: Double = 30, now: @escaping @Sendable () -> Date = { Date() }) {
        self.credential = credential
        self.http = HTTPPoster(timeout: timeout)
        self.cache = TokenCache(now: now)
    }

    package func fetch() throws(PipelineError) -> (token: String, expires: Date) {
        switch credential.secret {
        case .accessToken(let token):
            return (token, now().addingTimeInterval(3600))
        case .serviceAccount(let email, let key, let url):
            let assertion = try jwt(email: email, key: key, audience: url.absoluteString)
            return try exchange(
                url, ["grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": assertion],
                refused: "the service account key for \(email) (\(credential.origin)) was refused",
                fix: "the key may have been deleted; create a new one")
        case .authorizedUser(let client, let secret, let refresh, let url):
            return try exchange(
                url, ["grant_type": "refresh_token", "client_id": client, "client_secret": secret, "refresh_token": refresh],
                refused: "the refresh token in \(credential.origin) was refused", fix: "run `gcloud auth application-default login` again")
        case .metadataServer(let host):
            let url = URL(
                string:
                    "http://\(host)/computeMetadata/v1/instance/service-accounts/default/token?scopes=\(Self.scopes.joined(separator: ","))"
            )!
            let reply = HTTPPoster(timeout: 2).send("GET", url: url, headers: ["Metadata-Flavor": "Google"])
            guard reply.status == 200 else {
                throw PipelineError(
                    .config,
                    "no Google credentials found: set AA_BIGQUERY_ACCESS_TOKEN or GOOGLE_APPLICATION_CREDENTIALS, or run `gcloud auth "
                        + "application-default login` (the metadata server at \(host) "
                        + "\(reply.transportError == nil ? "answered \(reply.status)" : "did not answer"))"
                )
            }
            return try parse(reply, refused: "the metadata server at \(host) gave no token", fix: "check the VM's service account")
        }
    }

    /// The signed JWT a service account exchanges for a token (RFC 7523), valid for an hour.
    func jwt(email: String, key: String, audience: String) throws(PipelineError) -> String {
        let issued = Int64(now().timeIntervalSince1970)
        let header: JSONValue = ["alg": "RS256", "typ": "JWT"]
        let claims: JSONValue = [
            "iss": .string(email), "scope": .string(Self.scopes.joined(separator: " ")), "aud": .string(audience), "iat": .int(issued),
            "exp": .int(issued + 3600),
        ]
        let input = Base64URL.encode(Data(header.canonicalString.utf8)) + "." + Base64URL.encode(Data(claims.canonicalString.utf8))
        guard let signature = RS256Signer(pem: key)?.sign(Data(input.utf8)) else {
            throw PipelineError(.config, "the private key of \(email) could not sign a token request; download a new key")
        }
        return input + "." + Base64URL.encode(signature)
    }

    func exchange(_ url: URL, _ form: [String: String], refused: String, fix: String) throws(PipelineError) -> (
        token: String, expires: Date
    ) {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = form.sorted { $0.key < $1.key }.map {
            "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        let reply = RetrySchedule(maxAttempts: 3, sleep: { Thread.sleep(forTimeInterval: $0) }).run(
            { _ in
                let reply = http.send("POST", url: url, body: Data(body.utf8), contentType: "application/x-www-form-urlencoded")
                return reply.transportError == nil && reply.status < 500
                    ? .done(reply) : RetrySchedule.retryable(reply, service: url.host ?? "the token endpoint")
            }, exhausted: { HTTPReply.failure($0) })
        if let error = reply.transportError { throw PipelineError(.runtime, "cannot reach the token endpoint \(url.host ?? ""): \(error)") }
        return try parse(reply, refused: refused, fix: fix)
    }

    func parse(_ reply: HTTPReply, refused: String, fix: String) throws(PipelineError) -> (token: String, expires: Date) {
        let json = (try? JSONValue.parse(reply.body)) ?? .null
        guard reply.status == 200, let token = json["access_token"]?.stringValue, !token.isEmpty else {
            let reason = [json["error"]?.stringValue, json["error_description"]?.stringValue].compactMap { $0 }.joined(separator: ": ")
            throw PipelineError(.config, "\(refused) (\(reason.isEmpty ? "HTTP \(reply.status)" : reason)); \(fix)")
        }
        let seconds = json["expires_in"]?.doubleValue ?? 3600
        return (token, now().addingTimeInterval(seconds))
    }
}
