import CanonicalJSON
import Context
import Foundation

/// The Google credential the BigQuery client would use, found in the order gcloud users expect:
/// `AA_BIGQUERY_ACCESS_TOKEN`, then `GOOGLE_APPLICATION_CREDENTIALS` (service account key or authorized user),
/// then gcloud's application-default file, then the metadata server.
///
/// Describing a credential (``summary``) never reveals its secret.
package struct GoogleCredential: Sendable {
    /// What kind of credential it is, and what it holds.
    enum Secret: Sendable {
        case accessToken(String)
        case serviceAccount(email: String, privateKey: String, tokenURL: URL)
        case authorizedUser(clientId: String, clientSecret: String, refreshToken: String, tokenURL: URL)
        case metadataServer(host: String)
    }

    let secret: Secret
    /// Where it came from: the variable or file, for messages and `aa auth status`.
    package let origin: String
    /// The service account's e-mail, or the OAuth client id of an authorized user; nil when unknown.
    package let account: String?
    /// The project named by the credential (a key's `project_id`, an ADC file's `quota_project_id`).
    package let project: String?

    package static let defaultTokenURL = URL(string: "https://oauth2.googleapis.com/token")!

    /// `access token`, `service account`, `authorized user` or `metadata server`.
    package var kind: String {
        switch secret {
        case .accessToken: return "access token"
        case .serviceAccount: return "service account"
        case .authorizedUser: return "authorized user"
        case .metadataServer: return "metadata server"
        }
    }

    /// Kind, origin, account and project — no secret.
    package var summary: JSONValue {
        [
            "kind": .string(kind), "origin": .string(origin), "account": account.map { .string($0) } ?? .null,
            "project": project.map { .string($0) } ?? .null,
        ]
    }

    /// The first credential of the chain that is configured.
    ///
    /// - Throws: ``PipelineError`` (config) for a credentials file that is missing, not JSON, or of an unknown type.
    package static func resolve(_ environment: [String: String]) throws(PipelineError) -> GoogleCredential {
        if let token = environment["AA_BIGQUERY_ACCESS_TOKEN"], !token.isEmpty {
            return GoogleCredential(secret: .accessToken(token), origin: "AA_BIGQUERY_ACCESS_TOKEN", account: nil, project: nil)
        }
        if let path = environment["GOOGLE_APPLICATION_CREDENTIALS"], !path.isEmpty {
            guard FileManager.default.fileExists(atPath: path) else {
                throw PipelineError(
                    .config,
                    "GOOGLE_APPLICATION_CREDENTIALS names \(path), which does not exist; point it at a service account key file or "
                        + "unset it to use gcloud's application-default login"
                )
            }
            return try load(path, origin: "GOOGLE_APPLICATION_CREDENTIALS=\(path)")
        }
        let folder = environment["CLOUDSDK_CONFIG"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config/gcloud")
        let adc = folder + "/application_default_credentials.json"
        if FileManager.default.fileExists(atPath: adc) { return try load(adc, origin: "gcloud application-default credentials (\(adc))") }
        let host = environment["GCE_METADATA_HOST"] ?? "metadata.google.internal"
        return GoogleCredential(secret: .metadataServer(host: host), origin: "metadata server (\(host))", account: nil, project: nil)
    }

    /// Reads a credentials file: a service account key or an authorized user (what `gcloud auth application-default login` writes).
    static func load(_ path: String, origin: String) throws(PipelineError) -> GoogleCredential {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), let json = try? JSONValue.parse(text), json.objectValue != nil
        else {
            throw PipelineError(
                .config,
                "\(path) is not a JSON credentials file; download a new service account key, or run `gcloud auth application-default login`"
            )
        }
        func field(_ name: String) throws(PipelineError) -> String {
            guard let value = json[name]?.stringValue, !value.isEmpty else {
                throw PipelineError(
                    .config,
                    "\(path) has no \"\(name)\"; the file is incomplete — download a new key or run `gcloud auth application-default "
                        + "login` again"
                )
            }
            return value
        }
        let tokenURL = json["token_uri"]?.stringValue.flatMap(URL.init(string:)) ?? defaultTokenURL
        switch json["type"]?.stringValue ?? "" {
        case "service_account":
            let email = try field("client_email")
            let key = try field("private_key")
            guard RS256Signer(pem: key) != nil else {
                throw PipelineError(.config, "the private_key in \(path) is not a readable RSA key; download a new key for \(email)")
            }
            return GoogleCredential(
                secret: .serviceAccount(email: email, privateKey: key, tokenURL: tokenURL), origin: origin, account: email,
                project: json["project_id"]?.stringValue)
        case "authorized_user":
            let client = try field("client_id")
            return GoogleCredential(
                secret: .authorizedUser(
                    clientId: client, clientSecret: try field("client_secret"), refreshToken: try field("refresh_token"), tokenURL: tokenURL
                ),
                origin: origin, account: "authorized user (OAuth client \(client.prefix(12))…)",
                project: json["quota_project_id"]?.stringValue)
        case let other:
            throw PipelineError(
                .config,
                "\(path) is a credentials file of type '\(other.isEmpty ? "none" : other)', which aa cannot use; use a service account "
                    + "key (type service_account) or run `gcloud auth application-default login`"
            )
        }
    }
}
