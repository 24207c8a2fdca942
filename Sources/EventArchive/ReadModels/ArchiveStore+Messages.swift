import SQLite

extension ArchiveStore {
    /// The `message.failed` events whose delivery key has no later `message.sent`, oldest first: what
    /// `aa deliver --pending` sends again.
    public func pendingMessages() throws(ArchiveError) -> [EventEnvelope] {
        let ids = try query(
            """
            SELECT f.event_id FROM p_messages f
            WHERE f.kind = 'failed' AND f.delivery_key IS NOT NULL
              AND NOT EXISTS (
                  SELECT 1 FROM p_messages s WHERE s.kind = 'sent' AND s.delivery_key = f.delivery_key AND s.position > f.position
              )
              AND f.position = (SELECT max(position) FROM p_messages l WHERE l.delivery_key = f.delivery_key)
            ORDER BY f.position
            """
        ).compactMap { $0.first?.text }
        return try events(ids: ids)
    }
}

extension ArchiveStore {
    /// Every message event of (monitor, date) — intents and outcomes — in archive order: the intent a day's last
    /// message event is, per destination, is one whose post may or may not have reached Slack before a crash.
    public func messageEvents(monitor: String, date: String) throws(ArchiveError) -> [EventEnvelope] {
        var filter = EventFilter(
            monitor: monitor, types: [.messageSending, .messageSent, .messageFailed, .messageSkipped, .messageUnknown])
        filter.since = date
        filter.until = date
        return try events(filter)
    }
}
