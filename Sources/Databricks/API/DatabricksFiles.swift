import CanonicalJSON
import Context
import Foundation
import HTTPClient

/// The Files API (`/api/2.0/fs/…`) for Unity Catalog volumes: paths such as `/Volumes/main/tools/bin/aa`.
extension DatabricksClient {
    /// `PUT /api/2.0/fs/directories{path}` (parents included).
    package func makeVolumeFolder(_ path: String) throws(PipelineError) {
        _ = try send("PUT", "/api/2.0/fs/directories" + path, body: nil, contentType: nil)
    }

    /// `PUT /api/2.0/fs/files{path}?overwrite=true`, the bytes as the body (files up to 5 GiB).
    package func uploadToVolume(_ path: String, content: Data) throws(PipelineError) {
        _ = try send(
            "PUT", "/api/2.0/fs/files" + path, query: ["overwrite": "true"], body: content, contentType: "application/octet-stream")
    }

    /// `GET /api/2.0/fs/files{path}`: a text file's contents.
    package func downloadFromVolume(_ path: String) throws(PipelineError) -> Data {
        Data(try send("GET", "/api/2.0/fs/files" + path, body: nil, contentType: nil).body.utf8)
    }

    /// `GET /api/2.0/fs/directories{path}`, walked: every file under `path`.
    package func listVolumeTree(_ path: String) throws(PipelineError) -> [String] {
        let answer = try call("GET", "/api/2.0/fs/directories" + path)
        var found: [String] = []
        for entry in answer["contents"]?.arrayValue ?? [] {
            guard let child = entry["path"]?.stringValue else { continue }
            if entry["is_directory"]?.boolValue == true { found += try listVolumeTree(child) } else { found.append(child) }
        }
        return found
    }
}
