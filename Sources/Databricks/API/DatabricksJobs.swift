import CanonicalJSON
import Context
import Foundation

/// Where a run is in its life: `life_cycle_state`, and `result_state` once it has one.
package struct RunState: Sendable, Equatable {
    package let lifeCycle: String
    package let result: String?
    package let message: String

    /// TERMINATED, SKIPPED and INTERNAL_ERROR are final.
    package var isFinal: Bool { ["TERMINATED", "SKIPPED", "INTERNAL_ERROR"].contains(lifeCycle) }
    package var succeeded: Bool { result == "SUCCESS" }
    package var text: String { lifeCycle + (result.map { " \($0)" } ?? "") }
}

/// What `runs/get` says of a one-time run and its (single) task.
package struct RunStatus: Sendable {
    package let runId: Int64
    package let state: RunState
    /// The notebook task's own run id: `runs/get-output` wants it, not the parent's.
    package let taskRunId: Int64?
    package let pageURL: String?
}

/// What a finished notebook task left: its `dbutils.notebook.exit` value, or its error and trace.
package struct RunOutput: Sendable {
    package let result: String?
    package let truncated: Bool
    package let error: String?
    package let trace: String?
}

/// A cluster as `clusters/get` describes it.
package struct ClusterInfo: Sendable {
    package let id: String
    package let name: String
    /// `RUNNING`, `PENDING`, `TERMINATED`, …
    package let state: String
    /// Such as `15.4.x-scala2.12`.
    package let sparkVersion: String
}

/// The Jobs API 2.2 calls for one-time runs, and `clusters/get`.
extension DatabricksClient {
    /// `GET /api/2.1/clusters/get`; a cluster that does not exist is a not-found error naming the workspace.
    package func cluster(_ id: String) throws(PipelineError) -> ClusterInfo {
        let answer: JSONValue
        do { answer = try call("GET", "/api/2.1/clusters/get", query: ["cluster_id": id]) } catch {
            if error.message.contains("does not exist") || error.kind == .notFound {
                throw PipelineError(
                    .notFound,
                    "cluster \(id) does not exist in \(credential.host.absoluteString); copy the id from Compute → your cluster → the "
                        + "URL or JSON view"
                )
            }
            throw error
        }
        return ClusterInfo(
            id: id, name: answer["cluster_name"]?.stringValue ?? id, state: answer["state"]?.stringValue ?? "UNKNOWN",
            sparkVersion: answer["spark_version"]?.stringValue ?? "")
    }

    /// `POST /api/2.2/jobs/runs/submit`: the body as sent, for a reviewer; the new run's id.
    package func submit(_ body: JSONValue) throws(PipelineError) -> Int64 {
        let answer = try call("POST", "/api/2.2/jobs/runs/submit", json: body)
        guard let id = answer["run_id"]?.intValue else {
            throw PipelineError(.runtime, "Databricks accepted the run but returned no run_id")
        }
        return id
    }

    /// `GET /api/2.2/jobs/runs/get`.
    package func runStatus(_ runId: Int64) throws(PipelineError) -> RunStatus {
        let answer = try call("GET", "/api/2.2/jobs/runs/get", query: ["run_id": String(runId)])
        let state = answer["state"] ?? .null
        return RunStatus(
            runId: runId,
            state: RunState(
                lifeCycle: state["life_cycle_state"]?.stringValue ?? "UNKNOWN", result: state["result_state"]?.stringValue,
                message: state["state_message"]?.stringValue ?? ""),
            taskRunId: answer["tasks"]?.arrayValue?.first?["run_id"]?.intValue, pageURL: answer["run_page_url"]?.stringValue)
    }

    /// `GET /api/2.2/jobs/runs/get-output` for a task run.
    package func runOutput(_ taskRunId: Int64) throws(PipelineError) -> RunOutput {
        let answer = try call("GET", "/api/2.2/jobs/runs/get-output", query: ["run_id": String(taskRunId)])
        return RunOutput(
            result: answer["notebook_output"]?["result"]?.stringValue,
            truncated: answer["notebook_output"]?["truncated"]?.boolValue ?? false,
            error: answer["error"]?.stringValue, trace: answer["error_trace"]?.stringValue)
    }

    /// `POST /api/2.2/jobs/runs/cancel`.
    package func cancelRun(_ runId: Int64) throws(PipelineError) {
        _ = try call("POST", "/api/2.2/jobs/runs/cancel", json: ["run_id": .int(runId)])
    }
}
