import CanonicalJSON
import SQLite

extension ArchiveStore {
    /// Re-checks the hash chain, sequence continuity, payload form, that every pull rebuilds to the rows it
    /// archived, guards and projections.
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
                } else if !Self.isCanonical(event.payloadText) {
                    problem = "\(name) has a payload that is not canonical JSON"
                }
                if problem != nil { badId = event.eventId }
            }
            if problem == nil, let mismatch = try firstFactsMismatch() {
                problem = mismatch.description
                badId = mismatch.eventId
            }
            let pulls = try checkPulls()
            let guards =
                try connection.query(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ('events_no_update', 'events_no_delete')"
                ).first?.first?.int ?? 0
            let (stored, replayed) = try replayDigests()
            return VerificationReport(
                events: count, origins: origins.count, pullsRebuilt: pulls.rebuilt, pullProblem: pulls.mismatch?.description,
                firstProblem: problem, firstBadEventId: badId ?? pulls.mismatch?.eventId,
                storedProjectionDigest: stored, replayedProjectionDigest: replayed, guardsPresent: guards == 2)
        } catch let error as SQLiteError {
            throw ArchiveError.storage(error, path)
        } catch {
            throw ArchiveError(.storage, "verifying \(path) failed: \(error)")
        }
    }
}

extension ArchiveStore {
    /// Whether `text` is exactly the canonical form of the JSON it holds, compared as bytes.
    static func isCanonical(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { JSONValue.isCanonical($0) }
    }

    /// The first event whose typed facts (what projections read) disagree with its payload.
    func firstFactsMismatch() throws(SQLiteError) -> (eventId: String, description: String)? {
        let columns = ProjectionFacts.columns.map { "f." + $0 }.joined(separator: ", ")
        let statement = try connection.prepare(
            "SELECT e.event_id, e.type, e.payload, e.sequence, f.position, \(columns) FROM events e LEFT JOIN event_facts f ON "
                + "f.position = e.position ORDER BY e.position"
        )
        while try statement.step() {
            let typeText = statement.text(at: 1) ?? ""
            // Pulls and cells hold no facts: their (large) payloads are not parsed.
            guard let type = EventType(rawValue: typeText), ProjectionFacts.types.contains(type),
                let expected = ProjectionFacts.values(type: type, payload: (try? JSONValue.parse(statement.text(at: 2) ?? "")) ?? .null)
            else {
                continue
            }
            let stored = statement.isNull(at: 4) ? nil : (0..<ProjectionFacts.columns.count).map { statement.value(at: 5 + $0) }
            if stored != expected {
                let id = statement.text(at: 0) ?? ""
                return (
                    id,
                    "the typed facts of event #\(statement.int(at: 3)) (\(id), \(typeText)) do not match its payload; the event_facts "
                        + "table was changed"
                )
            }
        }
        return nil
    }

    /// Digest of the stored projections and of a full replay of the log, both read in one snapshot of the archive.
    ///
    /// The replay is written to a private temporary database (SQLite's, for an empty name: in memory until it grows,
    /// deleted on close) with the archive attached beside it, so verify needs no write access and never waits for
    /// (or blocks) a writer: it works on a read-only file and while a run is appending.
    func replayDigests() throws(SQLiteError) -> (stored: String, replayed: String) {
        let replay = try SQLiteConnection(path: "", create: true, uri: true)
        try replay.run("ATTACH DATABASE ? AS archive", [.text(readURI)])
        try replay.execute("PRAGMA busy_timeout = 10000")
        try replay.execute(ProjectionSQL.create)
        // Unqualified `events` and `event_facts` resolve to the attached archive: the temporary database has neither.
        try replay.execute("BEGIN")
        defer { try? replay.execute("ROLLBACK") }
        var stored = Projections(connection: replay)
        stored.schema = "archive"
        let storedDigest = try stored.digest()
        let replayed = Projections(connection: replay)
        try replayed.rebuildAll()
        return (storedDigest, try replayed.digest())
    }
}
