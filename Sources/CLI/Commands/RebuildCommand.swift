import Analyst
import CanonicalJSON
import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline

/// `aa rebuild`: replay archived pulls through today's engine and registry, and say which alerts change.
enum RebuildCommand {
    static let spec = CommandSpec(
        name: "rebuild",
        summary: "Replay archived pulls through the current engine and registry; append the new results and list the alerts that change.",
        usage: "aa rebuild --monitor M --from D --to D [--registry FILE] [--dry-run] [--json]",
        options: [
            .wait,
            .monitor.explained("monitor to rebuild (required)"),
            .from, .to,
            .dryRun.explained("print what would change, append nothing"),
            .quiet.explained("no progress meter (it shows only when stderr is a terminal)"),
        ],
        examples: [
            "aa rebuild --monitor revenue_funnel_demo --from 60d --dry-run",
            "aa rebuild --monitor revenue_funnel_demo --from 2026-10-01 --to 2026-10-31 --registry /tmp/stricter.json",
        ],
        run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let target = try ReplayOptions(invocation, command: "rebuild")
        let (loaded, monitor, from, to) = (target.registry, target.monitor, target.from, target.to)
        let name = monitor.name
        // Replays everything, appends nothing.
        let dryRun = invocation.arguments.flag(.dryRun)
        let pipeline = invocation.replayPipeline(loaded, analyst: BuiltinAnalyst(), reason: "rebuilds never notify")
        let meter = ProgressMeter(console: console, label: "rebuild \(name)", enabled: !invocation.quiet)
        func rebuild(_ store: ArchiveStore) throws(PipelineError) -> [RebuildDay] {
            try Rebuild(pipeline: pipeline).run(monitor: monitor, from: from, to: to, dryRun: dryRun, store: store, progress: meter.update)
        }
        let days = dryRun ? try rebuild(try invocation.readArchive()) : try invocation.writing(create: false, rebuild)
        meter.finish()
        let changes = days.flatMap(\.changes)
        let counts = Dictionary(grouping: changes, by: \.kind).mapValues(\.count)
        if invocation.json {
            console.json(
                [
                    "monitor": .string(name), "from": .string(from.description), "to": .string(to.description), "dry_run": .bool(dryRun),
                    "logic_version": .string(loaded.logicVersion(monitor)), "days": .array(days.map(\.json)),
                    "appeared": .int(Int64(counts[.appeared] ?? 0)), "vanished": .int(Int64(counts[.vanished] ?? 0)),
                    "changed": .int(Int64(counts[.changed] ?? 0)), "unchanged": .int(Int64(days.filter(\.unchanged).count)),
                ], as: .rebuild)
            return 0
        }
        console.out(
            "rebuild of \(name) from \(from) to \(to) under logic \(loaded.logicVersion(monitor))"
                + (dryRun ? " — dry run, nothing appended" : ""))
        for day in days where !day.changes.isEmpty {
            console.out(
                "\(day.runDate)  alerts \(day.oldAlerts) → \(day.newAlerts)  (was run "
                    + "\(day.replacedRunId)\(day.newRunId.map { ", now \($0)" } ?? ""))"
            )
            for c in day.changes {
                let mark = c.kind == .appeared ? "+" : c.kind == .vanished ? "-" : "~"
                let subject = "\(c.metric) [\(c.dimension)=\(c.slice)]"
                switch c.kind {
                case .appeared:
                    console.out(
                        "  \(mark) appears  \(subject): \(c.newSeverity ?? ""), statistic \(Format.number(c.newStatistic))  "
                            + "\(c.newAnomalyId ?? "")"
                    )
                case .vanished:
                    console.out(
                        "  \(mark) vanishes \(subject): was \(c.oldSeverity ?? ""), statistic \(Format.number(c.oldStatistic))  "
                            + "\(c.oldAnomalyId ?? "")"
                    )
                case .changed:
                    console.out(
                        "  \(mark) changes  \(subject): \(c.oldSeverity ?? "") → \(c.newSeverity ?? ""), statistic "
                            + "\(Format.number(c.oldStatistic)) → \(Format.number(c.newStatistic))"
                    )
                }
            }
        }
        let unchanged = days.filter(\.unchanged).count
        console.out(
            "\(days.count) day(s) replayed: \(counts[.appeared] ?? 0) alert(s) appear, \(counts[.vanished] ?? 0) vanish, "
                + "\(counts[.changed] ?? 0) change; \(unchanged) day(s) unchanged, nothing appended for them."
        )
        return 0
    }
}
