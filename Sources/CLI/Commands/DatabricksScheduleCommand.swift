import CanonicalJSON
import Context
import Databricks
import Foundation
import MonitorEngine
import Pipeline

/// `aa databricks schedule|unschedule`: the one job that runs the monitors every morning, created once and updated
/// after (found again by its tag), or removed. `--dry-run` prints the job's settings and sends nothing.
enum DatabricksScheduleCommand {
    static let defaultCron = "0 30 6 * * ?"

    static func schedule(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let args = invocation.arguments
        let console = invocation.console
        var job = try settings(invocation)
        let dryRun = args.flag(.dryRun)
        // A dry run that names its workspace folder needs no sign-in: it sends nothing.
        let client = dryRun && args.value(.workspacePath) != nil ? nil : try DatabricksCommand.client(invocation)
        let folder = try DatabricksFolder.resolve(
            explicit: args.value(.workspacePath), environment: console.environment,
            signedIn: { () throws(PipelineError) -> String in
                if let client { return try client.currentUser() }
                return try DatabricksCommand.client(invocation).currentUser()
            })
        job.notebook = folder.path + "/" + DatabricksBundle.notebookName
        if let volume = args.value(.volume) { job.parameters["bundle"] = volume }
        if let scope = args.value(.secretScope) { job.parameters["secret_scope"] = scope }
        if args.flag(.noAI) { job.parameters["run_ai_agent"] = "False" }
        if let client {
            // Filled in by Databricks for each run: a failed monitor's notice links to it.
            let host = client.credential.host.absoluteString.trimmingCharacters(in: ["/"])
            job.parameters["job_run_url"] = host + "/jobs/{{job.id}}/runs/{{job.run_id}}"
        }
        guard !dryRun, let client else {
            console.json(["job_id": .null, "action": "dry-run", "settings": job.settings], as: .databricksSchedule)
            return 0
        }
        try checkRuntime(job, client: client, folder: folder.path, volume: args.value(.volume))
        let existing = try client.jobs(named: job.name).filter { $0.tags[DailyJob.tag.key] == DailyJob.tag.value }
        guard existing.count <= 1 else {
            throw PipelineError(
                .usage,
                "the workspace holds \(existing.count) jobs named '\(job.name)' tagged \(DailyJob.tag.key)=\(DailyJob.tag.value) "
                    + "(\(existing.map { String($0.id) }.joined(separator: ", "))); delete all but one in Workflows → Jobs")
        }
        let id: Int64
        let action: String
        if let found = existing.first {
            try client.resetJob(found.id, job.settings)
            (id, action) = (found.id, "updated")
        } else {
            id = try client.createJob(job.settings)
            action = "created"
        }
        if args.flag(.json) {
            console.json(["job_id": .int(id), "action": .string(action), "settings": job.settings], as: .databricksSchedule)
        } else {
            console.out(
                "\(action) job \(id) '\(job.name)': \(job.cron) (\(job.timezone))\(job.paused ? ", paused" : ""), "
                    + "\(job.monitors.count) monitor(s), \(job.concurrency) at a time, \(job.maxRetries) retr\(job.maxRetries == 1 ? "y" : "ies")"
            )
            console.out("  \(client.credential.host.absoluteString.trimmingCharacters(in: ["/"]))/jobs/\(id)")
        }
        return 0
    }

    static func unschedule(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let client = try DatabricksCommand.client(invocation)
        let found = try client.jobs(named: DailyJob.defaultName).filter { $0.tags[DailyJob.tag.key] == DailyJob.tag.value }
        guard !found.isEmpty else {
            invocation.console.out("no daily job to remove (none named '\(DailyJob.defaultName)' with aa's tag)")
            return 0
        }
        for job in found {
            try client.deleteJob(job.id)
            invocation.console.out("deleted job \(job.id) '\(job.name)'")
        }
        return 0
    }

    /// The job the options describe, checked before anything is sent: the cron, the zone, the monitors, the compute.
    static func settings(_ invocation: Invocation) throws(PipelineError) -> DailyJob {
        let args = invocation.arguments
        let cron = args.value(.cron) ?? defaultCron
        if let problem = QuartzCron.problem(cron) {
            throw PipelineError(
                .usage, "--cron '\(cron)' is not a Quartz cron expression: \(problem); for example --cron \"\(defaultCron)\" (06:30 daily)")
        }
        let timezone = args.value(.timezone) ?? "UTC"
        guard TimeZone(identifier: timezone) != nil else {
            throw PipelineError(
                .usage, "--timezone '\(timezone)' is not a time zone; give an IANA name such as Europe/Berlin, America/New_York or UTC")
        }
        let concurrency = try args.integer(.concurrency, default: 4, range: 1...100)
        let retries = try args.integer(.retries, default: 2, range: 0...10)
        let monitors: [String]
        if let given = args.list(.monitors) { monitors = given } else { monitors = try invocation.registry().registry.monitors.map(\.name) }
        for name in monitors { _ = try invocation.monitor(name, namedBy: .monitors) }
        guard !monitors.isEmpty else { throw PipelineError(.usage, "the registry has no monitors to schedule") }
        var job = DailyJob(
            cron: cron, timezone: timezone, compute: try compute(args), notebook: "", monitors: monitors, concurrency: concurrency)
        job.maxRetries = retries
        job.paused = args.flag(.paused)
        job.failureEmails = args.list(.notify) ?? []
        if let bad = job.failureEmails.first(where: { !$0.contains("@") || $0.contains(" ") }) {
            throw PipelineError(.usage, "--notify takes email addresses, got '\(bad)'; for example --notify data-oncall@example.com")
        }
        return job
    }

    /// Where the tasks run: an existing cluster, a job cluster on a runtime, or serverless.
    static func compute(_ args: ParsedArguments) throws(PipelineError) -> DailyJob.Compute {
        try args.refuseTogether(.clusterID, .runtime)
        try args.refuseTogether(.clusterID, .serverless)
        try args.refuseTogether(.runtime, .serverless)
        if let id = args.value(.clusterID) { return .existingCluster(id) }
        if args.flag(.serverless) { return .serverless }
        guard let text = args.value(.runtime) else {
            throw PipelineError(
                .usage,
                "say where the job runs: --cluster-id X (a cluster you have), --runtime 15.4 --node-type T (a job cluster) or --serverless")
        }
        let runtime = try DatabricksRuntime.named(text)
        guard let nodeType = args.value(.nodeType) else {
            throw PipelineError(
                .usage, "a job cluster needs --node-type, such as i3.xlarge (AWS), Standard_D4ds_v5 (Azure) or n2-standard-4 (GCP)")
        }
        let version = text.contains("-scala") ? text : "\(runtime.major).\(runtime.minor).x-scala2.12"
        return .jobCluster(sparkVersion: version, nodeType: nodeType)
    }

    /// Refuses compute whose runtime cannot start the pushed binary (its glibc is too old), before the job is sent.
    static func checkRuntime(_ job: DailyJob, client: DatabricksClient, folder: String, volume: String?) throws(PipelineError) {
        let version: String
        switch job.compute {
        case .existingCluster(let id): version = try client.cluster(id).sparkVersion
        case .jobCluster(let sparkVersion, _): version = sparkVersion
        case .serverless: return
        }
        guard let pushed = try PushedBinary.requirements(client: client, folder: folder, volume: volume),
            let runtime = try? DatabricksRuntime.named(version),
            let problem = runtime.incompatibility(pushed, path: "the aa binary pushed to \(volume ?? folder)")
        else { return }
        throw PipelineError(.usage, "refusing to schedule on Databricks Runtime \(version): " + problem + "; then `make push` again")
    }
}
