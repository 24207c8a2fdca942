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
            .value("--monitor", "M", "monitor (required)"), .value("--date", "D", "run date (default yesterday)"),
            .value("--run", "RUN", "a specific run instead of the current one"),
            .value("--logic-version", "V", "the report as computed under logic version V (a prefix is enough)"),
            .value("--format", "md|json", "output format (default md)", choices: ["md", "json"]),
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
        let report = try RunReport.build(monitor: monitor, date: date.description, runId: runId, reader: reader)
        if given.json { console.json(report, as: .report) } else { console.out(ReportMarkdown.render(report)) }
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
            monitor = try args.required("--monitor", for: "report")
            date = try invocation.runDate()
            let format = args.value("--format") ?? (invocation.json ? "json" : "md")
            guard format == "md" || format == "json" else {
                throw PipelineError(.usage, "--format must be md or json, got '\(format)'")
            }
            if invocation.json && format != "json" {
                throw PipelineError(.usage, "--format \(format) and --json cannot be used together; choose one")
            }
            try args.refuseTogether("--run", "--logic-version")
            run = args.value("--run")
            logicVersion = args.value("--logic-version")
            json = format == "json"
        }
    }

}

/// Markdown rendering of a run report; every value from the archive goes through ``MarkdownText``.
enum ReportMarkdown {
    static func render(_ r: JSONValue) -> String {
        func text(_ value: JSONValue?) -> String { MarkdownText.inline(Format.json(value)) }
        func code(_ value: JSONValue?) -> String { MarkdownText.code(Format.json(value)) }
        var lines = ["# \(text(r["monitor"])) — \(text(r["run_date"]))", ""]
        lines.append(
            "Run \(code(r["run_id"])) (\(text(r["trigger"]))), \(text(r["status"])), logic "
                + "\(code(r["logic_version"])), \(text(r["cells"])) cells evaluated."
        )
        if let error = r["error"]?.stringValue { lines.append("\n**Failed:** \(MarkdownText.inline(error))") }
        let findings = r["findings"]?.arrayValue ?? []
        lines += ["", "## Findings (\(findings.count))", ""]
        if findings.isEmpty {
            lines.append("No anomalies.")
        } else {
            lines.append("| anomaly | severity | status | metric | slice | value | baseline | change | statistic |")
            lines.append("|---|---|---|---|---|---|---|---|---|")
            for f in findings.compactMap({ try? AnomalyFlagged(json: $0) }) {
                let cells = [
                    MarkdownText.code(f.anomalyId), MarkdownText.inline(f.severity), MarkdownText.inline(f.status),
                    MarkdownText.inline(f.metric), MarkdownText.inline("\(f.dimension)=\(f.slice)"), Format.json(.number(f.stats.value)),
                    Format.json(.number(f.stats.baseline)), Format.percent(f.stats.deltaRelative), Format.json(.number(f.statistic)),
                ]
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        let analysis = r["analysis"] ?? .null
        lines += ["", "## Analysis (\(text(r["analysis_model"])))", "", text(analysis["summary"])]
        let hypotheses = analysis["hypotheses"]?.arrayValue ?? []
        if !hypotheses.isEmpty {
            lines +=
                ["", "### Hypotheses", ""]
                + hypotheses.map { "- \(text($0["text"])) (\(text($0["confidence"]))) — \(text($0["evidence"]))" }
        }
        let checks = analysis["recommended_checks"]?.arrayValue ?? []
        if !checks.isEmpty { lines += ["", "### Recommended checks", ""] + checks.map { "- " + text($0) } }
        let notes = r["notes"]?.arrayValue ?? []
        if !notes.isEmpty { lines += ["", "## Notes", ""] + notes.map { "- " + text($0) } }
        if let m = r["message"], m != .null {
            lines += ["", "## Message", "", "\(text(m["type"])) to \(text(m["destination"])): \(text(m["reason"]))"]
        }
        return lines.joined(separator: "\n")
    }
}
