import CanonicalJSON
import Foundation
import SQLite
import Testing

@testable import EventArchive

@Suite struct ArchiveStoreTests {
    @Test func appendAssignsGapFreeSequencesAndAHashChain() throws {
        let archive = try TemporaryArchive()
        let first = try archive.store.append(TemporaryArchive.run("run_a"))
        let second = try archive.store.append(TemporaryArchive.run("run_b", anomalies: ["an_00000000000b"]))
        let all = first + second
        #expect(all.map(\.sequence) == Array(1...Int64(all.count)))
        #expect(all[0].prevHash == EventEnvelope.genesisHash)
        for (earlier, later) in zip(all, all.dropFirst()) { #expect(later.prevHash == earlier.hash) }
        for event in all { #expect(event.hash == event.computedHash) }
        #expect(try archive.store.events(EventFilter()).map(\.hash) == all.map(\.hash))
    }

    @Test func hashCoversTheCanonicalEnvelope() throws {
        let archive = try TemporaryArchive()
        let event = try #require(try archive.store.append([TemporaryArchive.run("run_a")[0]]).first)
        let parsed = try JSONValue.parse(event.hashInput)
        #expect(parsed.canonicalString == event.hashInput) // sorted keys, compact: canonical
        #expect(parsed["payload"] == TemporaryArchive.run("run_a")[0].payload)
        #expect(parsed["payload"]?["trigger"] == "cli")
        #expect(parsed["sequence"] == 1)
        #expect(parsed["hash"] == nil)
    }

    @Test func reappendingTheSameEventIdsAddsNothing() throws {
        let archive = try TemporaryArchive()
        try archive.store.append(TemporaryArchive.run("run_a"))
        let again = try archive.store.append(TemporaryArchive.run("run_a"))
        #expect(again.isEmpty)
        #expect(try archive.store.eventCount() == 4)
    }

    @Test func theDatabaseRefusesUpdatesAndDeletes() throws {
        let archive = try TemporaryArchive()
        try archive.store.append(TemporaryArchive.run("run_a"))
        #expect(throws: SQLiteError.self) { try archive.shell("UPDATE events SET payload = '{}' WHERE sequence = 1") }
        #expect(throws: SQLiteError.self) { try archive.shell("DELETE FROM events WHERE sequence = 1") }
        #expect(try archive.store.verify().ok)
    }

    @Test func verifyNamesTheFirstTamperedEvent() throws {
        let archive = try TemporaryArchive()
        let events = try archive.store.append(TemporaryArchive.run("run_a") + TemporaryArchive.run("run_b", anomalies: ["an_00000000000b"]))
        #expect(try archive.store.verify().ok)
        try archive.shell("DROP TRIGGER events_no_update; UPDATE events SET payload = replace(payload, '-9.5', '-9.6') WHERE sequence = 6")
        let report = try archive.store.verify()
        #expect(!report.ok)
        #expect(report.firstBadEventId == events[5].eventId)
        #expect(report.firstProblem?.contains("#6") == true)
        #expect(!report.guardsPresent)
    }

    @Test func verifyCatchesFactsThatDisagreeWithTheirPayload() throws {
        let archive = try TemporaryArchive()
        let events = try archive.store.append(TemporaryArchive.run("run_a"))
        try archive.shell("DROP TRIGGER event_facts_no_update; UPDATE event_facts SET severity = 'info' WHERE position = 2")
        let report = try archive.store.verify()
        #expect(report.firstBadEventId == events[1].eventId)
        #expect(report.firstProblem?.contains("typed facts") == true)
    }

    /// The append-only guards are told apart by SQLite's result code (a trigger's RAISE), not by their message.
    @Test func theAppendOnlyGuardsAreKnownByTheirResultCode() throws {
        let archive = try TemporaryArchive()
        try archive.store.append(TemporaryArchive.run("run_a"))
        for sql in ["UPDATE events SET monitor = 'x'", "DELETE FROM events", "UPDATE event_facts SET severity = 'info'"] {
            do {
                try archive.shell(sql)
                Issue.record("the guard let \(sql) through")
            } catch let error as SQLiteError {
                #expect(error.isRaisedByTrigger && error.code & 0xFF == 19, "\(sql): \(error)")
            }
        }
        // Another constraint (a position taken twice) is a constraint failure, not a trigger's.
        do {
            try archive.shell("INSERT INTO events SELECT * FROM events LIMIT 1")
            Issue.record("a duplicate position was taken")
        } catch let error as SQLiteError {
            #expect(error.code & 0xFF == 19 && !error.isRaisedByTrigger, "\(error)")
        }
    }

    @Test func verifyFindsSequenceGaps() throws {
        let archive = try TemporaryArchive()
        try archive.store.append(TemporaryArchive.run("run_a"))
        try archive.shell("DROP TRIGGER events_no_delete; DELETE FROM events WHERE sequence = 2")
        let report = try archive.store.verify()
        #expect(report.firstProblem?.contains("sequence gap") == true)
    }

    @Test func newerRunsBecomeTheCurrentReport() throws {
        let archive = try TemporaryArchive()
        try archive.store.append(TemporaryArchive.run("run_a", anomalies: ["an_00000000000a"]))
        try archive.store.append(TemporaryArchive.run("run_b", anomalies: ["an_00000000000b", "an_00000000000c"]))
        let current = try archive.store.query("SELECT run_id FROM p_reports WHERE monitor = 'm' AND run_date = '2026-11-20'")
        #expect(current.first?.first?.text == "run_b")
        let alerts = try archive.store.query("SELECT anomaly_id FROM v_current_alerts ORDER BY anomaly_id").compactMap { $0.first?.text }
        #expect(alerts == ["an_00000000000b", "an_00000000000c"])
        let history = try archive.store.query("SELECT count(*) FROM p_alerts").first?.first?.int
        #expect(history == 3)
        let runs = try archive.store.query("SELECT run_id, status, findings FROM p_runs ORDER BY run_id")
        #expect(runs.map { $0[1].text } == ["completed", "completed"])
        #expect(runs.map { $0[2].int } == [1, 2])
    }

    @Test func projectionRebuildIsIdenticalAndRepairsDrift() throws {
        let archive = try TemporaryArchive()
        try archive.store.append(
            TemporaryArchive.run("run_a") + TemporaryArchive.run("run_b", date: "2026-11-21", anomalies: ["an_00000000000b"]))
        let rebuilt = try archive.store.rebuildProjections()
        #expect(rebuilt.before == rebuilt.after)
        try archive.shell("DELETE FROM p_alerts")
        let drifted = try archive.store.verify()
        #expect(!drifted.projectionsMatch)
        #expect(drifted.firstProblem == nil)
        let repaired = try archive.store.rebuildProjections()
        #expect(repaired.before != repaired.after)
        #expect(repaired.after == rebuilt.after)
        #expect(try archive.store.verify().ok)
    }

    @Test func openingRefusesWhatIsNotOurs() throws {
        let folder = NSTemporaryDirectory() + "aa-open-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(throws: ArchiveError.self) { try ArchiveStore.open(path: folder + "/missing.sqlite", create: false) }
        let text = folder + "/notes.txt"
        try "hello, not a database at all, just some text that is long enough".write(toFile: text, atomically: true, encoding: .utf8)
        do {
            _ = try ArchiveStore.open(path: text, create: true)
            Issue.record("opened a text file")
        } catch { #expect(error.code == .notAnArchive) }
        let other = folder + "/other.sqlite"
        try SQLiteConnection(path: other, create: true).execute("CREATE TABLE t(x)")
        do {
            _ = try ArchiveStore.open(path: other, create: true)
            Issue.record("opened a foreign database")
        } catch { #expect(error.code == .notAnArchive) }
    }

    @Test func openingRefusesANewerFormat() throws {
        let archive = try TemporaryArchive()
        try archive.shell("UPDATE meta SET value = '99' WHERE key = 'format_version'")
        do {
            _ = try ArchiveStore.open(path: archive.path, create: true)
            Issue.record("opened a newer archive")
        } catch {
            #expect(error.code == .newerFormat)
            #expect(error.message.contains("newer aa"))
        }
    }

    @Test func aSecondWriterIsRefusedWhileTheLockIsHeld() throws {
        let archive = try TemporaryArchive()
        let held = try ArchiveLock(archivePath: archive.path)
        do {
            _ = try ArchiveLock(archivePath: archive.path)
            Issue.record("took a held lock")
        } catch {
            #expect(error.code == .locked)
            #expect(error.message.contains("pid \(getpid())"))
        }
        _ = held
    }

    @Test func exportWritesBigQueryRowsWithThePayloadAsText() throws {
        let archive = try TemporaryArchive()
        try archive.store.append(TemporaryArchive.run("run_a"))
        var lines: [String] = []
        let count = try archive.store.exportNDJSON(EventFilter()) { lines.append($0) }
        #expect(count == 4)
        let row = try JSONValue.parse(String(lines[0].dropLast()))
        #expect(
            Set(row.objectValue?.keys.map { $0 } ?? []) == [
                "event_id", "origin", "sequence", "run_id", "monitor", "run_date", "type", "schema_version", "occurred_at",
                "logic_version", "causation_id", "payload", "prev_hash", "hash",
            ])
        #expect(try JSONValue.parse(row["payload"]?.stringValue ?? "") == TemporaryArchive.run("run_a")[0].payload)
    }
}
