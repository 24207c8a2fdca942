import CanonicalJSON
import SQLite

/// The archive format's history as numbered steps: each brings an archive of the previous format to its own, and
/// the first writer that opens an older archive runs the steps it lacks, in order, in one transaction, then remakes
/// the read models. `meta.format_version` says which format an archive is at; a new archive starts at ``latest``.
/// A change to the schema is a new step here, with a test that opens an archive of every earlier format.
enum ArchiveMigrations {
    /// One step of the format.
    struct Step: Sendable {
        /// The format the step brings an archive to.
        let version: Int
        /// What the step adds, for the note a writer prints.
        let summary: String
        let apply: @Sendable (SQLiteConnection) throws -> Void
    }

    static let steps: [Step] = [
        // Archives from before the format was numbered have no format_version: the number is all they lack.
        Step(version: 1, summary: "the format is numbered", apply: { _ in }),
        Step(version: 2, summary: "typed event facts (filled from every payload) and the upload outbox", apply: addFactsAndOutbox),
    ]

    /// The format this build writes.
    static var latest: Int { steps.last?.version ?? 0 }

    /// Runs the steps after `version`, and records the format reached; the caller holds the transaction.
    /// - Returns: the steps run, oldest first.
    static func migrate(_ connection: SQLiteConnection, from version: Int) throws -> [Step] {
        let due = steps.filter { $0.version > version }
        for step in due { try step.apply(connection) }
        try connection.run(
            "INSERT INTO meta(key, value) VALUES ('format_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [.text(String(latest))])
        return due
    }

    /// Format 2: the typed facts the read models replay from (archives older than them have none, or none for their
    /// first events), and the outbox of uploads to the BigQuery archive table.
    @Sendable static func addFactsAndOutbox(_ connection: SQLiteConnection) throws {
        try connection.execute(ProjectionFacts.tableSQL + ArchiveStore.outboxSQL)
        let missing = try connection.prepare(
            "SELECT e.position, e.type, e.payload FROM events e LEFT JOIN event_facts f ON f.position = e.position "
                + "WHERE f.position IS NULL ORDER BY e.position")
        let insert = try connection.prepare(ProjectionFacts.insertSQL)
        while try missing.step() {
            guard let type = EventType(rawValue: missing.text(at: 1) ?? ""), ProjectionFacts.types.contains(type),
                let facts = ProjectionFacts.values(type: type, payload: (try? JSONValue.parse(missing.text(at: 2) ?? "")) ?? .null)
            else { continue }
            try insert.bind([.integer(missing.int(at: 0)), .text(type.rawValue)] + facts)
            _ = try insert.step()
        }
    }
}
