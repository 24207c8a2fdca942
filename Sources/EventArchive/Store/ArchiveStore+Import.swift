import CanonicalJSON
import SQLite

/// Hydration: events written by other archives (read back from the BigQuery archive table) are added with their
/// own origin, sequence and hashes after checking each hash and each origin's chain, in an order that respects what
/// depends on what (``ImportOrder``); events already here are skipped. What was imported must verify — every pull
/// rebuilds to the rows it archived — or nothing is.
extension ArchiveStore {
    /// Imports `events` (any order); returns how many were new. With `jobId` (hydration from the archive table) they
    /// count as uploaded; without it (salvage from a damaged file) they stay pending, so `aa sync` uploads them.
    ///
    /// - Throws: ``ArchiveError`` (`.corrupt`) naming the first event whose hash or chain link does not verify, or the
    ///   first imported pull that does not rebuild — nothing is imported then.
    @discardableResult
    public func importEvents(_ events: [EventEnvelope], confirmedBy jobId: String?, at: String) throws(ArchiveError) -> Int {
        do {
            return try connection.transaction {
                let lastPosition = try connection.query("SELECT coalesce(max(position), 0) FROM events").first?.first?.int ?? 0
                var position = lastPosition
                let writer = try EventWriter(connection)
                let tail = try connection.prepare("SELECT sequence, hash FROM events WHERE origin = ? ORDER BY sequence DESC LIMIT 1")
                let confirm = try connection.prepare("INSERT OR IGNORE INTO uploads(event_id, job_id, confirmed_at) VALUES (?, ?, ?)")
                var added = 0
                for event in ImportOrder.arrange(events) {
                    if try writer.has(event.eventId) { continue }
                    guard event.computedHash == event.hash else {
                        throw ArchiveError(
                            .corrupt,
                            "event \(event.eventId) (origin \(event.origin), sequence \(event.sequence)) does not match its hash; the "
                                + "archive table holds a changed event, nothing was imported"
                        )
                    }
                    try tail.bind([.text(event.origin)])
                    let (lastSequence, lastHash) =
                        try tail.step() ? (tail.int(at: 0), tail.text(at: 1) ?? "") : (0, EventEnvelope.genesisHash)
                    guard event.sequence == lastSequence + 1, event.prevHash == lastHash else {
                        throw ArchiveError(
                            .corrupt,
                            "event \(event.eventId) does not continue origin \(event.origin)'s chain (sequence \(event.sequence) after "
                                + "\(lastSequence)); hydrate a longer range (--since) so each origin's history is complete, nothing "
                                + "was imported"
                        )
                    }
                    position += 1
                    let placed = EventEnvelope(
                        position: position, eventId: event.eventId, origin: event.origin, sequence: event.sequence, runId: event.runId,
                        monitor: event.monitor, runDate: event.runDate, type: event.type, schemaVersion: event.schemaVersion,
                        occurredAt: event.occurredAt, logicVersion: event.logicVersion, causationId: event.causationId,
                        payloadText: event.payloadText, prevHash: event.prevHash, hash: event.hash)
                    try writer.write(placed, payload: event.payload)
                    if let jobId {
                        try confirm.bind([.text(event.eventId), .text(jobId), .text(at)])
                        _ = try confirm.step()
                    }
                    added += 1
                }
                if let mismatch = try checkPulls(after: lastPosition).mismatch {
                    throw ArchiveError(
                        .corrupt,
                        "the events read do not make a verifiable archive (\(mismatch.description)); nothing was imported — "
                            + "hydrate every origin (no --since) or recover the archive the pull came from")
                }
                try projections.apply(after: lastPosition)
                return added
            }
        } catch let error as ArchiveError {
            throw error
        } catch let error as SQLiteError {
            throw ArchiveError.storage(error, path)
        } catch {
            throw ArchiveError(.storage, "importing into \(path) failed: \(error)")
        }
    }
}
