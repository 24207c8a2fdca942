import CanonicalJSON
import Context
import Databricks
import Foundation
import MonitorEngine
import Pipeline

/// `aa databricks run`: a one-time run of the pushed notebook on a cluster with the widget values given here,
/// followed until it ends; the notebook's output on stdout, or its error and trace on stderr and exit 1. Ctrl-C
/// cancels the run on the cluster (exit 130).
enum DatabricksRunCommand {
    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let args = invocation.arguments
        let console = invocation.console
        let clusterId = try args.required(.clusterID, for: "databricks run")
        var parameters: [String: String] = ["run_ai_agent": args.flag(.noAI) ? "False" : "True"]
        var label = "yesterday"
        if let text = args.value(.date) {
            label = try DayText.runDate(text, today: invocation.clock.today).description
            parameters["date"] = label
        }
        if let monitors = args.list(.monitors) { parameters["monitors"] = monitors.joined(separator: ",") }
        if let scope = args.value(.secretScope) { parameters["secret_scope"] = scope }
        if let volume = args.value(.volume) { parameters["bundle"] = volume }
        let quiet = args.flag(.quiet)
        let progress: (String) -> Void = { line in if !quiet { console.err(line) } }

        let client = try DatabricksCommand.client(invocation)
        let cluster = try client.cluster(clusterId)
        guard ["RUNNING", "PENDING", "RESIZING", "RESTARTING"].contains(cluster.state) else {
            throw PipelineError(
                .usage,
                "cluster \(clusterId) (\(cluster.name)) is \(cluster.state); start it (Compute → \(cluster.name) → Start) and run "
                    + "again, or pick a running cluster"
            )
        }
        let folder = try DatabricksFolder.resolve(
            explicit: args.value(.workspacePath), environment: console.environment, signedIn: client.currentUser)
        let notebook = folder.path + "/" + DatabricksBundle.notebookName
        guard try client.workspaceHas(notebook) else {
            throw PipelineError(
                .notFound,
                "the notebook \(notebook) is not in \(client.credential.host.absoluteString); push it first with `make push` (or name "
                    + "the folder with --workspace-path)"
            )
        }
        if let pushed = try PushedBinary.requirements(client: client, folder: folder.path, volume: args.value(.volume)),
            let runtime = try? DatabricksRuntime.named(cluster.sparkVersion),
            let problem = runtime.incompatibility(pushed, path: "the aa binary pushed to \(args.value(.volume) ?? folder.path)")
        {
            throw PipelineError(
                .usage, "refusing to run on cluster \(clusterId) (\(cluster.sparkVersion)): " + problem + "; then `make push` again")
        }
        let body = NotebookRun.submission(
            cluster: clusterId, notebook: notebook, parameters: parameters,
            runName: "aa \(label) \(parameters["monitors"] ?? "")".trimmingCharacters(in: .whitespaces), token: UUID().uuidString)
        let interrupt = InterruptSignal()
        let runId = try client.submit(body)
        var follower = NotebookRun(client: client)
        if let poll = console.environment["AA_DATABRICKS_POLL_SECONDS"].flatMap(Double.init), poll > 0 { follower.pollSeconds = poll }
        follower.interrupted = { interrupt.isRaised }
        follower.progress = progress
        progress("submitted run \(runId) of \(notebook) on \(cluster.name) (\(cluster.sparkVersion)); Ctrl-C cancels it")
        let ending = try follower.follow(runId)
        if let url = ending.status.pageURL { progress("run page: \(url)") }
        if args.flag(.json) {
            console.json(
                [
                    "run_id": .int(runId), "state": .string(ending.status.state.text), "cancelled": .bool(ending.cancelled),
                    "output": ending.output?.result.map { .string($0) } ?? .null,
                    "error": ending.output?.error.map { .string($0) } ?? .null,
                    "error_trace": ending.output?.trace.map { .string($0) } ?? .null,
                    "run_page_url": ending.status.pageURL.map { .string($0) } ?? .null,
                ], as: .databricksRun)
        } else if let result = ending.output?.result {
            console.out(result + (ending.output?.truncated == true ? "\n… (output truncated by Databricks)" : ""))
        }
        if ending.cancelled {
            console.error(
                PipelineError(.runtime, "run \(runId) was cancelled at your request; Databricks says \(ending.status.state.text)"))
            return 130
        }
        guard ending.status.state.succeeded else {
            if !args.flag(.json) {
                if let trace = ending.output?.trace, !trace.isEmpty { console.err(trace) }
            }
            let reason = ending.output?.error ?? ending.status.state.message
            throw PipelineError(
                .runtime,
                "run \(runId) ended \(ending.status.state.text) on cluster \(clusterId): "
                    + "\(reason.split(separator: "\n").first.map(String.init) ?? "no error given")\(ending.status.pageURL.map { " — see \($0)" } ?? "")"
            )
        }
        return 0
    }
}
