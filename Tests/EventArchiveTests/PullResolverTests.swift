import CanonicalJSON
import Digest
import EventArchive
import Testing

/// Pulls stored as deltas are rebuilt from the archive, chain by chain, and `verify` rebuilds every one.
@Suite struct PullResolverTests {
    /// A `data.pulled` draft for `runId` whose stored rows are `stored` and whose whole rows are `rows`.
    static func pull(_ runId: String, date: String, rows: [JSONValue], stored: DataPulled.Storage? = nil) -> EventDraft {
        let pulled = DataPulled(
            source: ["kind": "sqlite"], dimension: "market", sql: "SELECT 1", parameters: [], jobId: "job_\(runId)", bytesProcessed: nil,
            cacheHit: nil,
            schema: [["name": "ds", "type": "DATE"], ["name": "slice", "type": "STRING"], ["name": "v", "type": "INT64"]],
            rows: stored ?? .whole(rows), rowCount: Int64(rows.count), resultHash: SHA256Digest.hex(JSONValue.array(rows).canonicalString))
        return TemporaryArchive.draft(runId, .dataPulled, date, pulled.json, subject: "market")
    }

    /// Three days of a two-slice monitor: day 1 whole, days 2 and 3 each a delta against the day before.
    static func chain(_ archive: TemporaryArchive) throws -> (events: [EventEnvelope], rows: [[JSONValue]]) {
        var events: [EventEnvelope] = []
        var rows: [[JSONValue]] = []
        for day in 1...3 {
            let today = PullDeltaTests.window(day...(day + 9), slices: ["a", "b"])
            let stored = events.last.map { DataPulled.Storage.delta(PullDelta(baseEventId: $0.eventId, from: rows[day - 2], to: today)) }
            events += try archive.store.append([Self.pull("run_\(day)", date: "2026-11-2\(day)", rows: today, stored: stored)])
            rows.append(today)
        }
        return (events, rows)
    }

    @Test func aDeltaChainRebuildsEachDayAndCountsItsLinks() throws {
        let archive = try TemporaryArchive()
        let (events, rows) = try Self.chain(archive)
        // A fresh resolver per day: each rebuild reads its own chain from the archive.
        for (index, event) in events.enumerated() {
            let rebuilt = try PullResolver(store: archive.store).rows(of: event, pulled: try event.decode(DataPulled.self))
            #expect(rebuilt.rows == rows[index])
            #expect(rebuilt.chain == index)
        }
        let report = try archive.store.verify()
        #expect(report.ok)
        #expect(report.pullsRebuilt == 3)
    }

    @Test func aMissingOrLaterBaseIsACorruptArchive() throws {
        let archive = try TemporaryArchive()
        let rows = PullDeltaTests.window(1...3, slices: ["a"])
        let orphan = PullDelta(baseEventId: "ev_nowhere", segments: [.copy(start: 0, count: 3)])
        let event = try #require(
            try archive.store.append([Self.pull("run_1", date: "2026-11-21", rows: rows, stored: .delta(orphan))]).first)
        let pulled = try event.decode(DataPulled.self)
        do throws(ArchiveError) {
            _ = try PullResolver(store: archive.store).rows(of: event, pulled: pulled)
            Issue.record("a delta without its base was rebuilt")
        } catch {
            #expect(error.code == .corrupt)
            #expect(error.message.contains("is stored against ev_nowhere, which is not an earlier data.pulled event"))
        }
        let report = try archive.store.verify()
        #expect(!report.ok)
        #expect(report.firstProblem == nil)
        #expect(report.pullProblem?.contains(event.eventId) == true)
        #expect(report.firstBadEventId == event.eventId)
    }

    @Test func aBaseWrittenAfterItsDeltaIsRefusedSoNoChainCanLoop() throws {
        let archive = try TemporaryArchive()
        let rows = PullDeltaTests.window(1...3, slices: ["a"])
        let later = EventDraft.makeId(runId: "run_2", type: .dataPulled, subject: "market")
        let forward = PullDelta(baseEventId: later, segments: [.copy(start: 0, count: 3)])
        let events = try archive.store.append([
            Self.pull("run_1", date: "2026-11-21", rows: rows, stored: .delta(forward)),
            Self.pull("run_2", date: "2026-11-22", rows: rows),
        ])
        #expect(events.map(\.eventId).last == later)
        let report = try archive.store.verify()
        #expect(report.pullProblem?.contains("is stored against \(later), which is not an earlier data.pulled event") == true)
        #expect(report.pullsRebuilt == 0)
    }

    @Test func aTamperedSegmentIsNamedByVerify() throws {
        let archive = try TemporaryArchive()
        let (events, _) = try Self.chain(archive)
        // Day 3 now copies one row too early: still a valid payload, but not the rows the run pulled.
        try archive.shell(
            "DROP TRIGGER events_no_update; UPDATE events SET payload = replace(payload, '{\"copy\":[1,9]}', "
                + "'{\"copy\":[0,9]}') WHERE event_id = '\(events[2].eventId)'")
        let report = try archive.store.verify()
        #expect(
            report.pullProblem == "pull \(events[2].eventId) (run run_3) does not rebuild to the rows it archived (result_hash differs)")
        #expect(report.pullsRebuilt == 2)
    }
}
