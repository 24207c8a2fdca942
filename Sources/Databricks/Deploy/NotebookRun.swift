import CanonicalJSON
import Context
import Foundation

/// A one-time run of the orchestrator notebook on an existing cluster (`runs/submit`), followed until it ends:
/// state changes reported as they happen, then the notebook's output or its error and trace. When `interrupted`
/// turns true (Ctrl-C), the run is cancelled and followed to its end.
package struct NotebookRun {
    package let client: DatabricksClient
    package var pollSeconds: Double = 5
    /// How long to keep following after a cancel before giving up.
    package var cancelGraceSeconds: Double = 120
    package var interrupted: () -> Bool = { false }
    package var progress: (String) -> Void = { _ in }

    package init(client: DatabricksClient) { self.client = client }

    /// The `runs/submit` body: one notebook task on `cluster` with the widget values as `base_parameters`.
    package static func submission(cluster: String, notebook: String, parameters: [String: String], runName: String, token: String)
        -> JSONValue
    {
        let task: JSONValue = [
            "task_key": "aa_orchestrator",
            "existing_cluster_id": .string(cluster),
            "notebook_task": [
                "notebook_path": .string(notebook), "source": "WORKSPACE", "base_parameters": .object(parameters.mapValues { .string($0) }),
            ],
        ]
        return ["run_name": .string(runName), "idempotency_token": .string(token), "timeout_seconds": 7200, "tasks": [task]]
    }

    /// How a followed run ended.
    package struct Ending: Sendable {
        package let status: RunStatus
        package let output: RunOutput?
        package let cancelled: Bool
    }

    /// Polls `runs/get` until the run is final, then reads the task's output.
    package func follow(_ runId: Int64) throws(PipelineError) -> Ending {
        var last = ""
        var cancelledAt: Date?
        while true {
            if cancelledAt == nil && interrupted() {
                progress("cancelling run \(runId) …")
                try client.cancelRun(runId)
                cancelledAt = Date()
            }
            let status = try client.runStatus(runId)
            if status.state.text != last {
                last = status.state.text
                progress("run \(runId): \(last)" + (status.state.message.isEmpty ? "" : " — \(status.state.message)"))
            }
            if status.state.isFinal {
                let output = try status.taskRunId.map { id throws(PipelineError) in try client.runOutput(id) }
                return Ending(status: status, output: output, cancelled: cancelledAt != nil)
            }
            if let cancelledAt, Date().timeIntervalSince(cancelledAt) > cancelGraceSeconds {
                throw PipelineError(
                    .runtime,
                    "run \(runId) was cancelled but is still \(last) after \(Int(cancelGraceSeconds)) s; check it at "
                        + "\(status.pageURL ?? "the Jobs UI")"
                )
            }
            wait(pollSeconds)
        }
    }

    /// Sleeps in short steps so an interrupt is noticed within a tenth of a second.
    func wait(_ seconds: Double) {
        let until = Date().addingTimeInterval(seconds)
        while Date() < until && !interrupted() { Thread.sleep(forTimeInterval: min(0.1, max(0, until.timeIntervalSinceNow))) }
    }
}
