import CanonicalJSON
import MonitorEngine

/// Evaluates detection over history without appending anything: findings per day, and, with labels,
/// precision, recall and F1.
public struct Backtest: Sendable {
    /// One day's alerts.
    public struct DayResult: Sendable {
        public let day: Day
        public let alerts: [Finding]
    }

    /// Counts behind precision and recall, overall or for one metric.
    public struct Score: Sendable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0
        public init() {}
        public var precision: Double { truePositives + falsePositives == 0 ? .nan : Double(truePositives) / Double(truePositives + falsePositives) }
        public var recall: Double { truePositives + falseNegatives == 0 ? .nan : Double(truePositives) / Double(truePositives + falseNegatives) }
        public var f1: Double {
            let p = precision, r = recall
            return p.isNaN || r.isNaN || p + r == 0 ? .nan : 2 * p * r / (p + r)
        }

        public var json: JSONValue {
            [
                "true_positives": .int(Int64(truePositives)), "false_positives": .int(Int64(falsePositives)),
                "false_negatives": .int(Int64(falseNegatives)), "precision": .number(precision), "recall": .number(recall), "f1": .number(f1),
            ]
        }
    }

    public let monitor: Monitor

    public init(monitor: Monitor) { self.monitor = monitor }

    /// Alerts for each day of `days`, evaluating each against `rows` (which may span the whole history).
    public func evaluate(days: [Day], rows: (Day) -> [DimensionRows]) -> [DayResult] {
        days.map { day in
            DayResult(day: day, alerts: Engine.evaluate(EngineInput(monitor: monitor, runDate: day, rows: rows(day))).findings.filter(\.alerts))
        }
    }

    /// Scores `results` against `labels`: overall and per metric. Alerts labelled `expected` are left out.
    public static func score(_ results: [DayResult], labels: LabelSet) -> (overall: Score, byMetric: [String: Score], missed: [LabelSet.Entry]) {
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
