import CanonicalJSON
import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline

/// `aa backtest`: evaluate detection over history — archived pulls or a CSV — without appending anything.
enum BacktestCommand {
    static let spec = CommandSpec(
        name: "backtest",
        summary: "Evaluate detection over archived pulls or a CSV without appending anything; score it against labels.",
        usage:
            "aa backtest --monitor M [--from D] [--to D] [--labels FILE] | --monitor M --data FILE.csv [--labels FILE] [--registry "
            + "FILE] [--json]",
        options: [
            .monitor.explained("monitor whose registry entry (metrics, rules) is evaluated (required)"),
            .from.explained("first day (archive mode; default: 60 days ago)"), .to.explained("last day (default: yesterday)"),
            .data,
            .labels,
            .quiet.explained("no progress meter (it shows only when stderr is a terminal)"),
        ],
        examples: [
            "aa backtest --monitor revenue_funnel_demo --labels .aa/demo-warehouse.labels.csv",
            "aa backtest --monitor revenue_funnel_demo --registry /tmp/stricter.json --from 2026-10-01",
            "aa backtest --monitor revenue_funnel_demo --data funnel.csv --json",
        ],
        run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let given = try Options(invocation)
        let loaded = try invocation.registry()
        let monitor = try loaded.monitor(given.monitor)
        var labels = try given.labels.map { (file) throws(PipelineError) in
            try LabelSet.load(try CSVTable.load(file), file: file, monitor: monitor)
        }
        var backtest = Backtest(monitor: monitor, exclusions: BaselineExclusions(labels: labels?.incidents ?? []))
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let meter = ProgressMeter(console: console, label: "backtest \(monitor.name)", enabled: !invocation.quiet)
        defer { meter.finish() }
        let results: [Backtest.DayResult]
        var cellsPerDay = 0
        if let file = given.data {
            let rows = try CSVRows.load(file, monitor: monitor)
            cellsPerDay = rows.sliceCount * monitor.metrics.count
            results = backtest.evaluate(consume rows, threads: threads, progress: meter.update)
        } else {
            let store = try invocation.readArchive()
            // The archive's own exclusions, as its daily runs had them; a labels file adds its incidents.
            var exclusions = try BaselineExclusions.load(from: store, monitor: monitor.name)
            exclusions.labels += labels?.incidents ?? []
            backtest = Backtest(monitor: monitor, exclusions: exclusions)
            let reader = ArchiveReader(store: store)
            let (from, to) = (given.from, given.to)
            var pulls: [ArchivedPulls] = []
            for location in try ArchivedPulls.locate(reader, monitor: monitor, from: from, to: to) {
                pulls.append(try ArchivedPulls.load(reader, location, monitor: monitor))
            }
            guard !pulls.isEmpty else {
                throw PipelineError(
                    .notFound,
                    "no archived pulls of \(monitor.name) between \(from) and \(to); run `aa run` for those days, or use --data FILE.csv")
            }
            let history = backtest.history(of: pulls)
            results = backtest.evaluate(pulls, history: history, threads: threads, progress: meter.update)
            cellsPerDay = history.sliceCount * monitor.metrics.count
            if labels == nil { labels = try archiveLabels(store, monitor: monitor.name) }
        }
        meter.finish() // before anything is printed: the table must not start on the meter's line
        // A labels file is a ground truth; the archive's labels are people's verdicts on some alerts.
        let scored = labels.map { Backtest.score(results, labels: $0, complete: given.labels != nil) }
        let months = Double(results.count) / 30.4
        let falsePerCellMonth = scored.map { Double($0.overall.falsePositives) / max(1, Double(cellsPerDay)) / max(months, 1e-9) }
        if invocation.json {
            var out: [String: JSONValue] = [
                "monitor": .string(monitor.name), "days": .int(Int64(results.count)), "metric_slices": .int(Int64(cellsPerDay)),
                "unjudged_days": .strings(backtest.exclusions.unjudged.map(\.description)),
                "findings": .array(
                    results.flatMap { r in
                        r.alerts.map { f in
                            [
                                "date": .string(r.day.description), "metric": .string(f.metric), "dimension": .string(f.dimension),
                                "slice": .string(f.slice), "direction": .string(f.direction.rawValue), "severity": .string(f.severity),
                                "status": .string(f.status.rawValue), "statistic": .number(f.statistic),
                                "statistic_name": .string(f.method == .seasonalRobustZ ? "robust_z" : "relative_change"),
                            ] as JSONValue
                        }
                    }),
            ]
            if let scored {
                out["score"] = scored.overall.json
                out["by_metric"] = .object(scored.byMetric.mapValues(\.json))
                out["missed"] = .array(
                    scored.missed.map {
                        [
                            "date": .string($0.day.description), "metric": .string($0.metric), "dimension": .string($0.dimension),
                            "slice": .string($0.slice),
                        ]
                    })
                out["false_alerts_per_metric_slice_month"] = .number(falsePerCellMonth ?? .nan)
            }
            console.json(.object(out), as: .backtest)
            return 0
        }
        console.table(
            ["date", "severity", "status", "metric", "slice", "change", "statistic"],
            results.flatMap { r in
                r.alerts.map { f in
                    [
                        r.day.description, f.severity, f.status.rawValue, f.metric, "\(f.dimension)=\(f.slice)",
                        Format.percent(f.stats.deltaRelative), Format.number(f.statistic),
                    ]
                }
            }, expendable: ["status", "statistic"])
        console.out(
            "\n\(results.count) day(s) evaluated, \(results.reduce(0) { $0 + $1.alerts.count }) alert(s), \(cellsPerDay) metric-slices "
                + "a day."
        )
        if !backtest.exclusions.unjudged.isEmpty {
            console.out(
                "left out of every baseline, as no run judged them (data.incomplete): "
                    + backtest.exclusions.unjudged.map(\.description).joined(separator: ", "))
        }
        if let scored {
            console.out("")
            console.table(
                ["metric", "TP", "FP", "FN", "unlabelled", "precision", "recall", "F1"],
                scored.byMetric.keys.sorted().map { m in row(m, scored.byMetric[m] ?? .init()) } + [row("all", scored.overall)])
            console.out(String(format: "\nfalse alerts per metric-slice per month: %.4f", falsePerCellMonth ?? .nan))
            for m in scored.missed { console.out("missed: \(m.day) \(m.metric) [\(m.dimension)=\(m.slice)]") }
        }
        return 0
    }

