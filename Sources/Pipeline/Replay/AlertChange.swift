import CanonicalJSON

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
    package let sourceRunId: String
    /// The run the rebuild appended (nil on a dry run).
    package let newRunId: String?
    package let oldAlerts: Int
    package let newAlerts: Int
    package let changes: [AlertChange]

    package var json: JSONValue {
        [
            "run_date": .string(runDate), "source_run_id": .string(sourceRunId), "new_run_id": newRunId.map { .string($0) } ?? .null,
            "old_alerts": .int(Int64(oldAlerts)), "new_alerts": .int(Int64(newAlerts)), "changes": .array(changes.map(\.json)),
        ]
    }
}
