import SQLite

extension ArchiveStore {
    /// One event by id, if archived.
    public func event(id: String) throws(ArchiveError) -> EventEnvelope? {
        try events(ids: [id]).first
    }

    /// The events with these ids, in archive order (ids not archived are skipped).
    public func events(ids: [String]) throws(ArchiveError) -> [EventEnvelope] {
        guard !ids.isEmpty else { return [] }
        var filter = EventFilter()
        filter.eventIds = ids
        return try events(filter)
    }

    /// Total payload bytes and event count, of one event type or of all: what the archive costs on disk.
    public func payloadSize(of type: EventType? = nil) throws(ArchiveError) -> (bytes: Int64, events: Int64) {
        let row =
            if let type {
                try query("SELECT sum(length(payload)), count(*) FROM events WHERE type = ?", [.text(type.rawValue)])
            } else {
                try query("SELECT sum(length(payload)), count(*) FROM events")
            }
        return (row.first?[0].int ?? 0, row.first?[1].int ?? 0)
    }
}

extension ArchiveStore {
    /// The archive's last event: its position and hash name the state a view was built from.
    public func lastEvent() throws(ArchiveError) -> (position: Int64, hash: String)? {
        try query("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1").first.map { ($0[0].int ?? 0, $0[1].text ?? "") }
    }
}
