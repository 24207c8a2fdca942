import CanonicalJSON
import SQLite

/// What can be saved from a damaged archive file: every event SQLite can still read, in archive order, cut to the
/// part of each origin's chain that still verifies (sequences from 1 without a gap, each hash and link intact).
public struct ArchiveSalvage: Sendable {
    /// The events to keep, each origin's verified prefix.
    public let events: [EventEnvelope]
    /// Events read before SQLite stopped.
    public let read: Int
    /// Why reading stopped early (SQLite's words), or nil when every row was read.
    public let stoppedBecause: String?
    /// Per origin, the first event that broke its chain and was dropped with everything after it.
    public let breaks: [String: String]

    /// Reads `path` read-only through SQLite, row by row; when SQLite stops early (or cannot read the schema at all),
    /// reads the event rows from the file's pages instead (``RawEventPages``).
    ///
    /// - Throws: ``ArchiveError`` when not one event can be read (the file is not an archive, or nothing of it is left).
    public static func read(_ path: String) throws(ArchiveError) -> ArchiveSalvage {
        var rows: [EventEnvelope] = []
        var stopped: String?
        do {
            let connection = try SQLiteConnection(path: path, create: false, readOnly: true)
            let statement = try connection.prepare("SELECT \(ArchiveStore.envelopeColumns) FROM events ORDER BY position")
            while try statement.step() { rows.append(try ArchiveStore.envelope(statement)) }
        } catch {
            stopped = "\(error)"
        }
        if stopped != nil, let pages = RawEventPages(path: path) {
            let fromPages = pages.events()
            if fromPages.count > rows.count { rows = fromPages }
        }
        guard !rows.isEmpty else {
            throw ArchiveError(
                .corrupt,
                "no event can be read from \(path)\(stopped.map { " (\($0))" } ?? ""); recover from the BigQuery archive table "
                    + "instead: `aa archive recover --archive NEW_FILE`")
        }
        var kept: [EventEnvelope] = []
        var breaks: [String: String] = [:]
        var tail: [String: (sequence: Int64, hash: String)] = [:]
        for event in rows where breaks[event.origin] == nil {
            let (sequence, hash) = tail[event.origin] ?? (0, EventEnvelope.genesisHash)
            guard event.sequence == sequence + 1, event.prevHash == hash, event.computedHash == event.hash else {
                breaks[event.origin] = "event \(event.eventId) (sequence \(event.sequence))"
                continue
            }
            tail[event.origin] = (event.sequence, event.hash)
            kept.append(event)
        }
        return ArchiveSalvage(events: kept, read: rows.count, stoppedBecause: stopped, breaks: breaks)
    }
}
