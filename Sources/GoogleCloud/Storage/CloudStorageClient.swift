import CanonicalJSON
import Context
import Foundation
import HTTPClient

/// Cloud Storage's JSON API, as far as publishing needs it: list the objects under a prefix with their MD5, and
/// upload one object with its content type and cache header (a multipart upload, MD5 checked by the server).
package struct CloudStorageClient: GoogleAPICaller {
    /// `https://storage.googleapis.com`, or `STORAGE_EMULATOR_HOST` (the variable Google's own libraries read).
    package let endpoint: URL
    package var session: GoogleAPISession

    package static let defaultEndpoint = URL(string: "https://storage.googleapis.com")!

    /// A client with the credentials `aa` uses for BigQuery; no token is fetched yet.
    package init(environment: [String: String]) throws(PipelineError) {
        endpoint = try GoogleEndpoint.resolve(
            environment, variable: "STORAGE_EMULATOR_HOST", default: Self.defaultEndpoint, example: "http://127.0.0.1:9023")
        session = GoogleAPISession(tokens: GoogleTokenSource(credential: try GoogleCredential.resolve(environment)))
    }

    /// Object name → base64 MD5 (`md5Hash`) of every object whose name starts with `prefix`.
    package func objects(bucket: String, prefix: String) throws(PipelineError) -> [String: String] {
        var found: [String: String] = [:]
        var page: String?
        repeat {
            var query = ["prefix": prefix, "fields": "items(name,md5Hash),nextPageToken"]
            if let page { query["pageToken"] = page }
            let answer = try call("GET", url("/storage/v1/b/\(Self.escape(bucket))/o", query), bucket: bucket)
            for item in answer["items"]?.arrayValue ?? [] {
                if let name = item["name"]?.stringValue { found[name] = item["md5Hash"]?.stringValue ?? "" }
            }
            page = answer["nextPageToken"]?.stringValue
        } while page != nil
        return found
    }

    /// Uploads `bytes` as `bucket/name` with its metadata; `md5` (base64) lets the server refuse a corrupted upload.
    package func upload(bucket: String, name: String, bytes: Data, contentType: String, cacheControl: String, md5: String)
        throws(PipelineError)
    {
        let metadata: JSONValue = [
            "name": .string(name), "contentType": .string(contentType), "cacheControl": .string(cacheControl), "md5Hash": .string(md5),
        ]
        let boundary = "aa_site_" + md5.filter { $0.isLetter || $0.isNumber }
        var body = Data("--\(boundary)\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n\(metadata.canonicalString)\r\n".utf8)
        body += Data("--\(boundary)\r\nContent-Type: \(contentType)\r\n\r\n".utf8) + bytes + Data("\r\n--\(boundary)--\r\n".utf8)
        _ = try call(
            "POST", url("/upload/storage/v1/b/\(Self.escape(bucket))/o", ["uploadType": "multipart"]), bucket: bucket, body: body,
            contentType: "multipart/related; boundary=\(boundary)")
    }

    func call(_ method: String, _ url: URL, bucket: String, body: Data? = nil, contentType: String? = nil) throws(PipelineError)
        -> JSONValue
    {
        do { return try send(method, url, body: body, contentType: contentType) } catch {
            // No credential is a configuration problem with its own sentence, not something a retry fixes.
            if error.reason == "credentials" { throw PipelineError(.config, error.message) }
            let fix =
                error.status == 404
                ? "check the bucket name" : error.status == 403 ? "grant the credentials Storage Object Admin on it" : "retry later"
            throw PipelineError(.runtime, "Cloud Storage refused a request for bucket \(bucket): \(error.description); \(fix)")
        }
    }

    /// A bucket name as one path segment.
    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? segment
    }
}
