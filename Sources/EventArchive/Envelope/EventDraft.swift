import CanonicalJSON
import Digest

/// An event as a pipeline step produces it, before the archive gives it an origin, a sequence and hashes.
public struct EventDraft: Sendable, Equatable {
    public let eventId: String
    public let runId: String
    public let monitor: String
    public let runDate: String
    public let type: EventType
    public let occurredAt: String
    public let logicVersion: String?
    public let causationId: String?
    public let payload: JSONValue
    /// The payload's schema version: the type's current one, unless the event is being re-imported from an older aa.
    public let schemaVersion: Int

    public init(
        eventId: String, runId: String, monitor: String, runDate: String, type: EventType, occurredAt: String,
        logicVersion: String? = nil, causationId: String? = nil, payload: JSONValue, schemaVersion: Int? = nil
    ) {
        self.eventId = eventId
        self.runId = runId
        self.monitor = monitor
        self.runDate = runDate
        self.type = type
        self.occurredAt = occurredAt
        self.logicVersion = logicVersion
        self.causationId = causationId
        self.payload = payload
        self.schemaVersion = schemaVersion ?? type.schemaVersion
    }

    /// A deterministic event id from the run and what the event is about, so re-appends dedupe.
    public static func makeId(runId: String, type: EventType, subject: String = "") -> String {
        "ev_" + SHA256Digest.hex("\(runId)|\(type.rawValue)|\(subject)").prefix(24)
    }
}
