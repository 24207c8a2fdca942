import CanonicalJSON
import Context
import Foundation
import HTTPClient

/// Bearer tokens for a ``DatabricksCredential``, cached until a minute before they expire: the personal access
/// token itself, a service principal's OAuth client-credentials exchange at `{host}/oidc/v1/token`, or the
/// Databricks CLI's `databricks auth token`.
package final class DatabricksTokenSource: CachedTokenSource, Sendable {
    package let credential: DatabricksCredential
    let environment: [String: String]
    let http = HTTPPoster(timeout: 30)
    package let cache = TokenCache()

    package init(credential: DatabricksCredential, environment: [String: String]) {
        self.credential = credential
        self.environment = environment
    }

    package func fetch() throws(PipelineError) -> (token: String, expires: Date) {
        switch credential.secret {
        case .token(let token):
            return (token, .distantFuture)
        case .servicePrincipal(let client, let secret):
            let url = credential.host.appendingPathComponent("oidc/v1/token")
            let basic = Data("\(client):\(secret)".utf8).base64EncodedString()
            let reply = RetrySchedule(maxAttempts: 3, sleep: { Thread.sleep(forTimeInterval: $0) }).run(
                { _ -> RetrySchedule.Step<HTTPReply> in
                    let reply = http.send(
                        "POST", url: url, body: Data("grant_type=client_credentials&scope=all-apis".utf8),
                        contentType: "application/x-www-form-urlencoded", headers: ["Authorization": "Basic \(basic)"])
                    return reply.transportError != nil || reply.status == 429 || reply.status >= 500
                        ? RetrySchedule.retryable(reply, service: "the token endpoint") : .done(reply)
                }, exhausted: { HTTPReply.failure($0) })
            let json = (try? JSONValue.parse(reply.body)) ?? .null
            guard reply.status == 200, let token = json["access_token"]?.stringValue else {
                let why =
                    reply.transportError ?? json["error_description"]?.stringValue ?? json["error"]?.stringValue ?? "HTTP \(reply.status)"
                throw PipelineError(
                    .config,
                    "the service principal \(client) (\(credential.origin)) could not sign in at \(url.absoluteString): \(why); check "
                        + "the client id and secret, or create a new OAuth secret for it"
                )
            }
            return (token, Date().addingTimeInterval(Double(json["expires_in"]?.intValue ?? 3600)))
        case .cli:
            var arguments = ["auth", "token", "--host", credential.host.absoluteString]
            if let profile = credential.profile { arguments = ["auth", "token", "--profile", profile] }
            guard let (status, output) = ExternalCommand(environment: environment).run("databricks", arguments + ["--output", "json"])
            else {
                throw PipelineError(
                    .config,
                    "\(credential.origin) asks for the Databricks CLI's login, but `databricks` is not installed; install the CLI and "
                        + "run `databricks auth login`, or put a token in the profile"
                )
            }
            guard status == 0, let json = try? JSONValue.parse(output), let token = json["access_token"]?.stringValue else {
                throw PipelineError(
                    .config,
                    "the Databricks CLI gave no token for \(credential.host.absoluteString); run `databricks auth login --host "
                        + "\(credential.host.absoluteString)` and try again"
                )
            }
            let expiry = json["expiry"]?.stringValue.flatMap { try? Date($0, strategy: .iso8601) } ?? Date().addingTimeInterval(600)
            return (token, expiry)
        }
    }
}
