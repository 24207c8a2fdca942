import Analyst
import CanonicalJSON
import Context
import EventArchive
import Foundation
import GoogleCloud
import MonitorEngine
import Pipeline
import Slack

/// `aa run`: the daily job.
enum RunCommand {
    static let spec = CommandSpec(
        name: "run", summary: "Run monitors for a day: pull, compute, flag, analyse, deliver — every step archived.",
        usage: "aa run [--date YYYY-MM-DD] [--monitors a,b] [--no-ai] [--model M] [--dry-run] [--force] [--quiet] [--json]",
        options: [
            .wait,
            .date.explained("monitored day (default yesterday, UTC)"),
            .monitors.explained("comma-separated monitor names (default: every monitor this build can reach)"),
            .noAI,
            .model.explained("AI model for this run (over the monitor's analyst.model and AA_AI_MODEL)"),
            .dryRun.explained("compute and print everything, append nothing to the archive"),
            .resend,
            .force.explained("judge the day even when its data looks incomplete (see completeness in the registry)"),
            .noArchive,
            .quiet.explained("no progress and no message preview"),
        ],
        examples: [
            "aa run", "aa run --date 2026-11-20 --monitors revenue_funnel_demo", "aa run --dry-run --json",
            "OPENAI_BASE_URL=http://localhost:11434/v1 aa run --monitors revenue_funnel_demo --model llama3.1",
        ],
        run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let given = try Options(invocation)
        let date = given.date
        let loaded = try invocation.registry()
        let monitors = try select(given.monitors, loaded, console)
        let pipeline = invocation.pipeline(
            loaded, analyst: try AnalystChoice.make(for: invocation, ai: given.ai, model: given.model),
            delivery: try DeliveryChoice.make(
                for: invocation, monitors: loaded.registry.monitors, running: monitors, print: !given.quiet && !invocation.json))
        // Every warehouse is resolved before the first run starts, so a missing one stops the command with nothing archived.
        var warehouses: [any Warehouse] = []
        for monitor in monitors { warehouses.append(try pipeline.warehouses.warehouse(for: monitor)) }
        let options = given.run
        func runAll(_ store: ArchiveStore?, revisiting: Bool) throws(PipelineError) -> [RunSummary] {
            var summaries: [RunSummary] = []
            // Only a run that writes looks back at earlier days.
            let archive = revisiting ? store : nil
            for (monitor, warehouse) in zip(monitors, warehouses) {
                func judgeAgain(_ day: Day, trigger: String, revisit: Revisit? = nil) throws(PipelineError) {
                    var again = options
                    again.trigger = trigger
                    again.revisit = revisit
                    summaries.append(try pipeline.run(monitor: monitor, date: day, options: again, store: store, warehouse: warehouse))
                }
                // Days an earlier run left unjudged are looked at again first: judged late, or as they are.
                if let archive {
                    for (day, revisit) in try Revisit.due(archive, monitor: monitor, before: date) {
                        try judgeAgain(day, trigger: "revisit", revisit: revisit)
                    }
                }
                let today = try pipeline.run(monitor: monitor, date: date, options: options, store: store, warehouse: warehouse)
                summaries.append(today)
                // An earlier day that alerted and whose data the warehouse has since restated is judged again.
                if let archive {
                    for day in try RestatementRevisit.due(archive, monitor: monitor, restated: today.restated, date: date) {
                        try judgeAgain(day, trigger: "restatement")
                    }
                }
            }
            return summaries
        }
        let summaries =
            options.dryRun
            ? try runAll(try? invocation.readArchive(), revisiting: false)
            : try invocation.writing { (store) throws(PipelineError) in
                // Messages that failed on an earlier day go out first, so an outage at Slack never loses an alert.
                for sent in try PendingDeliveries(store: store, delivery: pipeline.delivery, clock: invocation.clock).send() {
                    console.err(
                        "aa: note: \(sent.event.monitor) \(sent.event.runDate): earlier message \(sent.outcome.kind.rawValue) — "
                            + "\(sent.outcome.detail)")
                }
                // In bot mode the team's reactions on earlier alerts become labels before any baseline is made.
                if let routed = pipeline.delivery as? RoutedDelivery {
                    for pulled in try LabelsCommand.pull(routed.bots(for: monitors), store: store, clock: invocation.clock) {
                        reactionNotes(pulled, console)
                    }
                }
                let summaries = try runAll(store, revisiting: true)
                if given.upload, ArchiveTableChoice.enabled(console.environment) { upload(store, invocation) }
                return summaries
            }
        if invocation.json {
            console.json(.array(summaries.map(json)), as: .run)
        } else {
            for s in summaries { printSummary(s, console) }
        }
        for s in summaries { if let note = s.deliveryNote { console.err("aa: note: \(s.monitor) \(s.runDate): \(note)") } }
        let undelivered = summaries.filter(\.messageFailed)
        for s in undelivered {
            console.err(
                "aa: warning: the message for \(s.monitor) \(s.runDate) could not be delivered; it is kept in the archive and `aa "
                    + "deliver --pending` (or the next `aa run`) sends it"
            )
        }
        if let failed = summaries.first(where: { $0.status == "failed" }) {
            console.error(
                PipelineError(
                    .runtime,
                    "\(failed.monitor) \(failed.runDate) failed: \(failed.error ?? "unknown error"); "
                        + (failed.eventsAppended > 0
                            ? "see `aa history --run \(failed.runId)`" : "nothing of the run was archived; run it again once that is fixed")
                ))
            return 1
        }
        return undelivered.isEmpty ? 0 : 1
    }

