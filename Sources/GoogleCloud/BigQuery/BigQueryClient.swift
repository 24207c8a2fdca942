import CanonicalJSON
import Context
import Foundation
import HTTPClient

/// BigQuery's REST v2 API over our own HTTP client, called as every Google API is (``GoogleAPICaller``).
package struct BigQueryClient: GoogleAPICaller {
    /// `https://bigquery.googleapis.com`, or `AA_BIGQUERY_ENDPOINT` (an emulator).
    package let endpoint: URL
    package let project: String
    package var session: GoogleAPISession

    package static let defaultEndpoint = URL(string: "https://bigquery.googleapis.com")!

    package init(endpoint: URL, project: String, tokens: GoogleTokenSource) {
        self.endpoint = endpoint
        self.project = project
        session = GoogleAPISession(tokens: tokens)
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
}
