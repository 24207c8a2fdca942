import CanonicalJSON
import MonitorEngine

/// Evaluates detection over history without appending anything: findings per day, and, with labels,
/// precision, recall and F1.
package struct Backtest: Sendable {
    /// One day's alerts.
    package struct DayResult: Sendable {
        package let day: Day
        package let alerts: [Finding]
    }

    /// Counts behind precision and recall, overall or for one metric.
    package struct Score: Sendable {
        package var truePositives = 0
        package var falsePositives = 0
        package var falseNegatives = 0
        /// Alerts nobody labelled, when the labels are people's verdicts rather than a whole ground truth: neither
        /// true nor false, and out of the precision.
        package var unlabelled = 0
        package init() {}
        package var precision: Double {
            truePositives + falsePositives == 0 ? .nan : Double(truePositives) / Double(truePositives + falsePositives)
        }
        package var recall: Double {
            truePositives + falseNegatives == 0 ? .nan : Double(truePositives) / Double(truePositives + falseNegatives)
        }
        package var f1: Double {
            let p = precision
            let r = recall
            return p.isNaN || r.isNaN || p + r == 0 ? .nan : 2 * p * r / (p + r)
        }

        package var json: JSONValue {
            [
                "true_positives": .int(Int64(truePositives)), "false_positives": .int(Int64(falsePositives)),
                "false_negatives": .int(Int64(falseNegatives)), "unlabelled": .int(Int64(unlabelled)),
                "precision": .number(precision), "recall": .number(recall),
                "f1": .number(f1),
            ]
        }
    }

    package let monitor: Monitor
    /// What leaves the baselines: the same as a daily run of each day would leave out.
    package let exclusions: BaselineExclusions

    package init(monitor: Monitor, exclusions: BaselineExclusions = BaselineExclusions()) {
        self.monitor = monitor
        self.exclusions = exclusions
    }

    /// The sweep over `panel` with this backtest's exclusions.
    func sweep(_ panel: Panel, threads: Int) -> HistorySweep {
        HistorySweep(monitor: monitor, panel: panel, labels: exclusions.labels, unjudged: exclusions.unjudged, threads: threads)
    }

    /// Alerts for every day from the first to the last of `rows`, evaluated in one sweep over the history.
    ///
    /// - Parameter progress: days done and the total, as the sweep goes.
    /// - Parameter rows: consumed: its rows are freed once the panel is built, before the sweep needs the memory.
    package func evaluate(_ rows: consuming PanelBuilder, threads: Int, progress: (Int, Int) -> Void = { _, _ in }) -> [DayResult] {
        guard let days = rows.days else { return [] }
        let history = monitor.historyDays
        let panel = rows.build(start: days.lowerBound.adding(-history), end: days.upperBound, order: monitor.dimensions.map(\.name))
        _ = consume rows
        let count = days.upperBound.ordinal - days.lowerBound.ordinal + 1
        var results: [DayResult] = []
        sweep(panel, threads: threads).run(days: Array(history..<(history + count)), keepingCells: false) { result in
            results.append(DayResult(day: result.runDate, alerts: result.findings.filter(\.alerts)))
            progress(results.count, count)
        }
        return results
    }

    /// The archived days' rows laid into one history, each day taken from the first pull that holds it.
    package func history(of pulls: [ArchivedPulls]) -> PanelBuilder {
        var builder = PanelBuilder(columnNames: monitor.columns)
        var covered: Day?
        for pull in pulls.sorted(by: { $0.runDate < $1.runDate }) {
            for dimension in pull.rows {
                builder.declare(dimension: dimension.dimension)
                for row in dimension.rows where covered.map({ row.day > $0 }) ?? true {
                    builder.add(dimension: dimension.dimension, slice: row.slice, day: row.day, values: row.values)
                }
            }
            covered = max(covered ?? pull.runDate, pull.runDate)
        }
        return builder
    }

    /// Alerts for each archived day, each judged on the rows its own run pulled.
    ///
    /// `history` (from ``history(of:)``) is swept once; a day whose pull disagrees with it over its window
    /// (history restated in the warehouse between two runs) is judged on its own rows.
    package func evaluate(
        _ pulls: [ArchivedPulls], history builder: PanelBuilder, threads: Int, progress: (Int, Int) -> Void = { _, _ in }
    ) -> [DayResult] {
        let sorted = pulls.sorted { $0.runDate < $1.runDate }
        guard let first = sorted.first, let last = sorted.last else { return [] }
        let history = monitor.historyDays
        let order = monitor.dimensions.map(\.name)
        let start = first.runDate.adding(-history)
        let panel = builder.build(start: start, end: last.runDate, order: order)
        let byDay = Dictionary(sorted.map { ($0.runDate, $0) }, uniquingKeysWith: { a, _ in a })
        var results: [DayResult] = []
        let days = sorted.map { $0.runDate.ordinal - start.ordinal }
        sweep(panel, threads: threads).run(days: days, keepingCells: false) { swept in
            var result = swept
            if let pull = byDay[swept.runDate] {
                let own = PanelBuilder(columnNames: monitor.columns, rows: pull.rows)
                    .build(start: pull.runDate.adding(-history), end: pull.runDate, order: order)
                if !own.equals(panel, from: pull.runDate.ordinal - history - start.ordinal) {
                    result = Engine.evaluate(exclusions.input(monitor, pull.runDate, pull.rows))
                }
            }
            results.append(DayResult(day: result.runDate, alerts: result.findings.filter(\.alerts)))
            progress(results.count, sorted.count)
        }
        return results
    }

    /// Scores `results` against `labels`: overall and per metric. Alerts labelled `expected` are left out.
    ///
    /// - Parameter complete: the labels are a ground truth (a labels file: an alert it does not call true or
    ///   expected is false); otherwise they are people's verdicts on some alerts (the archive's), and an alert
    ///   without one is counted as unlabelled, not as false.
    package static func score(_ results: [DayResult], labels: LabelSet, complete: Bool = true) -> (
        overall: Score, byMetric: [String: Score], missed: [LabelSet.Entry]
    ) {
        var overall = Score()
        var byMetric: [String: Score] = [:]
        let covered = Set(results.map(\.day))
        for result in results {
            for alert in result.alerts {
                let matching = labels.entries.filter { $0.matches(alert, on: result.day) }
                if matching.contains(where: { $0.label == "true_positive" }) {
                    overall.truePositives += 1
                    byMetric[alert.metric, default: Score()].truePositives += 1
                } else if matching.contains(where: { $0.label == "expected" }) {
                    continue
                } else if !complete && matching.isEmpty {
                    overall.unlabelled += 1
                    byMetric[alert.metric, default: Score()].unlabelled += 1
                } else {
                    overall.falsePositives += 1
                    byMetric[alert.metric, default: Score()].falsePositives += 1
                }
            }
        }
        var missed: [LabelSet.Entry] = []
        for label in labels.entries where label.label == "true_positive" && covered.contains(label.day) {
            let found = results.first { $0.day == label.day }?.alerts.contains { label.matches($0, on: label.day) } ?? false
            if !found {
                missed.append(label)
                overall.falseNegatives += 1
                byMetric[label.metric, default: Score()].falseNegatives += 1
            }
        }
        return (overall, byMetric, missed)
    }
}
