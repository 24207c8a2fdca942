import CanonicalJSON

/// `anomaly.labeled` (`schemas/events/anomaly.labeled.schema.json`): a person's verdict on an alert.
public struct AnomalyLabeled: SingleEventPayload, Equatable {
    public static let eventType: EventType = .anomalyLabeled

    public var anomalyId: String
    /// `true_positive`, `false_positive` or `expected`.
    public var label: String
    public var note: String?
    /// Who labelled it when not the command line: `slack:<user id>` for a reaction on the posted alert.
    public var source: String?

    public init(anomalyId: String, label: String, note: String?, source: String? = nil) {
        self.anomalyId = anomalyId
        self.label = label
        self.note = note
        self.source = source
    }

    public init(json: JSONValue) throws(PayloadError) {
        let f = try PayloadFields(json, "anomaly.labeled")
        anomalyId = try f.string("anomaly_id")
        label = try f.string("label")
        note = try f.optionalString("note")
        source = try f.absentOrString("source")
    }

    public var json: JSONValue {
        var fields: [String: JSONValue] = ["anomaly_id": .string(anomalyId), "label": .string(label), "note": .optional(note)]
        if let source { fields["source"] = .string(source) }
        return .object(fields)
    }
}
