import CanonicalJSON
import Digest

/// An archived event: the envelope of DESIGN.md with its payload kept as canonical JSON text.
///
/// The payload stays text so that listing, hashing and exporting never pay for a JSON decode;
/// ``payload`` parses it when a caller really needs the structure.
public struct EventEnvelope: Sendable, Equatable {
    /// Local insertion order in this archive file (not part of the hashed envelope).
    public let position: Int64
    public let eventId: String
    public let origin: String
    public let sequence: Int64
    public let runId: String
    public let monitor: String
    public let runDate: String
    public let type: EventType
    public let schemaVersion: Int
    public let occurredAt: String
    public let logicVersion: String?
    public let causationId: String?
    public let payloadText: String
    public let prevHash: String
    public let hash: String

    public init(
        position: Int64, eventId: String, origin: String, sequence: Int64, runId: String, monitor: String, runDate: String, type: EventType,
        schemaVersion: Int, occurredAt: String, logicVersion: String?, causationId: String?, payloadText: String, prevHash: String,
        hash: String
    ) {
        self.position = position
        self.eventId = eventId
        self.origin = origin
        self.sequence = sequence
        self.runId = runId
        self.monitor = monitor
        self.runDate = runDate
        self.type = type
        self.schemaVersion = schemaVersion
        self.occurredAt = occurredAt
        self.logicVersion = logicVersion
        self.causationId = causationId
        self.payloadText = payloadText
        self.prevHash = prevHash
        self.hash = hash
    }

    /// The hash of the first event of every origin's chain.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The payload, parsed.
    public var payload: JSONValue { (try? JSONValue.parse(payloadText)) ?? .null }

    /// Canonical JSON of every envelope field but `hash`: what `hash` is the SHA-256 of.
    public var hashInput: String {
        let (head, tail) = hashFrame
        return head + payloadText + tail
    }

    /// ``hashInput`` around the payload: the text before it and after it, so the payload (the bulk of an
    /// event) is hashed where it lies instead of being copied into one more string.
    private var hashFrame: (head: String, tail: String) {
        var out = "{\"causation_id\":"
        appendOptional(causationId, to: &out)
        out += ",\"event_id\":"
        JSONValue.string(eventId).appendCanonical(to: &out)
        out += ",\"logic_version\":"
        appendOptional(logicVersion, to: &out)
        out += ",\"monitor\":"
        JSONValue.string(monitor).appendCanonical(to: &out)
        out += ",\"occurred_at\":"
        JSONValue.string(occurredAt).appendCanonical(to: &out)
        out += ",\"origin\":"
        JSONValue.string(origin).appendCanonical(to: &out)
        out += ",\"payload\":"
        var tail = ",\"prev_hash\":"
        JSONValue.string(prevHash).appendCanonical(to: &tail)
        tail += ",\"run_date\":"
        JSONValue.string(runDate).appendCanonical(to: &tail)
        tail += ",\"run_id\":"
        JSONValue.string(runId).appendCanonical(to: &tail)
        tail += ",\"schema_version\":\(schemaVersion),\"sequence\":\(sequence),\"type\":"
        JSONValue.string(type.rawValue).appendCanonical(to: &tail)
        tail += "}"
        return (out, tail)
    }

    /// The hash this envelope's content implies.
    public var computedHash: String {
        let (head, tail) = hashFrame
        return SHA256Digest.hex(parts: [head, payloadText, tail])
    }

    private func appendOptional(_ value: String?, to out: inout String) {
        if let value { JSONValue.string(value).appendCanonical(to: &out) } else { out += "null" }
    }

    /// The envelope as a BigQuery archive row (`schemas/bigquery/events.json`), payload as a JSON string.
    public var bigQueryRow: JSONValue {
        [
            "event_id": .string(eventId), "origin": .string(origin), "sequence": .int(sequence), "run_id": .string(runId),
            "monitor": .string(monitor), "run_date": .string(runDate), "type": .string(type.rawValue),
            "schema_version": .int(Int64(schemaVersion)), "occurred_at": .string(occurredAt),
            "logic_version": logicVersion.map { .string($0) } ?? .null, "causation_id": causationId.map { .string($0) } ?? .null,
            "payload": .string(payloadText), "prev_hash": .string(prevHash), "hash": .string(hash),
        ]
    }
}
