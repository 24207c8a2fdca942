import CanonicalJSON
import Context
import EventArchive
import MonitorEngine
import Pipeline

/// `aa report`: the current report for a monitor and day, as Markdown or JSON.
enum ReportCommand {
    static let spec = CommandSpec(
        name: "report", summary: "Show the report for a monitor and day (the latest run's, or --run's), rebuilt from its events.",
        usage: "aa report --monitor M --date D [--run RUN | --logic-version V] [--format md|json]",
        options: [
            .monitor.explained("monitor (required)"), .date.explained("run date (default yesterday)"),
            .run.explained("a specific run instead of the current one"),
            .logicVersion,
            .format,
        ],
        examples: [
            "aa report --monitor revenue_funnel_demo --date 2026-11-20",
            "aa report --monitor revenue_funnel_demo --date 2026-11-20 --format json",
            "aa report --monitor revenue_funnel_demo --date 2026-11-20 --logic-version engine-1.0.0+cfg.5c4a",
        ],
        run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let given = try Options(invocation)
        let (monitor, date) = (given.monitor, given.date)
        let reader = ArchiveReader(store: try invocation.readArchive())
        var runId = given.run
        if let version = given.logicVersion {
            runId = try reader.run(monitor: monitor, date: date.description, logicVersion: version)
            if runId == nil {
                let known = try reader.logicVersions(monitor: monitor, date: date.description)
                throw PipelineError(
                    .notFound,
                    "no completed run of \(monitor) for \(date) under logic version \(version); known: "
                        + (known.isEmpty ? "none" : known.joined(separator: ", ")))
            }
        }
        let report = try RunReport(monitor: monitor, date: date.description, runId: runId, reader: reader)
        if given.json { console.json(report.json, as: .report) } else { console.out(ReportMarkdown.render(report)) }
        return 0
    }

    /// `aa report`'s options, read once: which report, of which run, in which format.
    struct Options {
        let monitor: String
        let date: Day
        /// A given run instead of the current one.
        let run: String?
        /// The latest run under a logic version starting with this, instead of the current one.
        let logicVersion: String?
        /// JSON (`--format json` or `--json`) rather than Markdown.
        let json: Bool

        init(_ invocation: Invocation) throws(PipelineError) {
            let args = invocation.arguments
            monitor = try args.required(.monitor, for: "report")
            date = try invocation.runDate()
            let format = args.value(.format) ?? (invocation.json ? "json" : "md")
            guard format == "md" || format == "json" else {
                throw PipelineError(.usage, "--format must be md or json, got '\(format)'")
            }
            if invocation.json && format != "json" {
                throw PipelineError(.usage, "--format \(format) and --json cannot be used together; choose one")
            }
            try args.refuseTogether(.run, .logicVersion)
            run = args.value(.run)
            logicVersion = args.value(.logicVersion)
            json = format == "json"
        }
    }

}

/// Markdown rendering of a run report; every value from the archive goes through ``MarkdownText``.
enum ReportMarkdown {
    static func render(_ r: RunReport) -> String {
        func text(_ value: String?) -> String { MarkdownText.inline(Format.text(value)) }
        func code(_ value: String?) -> String { MarkdownText.code(Format.text(value)) }
        var lines = ["# \(text(r.monitor)) — \(text(r.runDate))", ""]
        lines.append(
            "Run \(code(r.runId)) (\(text(r.started.trigger))), \(text(r.status)), logic "
                + "\(code(r.logicVersion)), \(Format.count(r.computed?.cellCount)) cells evaluated.")
        if let error = r.failed?.error { lines.append("\n**Failed:** \(MarkdownText.inline(error))") }
        lines += ["", "## Findings (\(r.findings.count))", ""]
        if r.findings.isEmpty {
            lines.append("No anomalies.")
        } else {
            lines.append("| anomaly | severity | status | metric | slice | value | baseline | change | statistic |")
            lines.append("|---|---|---|---|---|---|---|---|---|")
            for f in r.findings {
                let cells = [
                    MarkdownText.code(f.anomalyId), MarkdownText.inline(f.severity), MarkdownText.inline(f.status),
                    MarkdownText.inline(f.metric), MarkdownText.inline("\(f.dimension)=\(f.slice)"), Format.number(f.stats.value),
                    Format.number(f.stats.baseline), Format.percent(f.stats.deltaRelative), Format.number(f.statistic),
                ]
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        let narrative = r.analysis?.narrative
        lines += ["", "## Analysis (\(text(r.analysis?.model)))", "", text(narrative?.summary)]
        let hypotheses = narrative?.hypotheses ?? []
        if !hypotheses.isEmpty {
            lines +=
                ["", "### Hypotheses", ""]
                + hypotheses.map { "- \(text($0.text)) (\(text($0.confidence))) — \(text($0.evidence))" }
        }
        let checks = narrative?.recommendedChecks ?? []
        if !checks.isEmpty { lines += ["", "### Recommended checks", ""] + checks.map { "- " + text($0) } }
        let notes = r.computed?.notes ?? []
        if !notes.isEmpty { lines += ["", "## Notes", ""] + notes.map { "- " + text($0) } }
        if let m = r.message {
            lines += ["", "## Message", "", "\(text(r.messageType?.rawValue)) to \(text(m.destination)): \(text(m.reason))"]
        }
        return lines.joined(separator: "\n")
    }
}