    static func row(_ name: String, _ s: Backtest.Score) -> [String] {
        func f(_ v: Double) -> String { v.isNaN ? "n/a" : String(format: "%.3f", v) }
        return [
            name, String(s.truePositives), String(s.falsePositives), String(s.falseNegatives), String(s.unlabelled), f(s.precision),
            f(s.recall), f(s.f1),
        ]
    }

    /// Labels people gave in the archive (the latest per anomaly), as a label set.
    static func archiveLabels(_ store: ArchiveStore, monitor: String) throws(PipelineError) -> LabelSet? {
        let labels: [LatestLabel]
        do { labels = try store.latestLabels(monitor: monitor) } catch { throw PipelineError(error) }
        guard !labels.isEmpty else { return nil }
        return LabelSet(
            entries: labels.compactMap { l in
                Day(l.runDate).map { LabelSet.Entry(day: $0, metric: l.metric, dimension: l.dimension, slice: l.slice, label: l.label) }
            })
    }

    /// `aa backtest`'s options, read once: the monitor, where the rows come from, and the labels to score against.
    struct Options {
        let monitor: String
        /// A CSV of rows instead of the archive's pulls.
        let data: String?
        /// A labels CSV instead of the archive's labels.
        let labels: String?
        /// Archive mode's days (default: the 60 days up to yesterday).
        let from: Day
        let to: Day

        init(_ invocation: Invocation) throws(PipelineError) {
            let args = invocation.arguments
            monitor = try args.required(.monitor, for: "backtest")
            data = args.value(.data)
            labels = args.value(.labels)
            // A CSV is evaluated whole: a range would be silently ignored, so it is refused.
            try args.refuseTogether(.data, .from)
            try args.refuseTogether(.data, .to)
            to = try invocation.runDate(.to)
            from = args.value(.from) == nil ? to.adding(-59) : try invocation.runDate(.from)
            guard from <= to else { throw PipelineError(.usage, "--from \(from) is after --to \(to)") }
        }
    }
}
