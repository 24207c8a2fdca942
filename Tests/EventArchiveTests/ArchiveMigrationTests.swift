import Foundation
import SQLite
import Testing

@testable import EventArchive

/// An archive of every earlier format opens under this build: the first writer brings it to the latest format, after
/// which it verifies (hash chain, typed facts, read models equal to a replay) and its read models rebuild to the same.
@Suite struct ArchiveMigrationTests {
    /// What an archive of each earlier format lacked, as SQL that takes a current archive back to it.
    static let earlier: [(name: String, version: String?, sql: String)] = [
        (
            "format 0 (before the format was numbered, before facts and the outbox)", nil,
            "DROP TABLE event_facts; DROP TABLE uploads; DROP TABLE upload_jobs; DELETE FROM meta WHERE key = 'format_version'"
        ),
        ("format 1 as first released (no facts, no outbox)", "1", "DROP TABLE event_facts; DROP TABLE uploads; DROP TABLE upload_jobs"),
        ("format 1 with facts for only its later events", "1", "DROP TABLE uploads; DROP TABLE upload_jobs"),
        ("format 1 as last written (facts and outbox)", "1", ""),
    ]

    @Test(arguments: earlier.indices)
    func anEarlierFormatOpensVerifiesAndRebuilds(_ index: Int) throws {
        let (name, version, sql) = Self.earlier[index]
        let archive = try TemporaryArchive()
        try archive.store.append(TemporaryArchive.run("run_a", date: "2026-11-19"))
        try archive.store.append(TemporaryArchive.run("run_b", anomalies: ["an_000000000002", "an_000000000003"]))
        let alerts = try archive.store.currentAlerts(since: "2026-11-01").map(\.anomalyId).sorted()
        #expect(alerts.count == 3, "\(name)")
        try archive.shell(sql)
        if index == 2 {
            // Facts arrived after the archive's first run: that run's events have none.
            try archive.shell(
                "DROP TRIGGER event_facts_no_delete; DELETE FROM event_facts WHERE position IN "
                    + "(SELECT position FROM events WHERE run_id = 'run_a'); CREATE TRIGGER event_facts_no_delete BEFORE DELETE ON "
                    + "event_facts BEGIN SELECT RAISE(ABORT, 'event facts are append-only: DELETE refused'); END;")
        }
        try archive.shell(
            version.map { "UPDATE meta SET value = '\($0)' WHERE key = 'format_version'" } ?? "SELECT 1")
        let reopened = try ArchiveStore.open(path: archive.path, create: true)
        let format = try reopened.query("SELECT value FROM meta WHERE key = 'format_version'").first?.first?.text
        #expect(format == String(ArchiveMigrations.latest), "\(name)")
        #expect(reopened.upgrades.count == ArchiveMigrations.latest - Int(version ?? "0")!, "\(name): one note per step")
        let facts = try reopened.query("SELECT count(*) FROM event_facts").first?.first?.int ?? 0
        #expect(facts == 2 * 3 + 3, "\(name): every run.started, flagged, analysis and completed event has its facts")
        let report = try reopened.verify()
        #expect(report.ok, "\(name): \(report.firstProblem ?? "")")
        try reopened.rebuildProjections()
        #expect(try reopened.currentAlerts(since: "2026-11-01").map(\.anomalyId).sorted() == alerts, "\(name)")
        #expect(try reopened.verify().ok)
        // Once migrated, the archive takes new events as any other.
        try reopened.append(TemporaryArchive.run("run_c", date: "2026-11-21", anomalies: ["an_000000000004"]))
        #expect(try reopened.verify().ok)
    }

    @Test func everyStepMovesTheFormatOnByOne() {
        #expect(ArchiveMigrations.steps.map(\.version) == Array(1...ArchiveMigrations.latest))
        #expect(ArchiveSchema.formatVersion == ArchiveMigrations.latest)
    }
}
