import CanonicalJSON
import Context

/// A job the workspace holds, as `jobs/list` describes it.
package struct DatabricksJob: Sendable, Equatable {
    package let id: Int64
    package let name: String
    package let tags: [String: String]
}

/// The Jobs API 2.2 calls for the scheduled daily job: find it, create it, replace its settings, delete it.
extension DatabricksClient {
    /// `GET /api/2.2/jobs/list?name=…`, every page: the jobs named `name`.
    package func jobs(named name: String) throws(PipelineError) -> [DatabricksJob] {
        var found: [DatabricksJob] = []
        var page: String?
        repeat {
            var query = ["name": name, "limit": "100"]
            if let page { query["page_token"] = page }
            let answer = try call("GET", "/api/2.2/jobs/list", query: query)
            for job in answer["jobs"]?.arrayValue ?? [] {
                guard let id = job["job_id"]?.intValue else { continue }
                let settings = job["settings"] ?? .null
                let tags = (settings["tags"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
                found.append(DatabricksJob(id: id, name: settings["name"]?.stringValue ?? "", tags: tags))
            }
            page = answer["has_more"]?.boolValue == true ? answer["next_page_token"]?.stringValue : nil
        } while page != nil
        return found
    }

    /// `POST /api/2.2/jobs/create`: the new job's id.
    package func createJob(_ settings: JSONValue) throws(PipelineError) -> Int64 {
        guard let id = try call("POST", "/api/2.2/jobs/create", json: settings)["job_id"]?.intValue else {
            throw PipelineError(.runtime, "Databricks created the job but returned no job_id")
        }
        return id
    }

    /// `POST /api/2.2/jobs/reset`: every setting of job `id` replaced by `settings`.
    package func resetJob(_ id: Int64, _ settings: JSONValue) throws(PipelineError) {
        _ = try call("POST", "/api/2.2/jobs/reset", json: ["job_id": .int(id), "new_settings": settings])
    }

    /// `POST /api/2.2/jobs/delete`.
    package func deleteJob(_ id: Int64) throws(PipelineError) {
        _ = try call("POST", "/api/2.2/jobs/delete", json: ["job_id": .int(id)])
    }
}
