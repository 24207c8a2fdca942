import Analyst
import CanonicalJSON
import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline
import Slack

/// `aa demo`: build the embedded warehouse and run its history, end to end, with no credentials.
enum DemoCommand {
    static let spec = CommandSpec(
        name: "demo",
        summary: "Create the demo warehouse (synthetic funnel with injected incidents) and run the pipeline over its recent history.",
        usage: "aa demo [--end YYYY-MM-DD] [--days N] [--history N] [--quiet] [--json]",
        options: [
            .wait,
            .end,
            .days,
            .history,
            .quiet.explained("no progress lines and no message preview"),
        ],
        examples: ["aa demo", "aa demo --end 2026-06-30 --history 30 --archive /tmp/demo.sqlite"],
        run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let args = invocation.arguments
        let console = invocation.console
        let end = try invocation.runDate(.end)
        let days = try args.integer(.days, default: 200, range: 120...2000)
        let history = try args.integer(.history, default: 60, range: 1...(days - 70))
        let quiet = args.flag(.quiet)
        let loaded = try invocation.registry()
        var context = invocation.context
        let progress = context.progress
        context.progress = { _ in }
        // The demo replays history: it previews the last day's message and never posts, webhook or not.
        let pipeline = invocation.pipeline(
            loaded, analyst: BuiltinAnalyst(),
            delivery: PreviewDelivery(reason: "the demo never posts; the message was previewed only", printer: { _ in }), context: context)
        let session = DemoSession(
            pipeline: pipeline, builder: DemoWarehouseBuilder(end: end, days: days), historyDays: history, progress: progress)
        progress("writing the demo warehouse to \(context.warehousePath) (\(days) days ending \(end))")
        let (store, all) = try invocation.writing { (store) throws(PipelineError) in (store, try session.run(store: store)) }
        // The last day's first run, made while its partition was still loading, judged nothing.
        let unjudged = all.filter { $0.status == "incomplete" }
        let summaries = all.filter { $0.status != "incomplete" }
        let recall = session.recall(summaries)
        let alerts = summaries.flatMap { s in s.alerts.map { (s, $0) } }
        if invocation.json {
            console.json(
                [
                    "warehouse": .string(context.warehousePath), "archive": .string(store.path), "runs": .int(Int64(summaries.count)),
                    "alerts": .array(
                        alerts.map { s, a in
                            [
                                "run_date": .string(s.runDate.description), "anomaly_id": .string(a.anomalyId),
                                "metric": .string(a.finding.metric),
                                "dimension": .string(a.finding.dimension), "slice": .string(a.finding.slice),
                                "severity": .string(a.finding.severity),
                            ]
                        }),
                    "restated": .array(
                        summaries.filter { !$0.restated.isEmpty }.map { s in
                            ["date": .string(s.runDate.description), "run_id": .string(s.runId), "values": .int(Int64(s.restated.count))]
                        }),
                    "incomplete": .array(
                        unjudged.map { s in
                            ["date": .string(s.runDate.description), "run_id": .string(s.runId), "sentence": .optional(s.incomplete)]
                        }),
                    "incidents": .array(
                        recall.map { r in
                            [
                                "date": .string(r.incident.day.description), "kind": .string(r.incident.kind),
                                "found_by": r.foundBy.map { .string($0) } ?? .null,
                            ]
                        }),
                ], as: .demo)
        } else {
            if !quiet, let latest = summaries.last(where: { !$0.alerts.isEmpty }),
                let message = try ArchiveReader(store: store).lastMessage(of: latest.runId)?.message,
                message != .null
            {
                console.out(
                    "\nThe Slack message of \(latest.runDate), the latest day with alerts (the demo never posts):\n\n"
                        + SlackPreview.text(message))
            }
            console.out("\nDemo: \(summaries.count) runs archived in \(store.path); \(alerts.count) alerts.\n")
            console.table(
                ["date", "anomaly", "severity", "metric", "slice", "change"],
                alerts.map { s, a in
                    [
                        s.runDate.description, a.anomalyId, a.finding.severity, a.finding.metric,
                        "\(a.finding.dimension)=\(a.finding.slice)",
                        Format.percent(a.finding.stats.deltaRelative),
                    ]
                })
            let firstRun = end.adding(1 - history)
            let inWindow = recall.filter { $0.incident.day >= firstRun }
            console.out("\nInjected incidents found: \(inWindow.filter { $0.foundBy != nil }.count)/\(inWindow.count) in the days run")
            for r in recall {
                let outcome =
                    r.incident.day < firstRun
                    ? " (before the days run; use --history 60)" : r.foundBy.map { " → aa why \($0)" } ?? " (missed)"
                console.out(
                    "  \(r.foundBy == nil ? (r.incident.day < firstRun ? "·" : "✗") : "✓") \(r.incident.day) \(r.incident.kind): "
                        + "\(r.incident.description)"
                        + outcome)
            }
            for s in summaries where !s.restated.isEmpty {
                console.out(
                    "\nBackfill: the run of \(s.runDate) found \(s.restated.count) past value(s) of \(s.restated[0].day) restated since "
                        + "the run before (aa restatements)")
            }
            for s in unjudged {
                console.out(
                    "\nLate data: the first run of \(s.runDate) found its partition \(s.incomplete ?? "incomplete") — not judged, no "
                        + "alert; the run after the load finished judged it (aa history --type data.incomplete)")
            }
            let example = recall.first { $0.incident.kind == "platform_only_drop" }?.foundBy ?? alerts.first?.1.anomalyId ?? "<anomaly-id>"
            let next: [(String, String)] = [
                ("aa alerts --since \(history)d", "every alert in the current reports"),
                ("aa why \(example)", "the full chain behind one alert"),
                ("aa report --monitor revenue_funnel_demo --date \(end)", "the latest day's report"),
                ("aa narratives --monitor revenue_funnel_demo", "the analyst's narratives side by side"),
                ("aa verify", "re-check the hash chain and the projections"),
                ("OPENAI_API_KEY=… aa reanalyze --monitor revenue_funnel_demo --from 7d", "have an AI analyst explain the last week again"),
            ]
            let width = next.map(\.0.count).max() ?? 0
            console.out("\nWhere to look next:")
            for (command, what) in next { console.out("  " + command.padding(toLength: width + 2, withPad: " ", startingAt: 0) + what) }
            if !Self.isOnPath("aa") {
                console.out(
                    "(aa is not on your PATH yet: `make install` puts it in ~/.local/bin; or type \(CommandLine.arguments[0]) for aa)")
            }
        }
        let missed = recall.filter { $0.foundBy == nil && $0.incident.day >= end.adding(1 - history) }
        if !missed.isEmpty {
            console.err(
                "aa: warning: the demo's detection missed \(missed.count) injected incident(s): "
                    + missed.map { "\($0.incident.kind) on \($0.incident.day)" }.joined(separator: ", "))
        }
        return 0
    }

    /// Whether a shell would find an executable `name` on the PATH.
    static func isOnPath(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }
}
