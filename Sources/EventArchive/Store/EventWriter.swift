import CanonicalJSON
import SQLite

/// The prepared statements that add events to the log with their typed facts, shared by appending new events
/// and importing other archives' events. Used inside the caller's transaction.
struct EventWriter {
    private let exists: SQLiteStatement
    private let insert: SQLiteStatement
    private let insertFacts: SQLiteStatement

    init(_ connection: SQLiteConnection) throws {
        exists = try connection.prepare("SELECT 1 FROM events WHERE event_id = ?")
        insert = try connection.prepare(
            """
            INSERT INTO events(position, event_id, origin, sequence, run_id, monitor, run_date, type, schema_version,
                occurred_at, logic_version, causation_id, payload, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertFacts = try connection.prepare(ProjectionFacts.insertSQL)
    }

    /// Whether an event with this id is already in the log.
    func has(_ eventId: String) throws -> Bool {
        try exists.bind([.text(eventId)])
        return try exists.step()
    }

    /// Writes `envelope` and, when a read model uses its type, its facts from `payload`.
    func write(_ envelope: EventEnvelope, payload: JSONValue) throws {
        try insert.bind(envelope.columns)
        _ = try insert.step()
        if let facts = ProjectionFacts.values(type: envelope.type, payload: payload) {
            try insertFacts.bind([.integer(envelope.position), .text(envelope.type.rawValue)] + facts)
            _ = try insertFacts.step()
        }
    }
}
