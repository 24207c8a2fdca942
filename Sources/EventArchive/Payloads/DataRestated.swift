import CanonicalJSON

/// `data.restated` (`schemas/events/data.restated.schema.json`): every past value this run pulled differently from the
/// previous current run of the monitor — a backfill or a late correction — one event per run, each change naming
/// its dimension, slice, day and column and the two pulls it was read from.
public struct DataRestated: SingleEventPayload, Equatable {
    public static let eventType: EventType = .dataRestated

    /// The run whose pulls said otherwise.
    public var previousRunId: String
    /// `{"dimension", "slice", "day", "column", "old", "new", "relative_change", "pull_event_id",
    /// "previous_pull_event_id"}` each; `old`/`new` null where a row was absent.
    public var changes: [JSONValue]
    /// Whether any change reaches the material threshold (then the message says so).
    public var material: Bool

    public init(previousRunId: String, changes: [JSONValue], material: Bool) {
        self.previousRunId = previousRunId
        self.changes = changes
        self.material = material
    }

    public init(json: JSONValue) throws(PayloadError) {
        let f = try PayloadFields(json, "data.restated")
        previousRunId = try f.string("previous_run_id")
        changes = try f.array("changes")
        material = try f.bool("material")
    }

    public var json: JSONValue {
        ["previous_run_id": .string(previousRunId), "changes": .array(changes), "material": .bool(material)]
    }
}
