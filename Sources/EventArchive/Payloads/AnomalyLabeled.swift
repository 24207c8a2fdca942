import CanonicalJSON

/// `anomaly.labeled` (`schemas/events/anomaly.labeled.schema.json`): a person's verdict on an alert.
public struct AnomalyLabeled: SingleEventPayload, Equatable {
    public static let eventType: EventType = .anomalyLabeled

    public var anomalyId: String
    /// `true_positive`, `false_positive` or `expected`.
    public var label: String
    public var note: String?

    public init(anomalyId: String, label: String, note: String?) {
        self.anomalyId = anomalyId
        self.label = label
        self.note = note
    }

    public init(json: JSONValue) throws(PayloadError) {
        let f = try PayloadFields(json, "anomaly.labeled")
        anomalyId = try f.string("anomaly_id")
        label = try f.string("label")
        note = try f.optionalString("note")
    }

    public var json: JSONValue { ["anomaly_id": .string(anomalyId), "label": .string(label), "note": .optional(note)] }
}
