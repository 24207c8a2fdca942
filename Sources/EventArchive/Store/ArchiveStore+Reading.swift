import Foundation
import SQLite

/// Which events `aa history` and friends want.
public struct EventFilter: Sendable {
    public var monitor: String?
    public var runId: String?
    public var types: [EventType] = []
    public var since: String?
    public var until: String?
    public var eventIds: [String] = []
    public var limit: Int?
    /// Only events after this archive position.
    public var afterPosition: Int64?
    /// Load payloads; listings that show only the envelope leave them out (their `payloadText` is empty).
    public var includePayload = true

    public init(
        monitor: String? = nil, runId: String? = nil, types: [EventType] = [], since: String? = nil, until: String? = nil, limit: Int? = nil
    ) {
        self.monitor = monitor
        self.runId = runId
        self.types = types
        self.since = since
        self.until = until
        self.limit = limit
    }
}

extension ArchiveStore {
    static let envelopeColumns = """
        position, event_id, origin, sequence, run_id, monitor, run_date, type, schema_version, occurred_at, logic_version,
        causation_id, payload, prev_hash, hash
        """

    /// Events matching `filter`, in archive order.
    public func events(_ filter: EventFilter) throws(ArchiveError) -> [EventEnvelope] {
        var result: [EventEnvelope] = []
        try forEachEvent(matching: filter) { result.append($0) }
        return result
    }

    /// Visits the events matching `filter` in archive order, one at a time, so a large answer is never held whole.
    public func forEachEvent(matching filter: EventFilter, _ body: (EventEnvelope) -> Void) throws(ArchiveError) {
        var clauses: [String] = []
        var bindings: [SQLiteValue] = []
        if let monitor = filter.monitor {
            clauses.append("monitor = ?")
            bindings.append(.text(monitor))
        }
        if let runId = filter.runId {
            clauses.append("run_id = ?")
            bindings.append(.text(runId))
        }
        if !filter.types.isEmpty {
            clauses.append("type IN (" + filter.types.map { _ in "?" }.joined(separator: ",") + ")")
            bindings += filter.types.map { .text($0.rawValue) }
        }
        if !filter.eventIds.isEmpty {
            clauses.append("event_id IN (" + filter.eventIds.map { _ in "?" }.joined(separator: ",") + ")")
            bindings += filter.eventIds.map { .text($0) }
        }
        if let since = filter.since {
            clauses.append("run_date >= ?")
            bindings.append(.text(since))
        }
        if let until = filter.until {
            clauses.append("run_date <= ?")
            bindings.append(.text(until))
        }
        if let position = filter.afterPosition, position > 0 {
            clauses.append("position > ?")
            bindings.append(.integer(position))
        }
        let columns =
            filter.includePayload ? Self.envelopeColumns : Self.envelopeColumns.replacingOccurrences(of: "payload", with: "'' AS payload")
        var sql = "SELECT \(columns) FROM events"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY position"
        if let limit = filter.limit { sql += " LIMIT \(limit)" }
        do {
            let statement = try connection.prepare(sql)
            try statement.bind(bindings)
            while try statement.step() { body(try Self.envelope(statement)) }
        } catch { throw ArchiveError.storage(error, path) }
    }

    /// Visits every event in archive order without holding them all in memory.
    public func forEachEvent(_ body: (EventEnvelope) throws -> Void) throws {
        let statement = try connection.prepare("SELECT \(Self.envelopeColumns) FROM events ORDER BY origin, sequence")
        while try statement.step() { try body(Self.envelope(statement)) }
    }

    static func envelope(_ s: SQLiteStatement) throws(ArchiveError) -> EventEnvelope {
        EventEnvelope(
            position: s.int(at: 0), eventId: s.text(at: 1) ?? "", origin: s.text(at: 2) ?? "", sequence: s.int(at: 3),
            runId: s.text(at: 4) ?? "", monitor: s.text(at: 5) ?? "", runDate: s.text(at: 6) ?? "",
            type: try EventType(archived: s.text(at: 7) ?? ""),
            schemaVersion: Int(s.int(at: 8)), occurredAt: s.text(at: 9) ?? "", logicVersion: s.text(at: 10),
            causationId: s.text(at: 11), payloadText: s.text(at: 12) ?? "", prevHash: s.text(at: 13) ?? "", hash: s.text(at: 14) ?? "")
    }

    /// Number of events in the log.
    public func eventCount() throws(ArchiveError) -> Int {
        Int(try query("SELECT count(*) FROM events").first?.first?.int ?? 0)
    }
}
