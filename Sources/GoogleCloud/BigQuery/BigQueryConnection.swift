import CanonicalJSON
import Context
import Foundation
import HTTPClient

/// Assembles a ``BigQueryClient`` from the environment: the credential chain, the project
/// (given, `GOOGLE_CLOUD_PROJECT`, or the credential's) and the endpoint (`AA_BIGQUERY_ENDPOINT` for emulators).
package enum BigQueryConnection {
    /// A client whose token source is ready; the credential is resolved but no token is fetched yet.
    ///
    /// - Throws: ``PipelineError`` (config) when no credential or no project can be found, or the endpoint is not a URL.
    package static func client(environment: [String: String], project: String? = nil) throws(PipelineError) -> BigQueryClient {
        let credential = try GoogleCredential.resolve(environment)
        guard
            let project = project ?? environment["GOOGLE_CLOUD_PROJECT"].flatMap({ $0.isEmpty ? nil : $0 }) ?? credential.project
                ?? metadataProject(credential)
        else {
            throw PipelineError(
                .config,
                "no BigQuery project: set GOOGLE_CLOUD_PROJECT (or bigquery.project for the monitor); \(credential.origin) names none")
        }
        return BigQueryClient(endpoint: try endpoint(environment), project: project, tokens: GoogleTokenSource(credential: credential))
    }

    /// On a Google Cloud machine, the project the metadata server says it is in (nil elsewhere).
    package static func metadataProject(_ credential: GoogleCredential) -> String? {
        guard case .metadataServer(let host) = credential.secret,
            let url = URL(string: "http://\(host)/computeMetadata/v1/project/project-id")
        else { return nil }
        let reply = HTTPPoster(timeout: 2).send("GET", url: url, headers: ["Metadata-Flavor": "Google"])
        let project = reply.body.trimmingCharacters(in: .whitespacesAndNewlines)
        return reply.status == 200 && !project.isEmpty ? project : nil
    }

    /// `AA_BIGQUERY_ENDPOINT`, or BigQuery's own.
    package static func endpoint(_ environment: [String: String]) throws(PipelineError) -> URL {
        try GoogleEndpoint.resolve(
            environment, variable: "AA_BIGQUERY_ENDPOINT", default: BigQueryClient.defaultEndpoint, example: "http://127.0.0.1:9050")
    }
}
