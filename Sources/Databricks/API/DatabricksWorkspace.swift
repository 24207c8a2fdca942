import CanonicalJSON
import Context
import Foundation

/// One object in a workspace folder listing.
package struct WorkspaceObject: Sendable, Equatable {
    package let path: String
    /// `NOTEBOOK`, `FILE`, `DIRECTORY`, `LIBRARY` or `REPO`.
    package let type: String
}

/// The Workspace API (`/api/2.0/workspace/…`) and the current user (`/api/2.0/preview/scim/v2/Me`).
extension DatabricksClient {
    /// The base64 `content` of a JSON import is limited to 10 MB; larger files go as a multipart form, as the SDK's `upload` does.
    static let importLimit = 10 * 1024 * 1024

    /// `GET /api/2.0/preview/scim/v2/Me`: the signed-in user's name (an e-mail, or a service principal's id).
    package func currentUser() throws(PipelineError) -> String {
        let me = try call("GET", "/api/2.0/preview/scim/v2/Me")
        guard let name = me["userName"]?.stringValue else {
            throw PipelineError(.runtime, "Databricks at \(credential.host.absoluteString) did not say who is signed in")
        }
        return name
    }

    /// `POST /api/2.0/workspace/mkdirs` (parents included; an existing folder is fine).
    package func makeWorkspaceFolder(_ path: String) throws(PipelineError) {
        _ = try call("POST", "/api/2.0/workspace/mkdirs", json: ["path": .string(path)])
    }

    /// `POST /api/2.0/workspace/import`, overwriting: a notebook as `SOURCE` (Python), any other file as `RAW`.
    /// Up to 10 MB as JSON with base64 content; beyond, as `multipart/form-data`.
    package func importToWorkspace(_ path: String, content: Data, notebook: Bool) throws(PipelineError) {
        var fields: [String: JSONValue] = ["path": .string(path), "format": notebook ? "SOURCE" : "RAW", "overwrite": true]
        if notebook { fields["language"] = "PYTHON" }
        if (content.count + 2) / 3 * 4 <= Self.importLimit {
            fields["content"] = .string(content.base64EncodedString())
            _ = try call("POST", "/api/2.0/workspace/import", json: .object(fields))
            return
        }
        let boundary = "aa-" + UUID().uuidString
        var body = Data()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            let text = value.stringValue ?? value.canonicalString
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(text)\r\n".utf8)
        }
        let fileName = (path as NSString).lastPathComponent
        let part = "--\(boundary)\r\nContent-Disposition: form-data; name=\"content\"; filename=\"\(fileName)\"\r\n"
        body += Data((part + "Content-Type: application/octet-stream\r\n\r\n").utf8)
        body += content + Data("\r\n--\(boundary)--\r\n".utf8)
        _ = try send("POST", "/api/2.0/workspace/import", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// `GET /api/2.0/workspace/export`: a notebook's source or a file's bytes.
    package func exportFromWorkspace(_ path: String, notebook: Bool) throws(PipelineError) -> Data {
        let answer = try call("GET", "/api/2.0/workspace/export", query: ["path": path, "format": notebook ? "SOURCE" : "RAW"])
        guard let content = answer["content"]?.stringValue, let data = Data(base64Encoded: content) else {
            throw PipelineError(.runtime, "Databricks returned no content for \(path)")
        }
        return data
    }

    /// `GET /api/2.0/workspace/get-status`: whether anything is at `path`.
    package func workspaceHas(_ path: String) throws(PipelineError) -> Bool {
        do { _ = try call("GET", "/api/2.0/workspace/get-status", query: ["path": path]) } catch  where error.kind == .notFound {
            return false
        }
        return true
    }

    /// `GET /api/2.0/workspace/list`: a folder's objects (not recursive).
    package func listWorkspace(_ path: String) throws(PipelineError) -> [WorkspaceObject] {
        let answer = try call("GET", "/api/2.0/workspace/list", query: ["path": path])
        return (answer["objects"]?.arrayValue ?? []).compactMap { object in
            guard let path = object["path"]?.stringValue, let type = object["object_type"]?.stringValue else { return nil }
            return WorkspaceObject(path: path, type: type)
        }
    }

    /// Every object under `path`, folders walked.
    package func listWorkspaceTree(_ path: String) throws(PipelineError) -> [WorkspaceObject] {
        var found: [WorkspaceObject] = []
        for object in try listWorkspace(path) {
            if object.type == "DIRECTORY" { found += try listWorkspaceTree(object.path) } else { found.append(object) }
        }
        return found
    }
}
