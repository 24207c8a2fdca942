import CanonicalJSON
import EventArchive

/// How one alert differs between the report a rebuild replaced and the one it produced.
package struct AlertChange: Sendable {
    /// What happened to the alert.
    package enum Kind: String, Sendable { case appeared, vanished, changed }

    package let kind: Kind
    package let metric: String
    package let dimension: String
    package let slice: String
    package let oldSeverity: String?
    package let newSeverity: String?
    package let oldStatistic: Double?
    package let newStatistic: Double?
    package let oldAnomalyId: String?
    package let newAnomalyId: String?

    package var json: JSONValue {
        [
            "kind": .string(kind.rawValue), "metric": .string(metric), "dimension": .string(dimension), "slice": .string(slice),
            "old_severity": oldSeverity.map { .string($0) } ?? .null, "new_severity": newSeverity.map { .string($0) } ?? .null,
            "old_statistic": oldStatistic.map { JSONValue.number($0) } ?? .null,
            "new_statistic": newStatistic.map { JSONValue.number($0) } ?? .null,
            "old_anomaly_id": oldAnomalyId.map { .string($0) } ?? .null, "new_anomaly_id": newAnomalyId.map { .string($0) } ?? .null,
        ]
    }
}

/// The outcome of replaying one archived day.
package struct RebuildDay: Sendable {
    package let runDate: String
    /// The run whose report the rebuild replaced (the day's current one before it).
    package let replacedRunId: String
    /// The run that pulled the rows the rebuild replayed.
    package let sourceRunId: String
    /// The run the rebuild appended (nil on a dry run, and for an unchanged day).
    package let newRunId: String?
    /// Whether the day came out as its current report, under the same logic with the same findings byte for byte:
    /// nothing was appended for it.
    package let unchanged: Bool
    package let oldAlerts: Int
    package let newAlerts: Int
    package let changes: [AlertChange]

    package var json: JSONValue {
        [
            "run_date": .string(runDate), "replaced_run_id": .string(replacedRunId), "source_run_id": .string(sourceRunId),
            "new_run_id": newRunId.map { .string($0) } ?? .null, "unchanged": .bool(unchanged),
            "old_alerts": .int(Int64(oldAlerts)), "new_alerts": .int(Int64(newAlerts)), "changes": .array(changes.map(\.json)),
        ]
    }
}

extension AlertChange {
    /// An alert as a comparison sees it: its cell, severity, statistic and whether it alerts.
    package struct Side: Sendable {
        /// `metric|dimension|slice`.
        package let key: String
        package let severity: String
        package let statistic: Double?
        package let anomalyId: String
        package let alerts: Bool

        package init(key: String, severity: String, statistic: Double?, anomalyId: String, alerts: Bool) {
            self.key = key
            self.severity = severity
            self.statistic = statistic
            self.anomalyId = anomalyId
            self.alerts = alerts
        }

        package init(_ flagged: AnomalyFlagged) {
            self.init(
                key: flagged.cellKey, severity: flagged.severity, statistic: flagged.statistic, anomalyId: flagged.anomalyId,
                alerts: flagged.alerts)
        }
    }

    /// Alerts of two runs' findings that appear, vanish, or change severity or statistic.
    package static func between(old: [AnomalyFlagged], new: [AnomalyFlagged]) -> [AlertChange] {
        between(old: old.map(Side.init), new: new.map(Side.init))
    }

    /// Alerts that appear, vanish, or change severity or statistic, keyed by metric, dimension and slice.
    package static func between(old: [Side], new: [Side]) -> [AlertChange] {
        let before = Dictionary(old.filter(\.alerts).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.filter(\.alerts).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [AlertChange] = []
        for key in Set(before.keys).union(after.keys).sorted() {
            let o = before[key]
            let n = after[key]
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let kind: Kind
            switch (o, n) {
            case (nil, _?): kind = .appeared
            case (_?, nil): kind = .vanished
            case (let o?, let n?):
                let sameStatistic = abs((o.statistic ?? .nan) - (n.statistic ?? .nan)) < 1e-9
                if o.severity == n.severity && sameStatistic { continue }
                kind = .changed
            default: continue
            }
            changes.append(
                AlertChange(
                    kind: kind, metric: parts[0], dimension: parts.count > 1 ? parts[1] : "", slice: parts.count > 2 ? parts[2] : "",
                    oldSeverity: o?.severity, newSeverity: n?.severity, oldStatistic: o?.statistic, newStatistic: n?.statistic,
                    oldAnomalyId: o?.anomalyId, newAnomalyId: n?.anomalyId))
        }
        return changes
    }
}