    /// What a run says about the reactions it took as labels, on stderr: nothing when there were none.
    static func reactionNotes(_ pulled: LabelsCommand.ChannelPull, _ console: Console) {
        switch pulled.pull {
        case .failure(let error): console.err("aa: note: \(pulled.channel): reactions on the posted alerts were not read: \(error.message)")
        case .success(let pull):
            if pull.appended > 0 {
                console.err("aa: note: \(pulled.channel): \(pull.appended) label(s) from reactions on the posted alerts (aa labels pull)")
            }
            for skipped in pull.skipped { console.err("aa: note: \(pulled.channel): \(skipped)") }
        }
    }

    /// Uploads what is pending to the archive table; a failure is a warning, the run's result stands.
    static func upload(_ store: ArchiveStore, _ invocation: Invocation) {
        let failure: String?
        do {
            let sync = ArchiveSync(
                table: try ArchiveTableChoice.table(for: invocation), store: store, clock: invocation.clock,
                progress: invocation.context.progress)
            failure = try sync.push().failure
        } catch {
            failure = error.message
        }
        if let failure {
            invocation.console.err(
                "aa: warning: the upload to the BigQuery archive table failed (\(failure)); the run is archived locally and `aa sync` "
                    + "(or the next run) uploads it"
            )
        }
    }

    /// The monitors to run: the named ones (all must exist), or every monitor whose source is configured here
    /// (BigQuery monitors need a credential: `AA_BIGQUERY_ACCESS_TOKEN`, `GOOGLE_APPLICATION_CREDENTIALS`, gcloud's
    /// application-default file, or `GOOGLE_CLOUD_PROJECT` on a machine with a metadata server).
    static func select(_ names: [String]?, _ loaded: LoadedRegistry, _ console: Console) throws(PipelineError) -> [Monitor] {
        guard let names else {
            let credential = try? GoogleCredential.resolve(console.environment)
            let bigquery =
                credential.map { c in c.kind != "metadata server" || console.environment["GOOGLE_CLOUD_PROJECT"] != nil } ?? false
            let reachable = loaded.registry.monitors.filter { $0.source == .sqlite || bigquery }
            for skipped in loaded.registry.monitors where !reachable.contains(skipped) {
                console.err(
                    "aa: note: skipping \(skipped.name): no BigQuery credential is configured (see `aa auth status`); name it with "
                        + "--monitors to run it anyway"
                )
            }
            return reachable
        }
        var monitors: [Monitor] = []
        for name in names { monitors.append(try loaded.monitor(name)) }
        if monitors.isEmpty { throw PipelineError(.usage, "--monitors lists no monitor names") }
        return monitors
    }

    static func json(_ s: RunSummary) -> JSONValue {
        [
            "monitor": .string(s.monitor), "run_date": .string(s.runDate.description), "run_id": .string(s.runId),
            "status": .string(s.status), "error": s.error.map { .string($0) } ?? .null, "events_appended": .int(Int64(s.eventsAppended)),
            "incomplete": .optional(s.incomplete), "restated": .int(Int64(s.restated.count)),
            "delivery_note": .optional(s.deliveryNote), "late_note": .optional(s.lateNote),
            "findings": .array(
                s.findings.map { AnomalyFlagged(finding: $0.finding, anomalyId: $0.anomalyId, pullEventId: nil).json }),
        ]
    }

    static func printSummary(_ s: RunSummary, _ console: Console) {
        let alerts = s.alerts
        console.out("\(s.monitor) \(s.runDate): \(s.status) · \(s.findings.count) finding(s), \(alerts.count) alert(s) · run \(s.runId)")
        if let error = s.error { console.out("  error: \(error)") }
        if let late = s.lateNote { console.out("  \(late)") }
        if let incomplete = s.incomplete, s.lateNote == nil {
            console.out(
                s.status == "incomplete"
                    ? "  data looks incomplete (\(incomplete)): not judged; run again once it has loaded, or --force"
                    : "  data looked incomplete (\(incomplete)); judged anyway (--force)")
        }
        if !s.restated.isEmpty {
            let shown = s.restated.prefix(3).map { r in
                "\(r.day) \(r.column) [\(r.dimension)=\(r.slice)] \(Format.number(r.old)) → \(Format.number(r.new))"
            }
            console.out(
                "  restated since the previous run: \(shown.joined(separator: "; "))"
                    + (s.restated.count > 3 ? "; and \(s.restated.count - 3) more (aa restatements)" : ""))
        }
        for item in alerts {
            let f = item.finding
            console.out(
                "  \(item.anomalyId)  \(f.severity.padding(toLength: 8, withPad: " ", startingAt: 0)) \(f.metric) "
                    + "[\(f.dimension)=\(f.slice)] "
                    + "\(Format.percent(f.stats.deltaRelative)) (z \(Format.number(f.statistic)))")
        }
        // A dry run archives nothing, so there is no chain for `aa why` to show.
        if let first = alerts.first, s.status != "dry-run" { console.out("  audit: aa why \(first.anomalyId)") }
    }
}
