import CanonicalJSON

/// How one alert differs between the report a rebuild replaced and the one it produced.
public struct AlertChange: Sendable {
    /// What happened to the alert.
    public enum Kind: String, Sendable { case appeared, vanished, changed }

    public let kind: Kind
    public let metric: String
    public let dimension: String
    public let slice: String
    public let oldSeverity: String?
    public let newSeverity: String?
    public let oldStatistic: Double?
    public let newStatistic: Double?
    public let oldAnomalyId: String?
    public let newAnomalyId: String?

    public var json: JSONValue {
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
public struct RebuildDay: Sendable {
    public let runDate: String
    public let sourceRunId: String
    /// The run the rebuild appended (nil on a dry run).
    public let newRunId: String?
    public let oldAlerts: Int
    public let newAlerts: Int
    public let changes: [AlertChange]

    public var json: JSONValue {
        [
            "run_date": .string(runDate), "source_run_id": .string(sourceRunId), "new_run_id": newRunId.map { .string($0) } ?? .null,
            "old_alerts": .int(Int64(oldAlerts)), "new_alerts": .int(Int64(newAlerts)), "changes": .array(changes.map(\.json)),
        ]
    }
}
