import CanonicalJSON

extension ArchiveStore {
    /// Re-checks the hash chain, sequence continuity, payload form, guards and projections.
    public func verify() throws(ArchiveError) -> VerificationReport {
        var count = 0
        var origins = Set<String>()
        var problem: String?
        var badId: String?
        var currentOrigin = ""
        var expected: Int64 = 1
        var previous = EventEnvelope.genesisHash
        do {
            try forEachEvent { event in
                count += 1
                if event.origin != currentOrigin {
                    currentOrigin = event.origin
                    origins.insert(event.origin)
                    expected = 1
                    previous = EventEnvelope.genesisHash
                }
                defer {
                    expected = event.sequence + 1
                    previous = event.hash
                }
                guard problem == nil else { return }
                let name = "event \(event.origin)#\(event.sequence) (\(event.eventId), \(event.type), run \(event.runId))"
                if event.sequence != expected {
                    problem = "sequence gap before \(name): expected #\(expected)"
                } else if event.prevHash != previous {
                    problem = "\(name) does not link to the event before it (prev_hash mismatch)"
                } else if event.computedHash != event.hash {
                    problem = "\(name) was changed after it was written: its content no longer matches its hash"
                } else if (try? JSONValue.parse(event.payloadText))?.canonicalString != event.payloadText {
                    problem = "\(name) has a payload that is not canonical JSON"
                }
                if problem != nil { badId = event.eventId }
            }
            let guards = try connection.query(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ('events_no_update', 'events_no_delete')"
            ).first?.first?.int ?? 0
            let stored: String
            let replayed: String
            do { (stored, replayed) = try replayDigests() } catch {
                (stored, replayed) = ((try? projections.digest()) ?? "", "replay failed: \(error.message)")
            }
            return VerificationReport(events: count, origins: origins.count, firstProblem: problem, firstBadEventId: badId,
                storedProjectionDigest: stored, replayedProjectionDigest: replayed, guardsPresent: guards == 2)
        } catch let error as SQLiteError {
            throw ArchiveError.storage(error, path)
        } catch {
            throw ArchiveError(.storage, "verifying \(path) failed: \(error)")
        }
    }
}

extension ArchiveStore {
    /// Digest of the stored projections and of a full replay, computed in a transaction that is rolled back.
    func replayDigests() throws(SQLiteError) -> (stored: String, replayed: String) {
        try connection.execute("BEGIN IMMEDIATE")
        defer { try? connection.execute("ROLLBACK") }
        let stored = try projections.digest()
        try projections.rebuildAll()
        return (stored, try projections.digest())
    }
}
