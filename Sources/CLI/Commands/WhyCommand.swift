import CanonicalJSON
import Context
import EventArchive
import MonitorEngine
import Pipeline

/// `aa why`: the full lineage of one alert.
enum WhyCommand {
    static let spec = CommandSpec(
        name: "why", summary: "Explain one alert from the archive: run, config, SQL, rows, baseline, rule, drill-down, analysis, message.",
        usage: "aa why <anomaly-id> | --monitor M --date D --metric X [--slice S] [--json]  (a cell without a finding: its verdict)",
        options: [
            .monitor.explained("monitor of the finding"), .date.explained("run date of the finding"),
            .source,
            .metric, .slice,
        ],
        examples: ["aa why an_3f2a9c0d1e4b", "aa why --monitor revenue_funnel_demo --date 2026-10-20 --metric requests --slice android"],
        maxPositionals: 1, run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let given = try Options(invocation)
        let reader = ArchiveReader(store: try invocation.readArchive())
        let id: String
        switch given.target {
        case .anomaly(let anomalyId): id = anomalyId
        case .finding(let monitor, let date, let metric, let slice):
            do {
                id = try reader.findAnomaly(monitor: monitor, date: date.description, metric: metric, slice: slice)
            } catch  where error.kind == .notFound {
                // No finding: explain the cell's verdict instead — what kept it quiet, or why its day was not judged.
                let definition = try invocation.registry().monitor(monitor)
                guard definition.metrics.contains(where: { $0.name == metric }) else {
                    throw PipelineError(
                        .notFound, "\(monitor) has no metric '\(metric)' (\(definition.metrics.map(\.name).joined(separator: ", ")))")
                }
                let verdict = try CellVerdict.load(reader: reader, monitor: definition, date: date, metric: metric, slice: slice)
                if invocation.json {
                    console.json(verdict.json, as: .whyCell)
                } else {
                    console.out(CellVerdictText.render(verdict, definition, metric: metric))
                }
                return 0
            }
        }
        let lineage = try WhyLineage(anomalyId: id, reader: reader)
        if invocation.json { console.json(lineage.json, as: .why) } else { console.out(WhyText.render(lineage)) }
        return 0
    }

    /// `aa why`'s options, read once: an anomaly id, or the finding's monitor, date, metric and slice.
    struct Options {
        /// What to explain.
        enum Target {
            case anomaly(String)
            case finding(monitor: String, date: Day, metric: String, slice: String?)
        }

        let target: Target

        init(_ invocation: Invocation) throws(PipelineError) {
            let args = invocation.arguments
            if let id = args.positionals.first {
                target = .anomaly(id)
                return
            }
            guard let monitor = args.value(.monitor), let metric = args.value(.metric) else {
                throw PipelineError(.usage, "`aa why` needs an anomaly id, or --monitor, --date and --metric; see `aa why --help`")
            }
            target = .finding(monitor: monitor, date: try invocation.runDate(), metric: metric, slice: args.value(.slice))
        }
    }
}
