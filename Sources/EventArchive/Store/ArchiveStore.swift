import CanonicalJSON
import Foundation

/// The local event archive: one SQLite file holding the append-only log and its projections.
///
/// ```swift
/// let store = try ArchiveStore.open(path: ".aa/archive.sqlite", create: true)
/// let appended = try store.append([draft])
/// ```
public final class ArchiveStore {
    public let path: String
    /// This archive's id in every envelope it writes.
    public let origin: String
    let connection: SQLiteConnection

    private init(path: String, origin: String, connection: SQLiteConnection) {
        self.path = path
        self.origin = origin
        self.connection = connection
    }

    /// Opens the archive at `path`, creating it (and its folder) when `create` is true.
    ///
    /// - Throws: ``ArchiveError`` when the file is missing, not an archive, from a newer aa, or not writable.
    public static func open(path: String, create: Bool, originSeed: () -> String = { UUID().uuidString }) throws(ArchiveError)
        -> ArchiveStore
    {
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && !create {
            throw ArchiveError.missing(path)
        }
        if !exists {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                    throw ArchiveError(
                        .notWritable, "cannot create the archive folder \(folder); check permissions or choose another --archive path")
                }
            }
        }
        let connection: SQLiteConnection
        do { connection = try SQLiteConnection(path: path, create: create) } catch {
            throw exists
                ? ArchiveError.storage(error, path)
                : ArchiveError(.notWritable, "cannot create the archive at \(path) (\(error.message)); choose a writable --archive path")
        }
        do {
            // A bounded 64 MiB page cache: replays and scans stay fast and memory stays flat.
            try connection.execute("PRAGMA busy_timeout = 10000; PRAGMA cache_size = -65536")
            let hasMeta = try !connection.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").isEmpty
            if !hasMeta {
                let tables = try connection.query("SELECT count(*) FROM sqlite_master").first?.first?.int ?? 0
                if tables > 0 {
                    throw ArchiveError(
                        .notAnArchive, "\(path) is a SQLite database but not an aa archive; point --archive at an archive or a new path")
                }
                guard create else {
                    throw ArchiveError(.notAnArchive, "\(path) is not an aa archive; point --archive at an archive or a new path")
                }
                try initialize(connection, origin: "o_" + SHA256Digest.hex(originSeed()).prefix(12))
            }
            let meta = Dictionary(
                try connection.query("SELECT key, value FROM meta").map { ($0[0].text ?? "", $0[1].text ?? "") },
                uniquingKeysWith: { a, _ in a })
            guard meta["format"] == ArchiveSchema.formatName, let origin = meta["origin"] else {
                throw ArchiveError(
                    .notAnArchive, "\(path) is not an aa archive (its meta table is not ours); point --archive at an archive or a new path")
            }
            let version = Int(meta["format_version"] ?? "") ?? 0
            if version > ArchiveSchema.formatVersion {
                throw ArchiveError(
                    .newerFormat,
                    "\(path) was written by a newer aa (archive format \(version); this aa reads up to "
                        + "\(ArchiveSchema.formatVersion)); upgrade aa to read it"
                )
            }
            try connection.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL")
            // A writer puts the append-only guards back if someone dropped them; verify still reports the tampering by hash.
            if create { try connection.execute(ArchiveSchema.guards + ProjectionFacts.tableSQL + ArchiveStore.outboxSQL) }
            return ArchiveStore(path: path, origin: origin, connection: connection)
        } catch let error as ArchiveError {
            throw error
        } catch let error as SQLiteError {
            throw ArchiveError.storage(error, path)
        } catch {
            throw ArchiveError(.storage, "the archive \(path) failed: \(error)")
        }
    }

    private static func initialize(_ connection: SQLiteConnection, origin: String) throws(SQLiteError) {
        try connection.execute("PRAGMA journal_mode = WAL")
        try connection.execute("BEGIN IMMEDIATE")
        do {
            try connection.execute(ArchiveSchema.tables)
            try connection.execute(ArchiveSchema.guards)
            try connection.execute(ProjectionFacts.tableSQL)
            try connection.execute(ProjectionSQL.create)
            for (key, value) in [
                ("format", ArchiveSchema.formatName), ("format_version", String(ArchiveSchema.formatVersion)), ("origin", origin),
            ] {
                try connection.run("INSERT INTO meta(key, value) VALUES (?, ?)", [.text(key), .text(value)])
            }
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// The read models over this archive.
    public var projections: Projections { Projections(connection: connection) }

    /// Appends drafts in one transaction together with the projection updates they cause.
    ///
    /// Drafts whose `eventId` is already archived are skipped, so re-appending is safe.
    /// - Returns: the envelopes actually written.
    @discardableResult
    public func append(_ drafts: [EventDraft]) throws(ArchiveError) -> [EventEnvelope] {
        do {
            return try connection.transaction {
                let tail = try connection.query(
                    "SELECT sequence, hash FROM events WHERE origin = ? ORDER BY sequence DESC LIMIT 1", [.text(origin)]
                ).first
                var sequence = tail?[0].int ?? 0
                var prevHash = tail?[1].text ?? EventEnvelope.genesisHash
                let lastPosition = try connection.query("SELECT coalesce(max(position), 0) FROM events").first?.first?.int ?? 0
                var position = lastPosition
                let writer = try EventWriter(connection)
                var written: [EventEnvelope] = []
                for draft in drafts {
                    if try writer.has(draft.eventId) { continue }
                    sequence += 1
                    position += 1
                    let unsigned = EventEnvelope(
                        position: position, eventId: draft.eventId, origin: origin, sequence: sequence, runId: draft.runId,
                        monitor: draft.monitor, runDate: draft.runDate, type: draft.type, schemaVersion: draft.schemaVersion,
                        occurredAt: draft.occurredAt, logicVersion: draft.logicVersion, causationId: draft.causationId,
                        payloadText: draft.payload.canonicalString, prevHash: prevHash, hash: "")
                    let envelope = unsigned.signed()
                    try writer.write(envelope, payload: draft.payload)
                    prevHash = envelope.hash
                    written.append(envelope)
                }
                try projections.apply(after: lastPosition)
                return written
            }
        } catch let error as SQLiteError {
            if error.message.contains("append-only") { throw ArchiveError(.appendRefused, error.message) }
            throw ArchiveError.storage(error, path)
        } catch {
            throw ArchiveError(.storage, "appending to \(path) failed: \(error)")
        }
    }

    /// Drops and replays every projection; returns the digest before and after (empty when `compare` is false).
    @discardableResult
    public func rebuildProjections(compare: Bool = true) throws(ArchiveError) -> (before: String, after: String) {
        do {
            return try connection.transaction {
                let before = compare ? try projections.digest() : ""
                try projections.rebuildAll()
                return (before, compare ? try projections.digest() : "")
            }
        } catch let error as SQLiteError { throw ArchiveError.storage(error, path) } catch {
            throw ArchiveError(.storage, "rebuilding projections failed: \(error)")
        }
    }

    /// Runs a read query against the archive (projections and events); the read models in `ReadModels/` are built on it.
    func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws(ArchiveError) -> [[SQLiteValue]] {
        do { return try connection.query(sql, bindings) } catch { throw ArchiveError.storage(error, path) }
    }
}

extension EventEnvelope {
    /// Column values in `events` insert order.
    var columns: [SQLiteValue] {
        [
            .integer(position), .text(eventId), .text(origin), .integer(sequence), .text(runId), .text(monitor), .text(runDate),
            .text(type.rawValue), .integer(Int64(schemaVersion)), .text(occurredAt), logicVersion.map { .text($0) } ?? .null,
            causationId.map { .text($0) } ?? .null, .text(payloadText), .text(prevHash), .text(hash),
        ]
    }

    /// This envelope with `hash` set from its content.
    func signed() -> EventEnvelope {
        EventEnvelope(
            position: position, eventId: eventId, origin: origin, sequence: sequence, runId: runId, monitor: monitor, runDate: runDate,
            type: type, schemaVersion: schemaVersion, occurredAt: occurredAt, logicVersion: logicVersion, causationId: causationId,
            payloadText: payloadText, prevHash: prevHash, hash: computedHash)
    }
}
