import CanonicalJSON
import Digest

extension ArchiveStore {
    /// Rebuilds every `data.pulled` event's whole rows (applying deltas to their bases, in archive order so each base
    /// is rebuilt once) and checks them against the event's `result_hash` and `row_count`.
    ///
    /// Pulls archived before schema version 1 hashed their rows in another form and are not checked.
    /// - Parameter position: only pulls after this archive position (those an import just added).
    /// - Returns: how many pulls were rebuilt and matched, and the first that did not.
    func checkPulls(after position: Int64 = 0) throws(ArchiveError) -> (rebuilt: Int, mismatch: (eventId: String, description: String)?) {
        let resolver = PullResolver(store: self)
        var rebuilt = 0
        var mismatch: (eventId: String, description: String)?
        var filter = EventFilter(types: [.dataPulled])
        filter.afterPosition = position
        try forEachEvent(matching: filter) { event in
            guard mismatch == nil, event.schemaVersion >= 1 else { return }
            let name = "pull \(event.eventId) (run \(event.runId))"
            do {
                let pulled = try DataPulled(json: event.payload)
                let rows = try resolver.rows(of: event, pulled: pulled).rows
                if Int64(rows.count) != pulled.rowCount {
                    mismatch = (event.eventId, "\(name) rebuilds to \(rows.count) rows, not the \(pulled.rowCount) it archived")
                } else if SHA256Digest.hex(JSONValue.array(rows).canonicalString) != pulled.resultHash {
                    mismatch = (event.eventId, "\(name) does not rebuild to the rows it archived (result_hash differs)")
                } else {
                    rebuilt += 1
                }
            } catch let error as ArchiveError {
                mismatch = (event.eventId, error.message)
            } catch {
                mismatch = (event.eventId, "\(name) cannot be read: \(error)")
            }
        }
        return (rebuilt, mismatch)
    }
}
