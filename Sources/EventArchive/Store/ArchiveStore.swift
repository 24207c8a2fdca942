import CanonicalJSON
import Digest
import Foundation
import SQLite

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
    /// The read models a writer found dropped and made again from the log when it opened the archive.
    public private(set) var remadeProjections: [String] = []
    /// What a writer did to bring an older archive to this build's format when it opened it, one line per step.
    public private(set) var upgrades: [String] = []
    let connection: SQLiteConnection
    /// How another connection reads this archive (verify's replay attaches it): a read-only `file:` URI.
    let readURI: String

    private init(path: String, origin: String, connection: SQLiteConnection, immutable: Bool) {
        self.path = path
        self.origin = origin
        self.connection = connection
        readURI = SQLiteConnection.readOnlyURI(path, immutable: immutable)
    }

    /// Opens the archive at `path`, creating it (and its folder) when `create` is true.
    ///
    /// - Throws: ``ArchiveError`` when the file is missing, not an archive, from a newer aa, or not writable.
    public static func open(path: String, create: Bool, originSeed: () -> String = { UUID().uuidString }) throws(ArchiveError)
        -> ArchiveStore
    {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        if !exists && !create {
            throw ArchiveError.missing(path)
        }
        if isFolder.boolValue {
            throw ArchiveError(
                .notAnArchive, "\(path) is a folder, not an archive file; point --archive at a file, such as \(path)/archive.sqlite")
        }
        // An archive is never empty (it holds its metadata from its first write): a file of 0 bytes is one that was
        // truncated, and starting a new archive over it would hide the loss.
        if exists, (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) == 0 {
            throw ArchiveError(
                .notAnArchive,
                "\(path) is an empty file, not an archive (was it truncated?); restore it from a copy, or remove it (then "
                    + "`aa sync --pull` restores the events of the BigQuery archive table, or the next run starts a new archive)")
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
        var connection: SQLiteConnection
        do { connection = try SQLiteConnection(path: path, create: create) } catch {
            throw exists
                ? ArchiveError.storage(error, path)
                : ArchiveError(.notWritable, "cannot create the archive at \(path) (\(error.message)); choose a writable --archive path")
        }
        var immutable = false
        var remade: [String] = []
        var upgrades: [String] = []
        do {
            // A reader of an archive it cannot write, in a folder where SQLite cannot make the WAL's index: read it
            // as immutable (nothing this process does could change it anyway).
            if !create, Self.cannotWriteIndex(connection),
                let readOnly = try? SQLiteConnection(
                    path: SQLiteConnection.readOnlyURI(path, immutable: true), create: false, readOnly: true, uri: true),
                (try? readOnly.query("SELECT count(*) FROM sqlite_master")) != nil
            {
                connection = readOnly
                immutable = true
            }
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
            // Archives from before the format was numbered have none (format 0); any other text was written by hand.
            let version = meta["format_version"].map { Int($0) ?? -1 } ?? 0
            guard version >= 0 else {
                throw ArchiveError(
                    .notAnArchive,
                    "\(path) has a format_version of '\(meta["format_version"] ?? "")', which no aa wrote; restore the archive from a "
                        + "copy")
            }
            if version > ArchiveSchema.formatVersion {
                throw ArchiveError(
                    .newerFormat,
                    "\(path) was written by a newer aa (archive format \(version); this aa reads up to "
                        + "\(ArchiveSchema.formatVersion)); upgrade aa to read it"
                )
            }
            if create {
                try connection.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL")
                // A writer never puts dropped guards back: that would hide the evidence `aa verify` reports.
                if exists, let missing = try missingGuards(connection) {
                    throw ArchiveError(
                        .tampered,
                        "the archive's append-only guards were removed (\(missing)) — it may have been edited; run `aa verify` "
                            + "before writing to \(path) again")
                }
                // An older format is brought up to this build's, and its read models made again from the log; a read
                // model dropped by hand is made again too, before anything is appended.
                let migrated = version < ArchiveSchema.formatVersion
                remade = exists ? try Projections(connection: connection).missingTables().sorted() : []
                if migrated || !remade.isEmpty {
                    upgrades = try connection.transaction {
                        let steps = migrated ? try ArchiveMigrations.migrate(connection, from: version) : []
                        try Projections(connection: connection).rebuildAll()
                        return steps.map { "format \($0.version - 1) → \($0.version): \($0.summary)" }
                    }
                }
            } else if let missing = try Projections(connection: connection).missingTables().sorted().first {
                throw ArchiveError(
                    .storage,
                    "the archive \(path) lacks its read model \(missing) (dropped by hand?); run `aa projections rebuild` to make it again")
            }
            let store = ArchiveStore(path: path, origin: origin, connection: connection, immutable: immutable)
            store.remadeProjections = remade
            store.upgrades = upgrades
            if create && exists { try store.checkTail() }
            return store
        } catch let error as ArchiveError {
            throw error
        } catch let error as SQLiteError {
            throw ArchiveError.storage(error, path)
        } catch {
            throw ArchiveError(.storage, "the archive \(path) failed: \(error)")
        }
    }

    /// Whether reading `connection` fails because SQLite cannot write the file or make its WAL index (a read-only
    /// file or folder); a busy or damaged archive is not that.
    private static func cannotWriteIndex(_ connection: SQLiteConnection) -> Bool {
        do { _ = try connection.query("SELECT 1 FROM sqlite_master") } catch { return error.cannotWriteIndex }
        return false
    }

    /// The append-only triggers an existing archive should have and does not, named; nil when all are in place. The
    /// event facts' triggers count only once their table exists (archives older than it gain both when opened).
    private static func missingGuards(_ connection: SQLiteConnection) throws(SQLiteError) -> String? {
        let objects = Set(
            try connection.query("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')").compactMap { $0[0].text })
        var required = ["events_no_update", "events_no_delete"]
        if objects.contains("event_facts") { required += ["event_facts_no_update", "event_facts_no_delete"] }
        let missing = required.filter { !objects.contains($0) }
        return missing.isEmpty ? nil : missing.joined(separator: ", ")
    }

    private static func initialize(_ connection: SQLiteConnection, origin: String) throws(SQLiteError) {
        try connection.execute("PRAGMA journal_mode = WAL")
        try connection.execute("BEGIN IMMEDIATE")
        do {
            try connection.execute(ArchiveSchema.tables)
            try connection.execute(ArchiveSchema.guards)
            try connection.execute(ProjectionFacts.tableSQL + ArchiveStore.outboxSQL)
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

    /// Refuses an archive whose last event no longer matches its hash (forged, or changed by hand): a new event
    /// links to it, and would make the forgery look like part of the chain. Each writer checks at open and at append.
    ///
    /// - Throws: ``ArchiveError`` (tampered) naming the event.
    public func checkTail() throws(ArchiveError) {
        let id = try query("SELECT event_id FROM events WHERE origin = ? ORDER BY sequence DESC LIMIT 1", [.text(origin)]).first?.first?
            .text
        // The tail this store checked or wrote itself needs no second look.
        guard let id, id != checkedTail else { return }
        guard let last = try event(id: id), last.computedHash != last.hash else {
            checkedTail = id
            return
        }
        throw ArchiveError(
            .tampered,
            "the archive's last event (\(id)) does not match its hash (forged, or changed after it was written), so nothing is "
                + "appended on top of it; run `aa verify` on "
                + path)
    }

    /// The id of the last event of this origin that ``checkTail()`` verified or ``append(_:)`` wrote.
    private var checkedTail: String?

    /// The read models over this archive.
    public var projections: Projections { Projections(connection: connection) }

    /// Appends drafts in one transaction together with the projection updates they cause.
    ///
    /// Drafts whose `eventId` is already archived are skipped, so re-appending is safe.
    /// - Returns: the envelopes actually written.
    @discardableResult
    public func append(_ drafts: [EventDraft]) throws(ArchiveError) -> [EventEnvelope] {
        do {
            let appended = try connection.transaction {
                let tail = try connection.query(
                    "SELECT sequence, hash FROM events WHERE origin = ? ORDER BY sequence DESC LIMIT 1", [.text(origin)]
                ).first
                try checkTail()
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
                CrashPoint.reach("before-commit")
                return written
            }
            if let last = appended.last { checkedTail = last.eventId }
            CrashPoint.reach("after-commit")
            return appended
        } catch let error as ArchiveError {
            throw error
        } catch let error as SQLiteError {
            // The archive's only triggers that raise are its append-only guards.
            if error.isRaisedByTrigger { throw ArchiveError(.appendRefused, error.message) }
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
                let before = compare ? try projections.digest() : "" // a dropped table digests as missing
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
