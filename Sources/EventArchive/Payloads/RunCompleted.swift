import CanonicalJSON

/// `run.completed` (`schemas/events/run.completed.schema.json`): how a run ended and what it found.
public struct RunCompleted: SingleEventPayload, Equatable {
    public static let eventType: EventType = .runCompleted

    public var status: String
    public var findings: Int64
    public var alerts: Int64
    public var anomalyIds: [String]
    public var notes: [String]
    /// Whether this run's report replaces the day's current one.
    public var becomesCurrent: Bool

    public init(status: String = "completed", findings: Int64, alerts: Int64, anomalyIds: [String], notes: [String], becomesCurrent: Bool) {
        self.status = status
        self.findings = findings
        self.alerts = alerts
        self.anomalyIds = anomalyIds
        self.notes = notes
        self.becomesCurrent = becomesCurrent
    }

    public init(json: JSONValue) throws(PayloadError) {
        let f = try PayloadFields(json, "run.completed")
        status = try f.string("status")
        findings = try f.int("findings")
        alerts = try f.int("alerts")
        anomalyIds = try f.strings("anomaly_ids")
        notes = try f.strings("notes")
        // Runs archived before re-analyses existed did not say; every one of them became current.
        becomesCurrent = f.members["becomes_current"] == nil ? true : try f.bool("becomes_current")
    }

    public var json: JSONValue {
        [
            "status": .string(status), "findings": .int(findings), "alerts": .int(alerts), "anomaly_ids": .strings(anomalyIds),
            "notes": .strings(notes), "becomes_current": .bool(becomesCurrent),
        ]
    }
}
