import CanonicalJSON
import Digest
import EventArchive
import Foundation
import Testing

/// Hydration as on a job cluster: every morning starts from an empty archive, imports what the BigQuery table holds,
/// and stores its pulls as deltas against the previous morning's — written by another origin. Whatever the origin
/// ids are, the hydrated archive must verify, and a table that cannot make a verifiable archive imports nothing.
@Suite struct HydrationOrderTests {
    /// Two archive seeds whose origin ids sort one way (`first` before `second`).
    static func seeds(sortedFirst: Bool) -> (earlier: String, later: String) {
        func origin(_ seed: String) -> String { "o_" + SHA256Digest.hex(seed).prefix(12) }
        let candidates = (0..<50).map { "morning-\($0)" }
        let yesterday = candidates[0]
        let today = candidates.dropFirst().first { (origin($0) < origin(yesterday)) == sortedFirst } ?? candidates[1]
        return (yesterday, today)
    }

    /// A morning on its own fresh archive: hydrate `table`, then one run whose pull is a delta against `base`.
    static func morning(
        seed: String, table: [EventEnvelope], day: Int, base: (event: EventEnvelope, rows: [JSONValue])?, clock: String
    ) throws -> (events: [EventEnvelope], rows: [JSONValue]) {
        let folder = NSTemporaryDirectory() + "aa-hydration-" + UUID().uuidString
        let store = try ArchiveStore.open(path: folder + "/archive.sqlite", create: true, originSeed: { seed })
        try store.importEvents(table, confirmedBy: "hydrate", at: clock)
        let rows = PullDeltaTests.window(day...(day + 9), slices: ["a", "b"])
        let stored = base.map { DataPulled.Storage.delta(PullDelta(baseEventId: $0.event.eventId, from: $0.rows, to: rows)) }
        let pull = PullResolverTests.pull("run_\(day)", date: "2026-11-2\(day)", rows: rows, stored: stored)
        let draft = EventDraft(
            eventId: pull.eventId, runId: pull.runId, monitor: pull.monitor, runDate: pull.runDate, type: pull.type, occurredAt: clock,
            logicVersion: pull.logicVersion, payload: pull.payload)
        let written = try store.append([draft])
        return (table + written, rows)
    }

    /// Yesterday's origin writes a whole pull; today's, on a fresh archive, a delta against it; a third fresh archive
    /// hydrates both. Today's clock may even run behind yesterday's.
    func threeMornings(sortedFirst: Bool, skewedClock: Bool) throws -> ArchiveStore {
        let (yesterday, today) = Self.seeds(sortedFirst: sortedFirst)
        let first = try Self.morning(seed: yesterday, table: [], day: 1, base: nil, clock: "2026-11-22T06:00:00.000Z")
        let base = try #require(first.events.last)
        let second = try Self.morning(
            seed: today, table: first.events, day: 2, base: (base, first.rows),
            clock: skewedClock ? "2026-11-22T05:00:00.000Z" : "2026-11-23T06:00:00.000Z")
        let folder = NSTemporaryDirectory() + "aa-hydration-" + UUID().uuidString
        let third = try ArchiveStore.open(path: folder + "/archive.sqlite", create: true)
        let imported = try third.importEvents(second.events.reversed(), confirmedBy: "hydrate", at: "2026-11-24T06:00:00.000Z")
        #expect(imported == 2)
        return third
    }

    @Test(arguments: [(true, false), (false, false), (true, true), (false, true)])
    func aMorningBuiltOnAnotherOriginsPullHydratesIntoAnArchiveThatVerifies(sortedFirst: Bool, skewedClock: Bool) throws {
        let store = try threeMornings(sortedFirst: sortedFirst, skewedClock: skewedClock)
        let report = try store.verify()
        #expect(report.ok, "\(report.pullProblem ?? report.firstProblem ?? "")")
        #expect(report.pullsRebuilt == 2)
        #expect(report.origins == 2)
        // The base sits before its delta whatever the origins or clocks say.
        let pulls = try store.events(EventFilter(types: [.dataPulled]))
        #expect(pulls.map(\.runId) == ["run_1", "run_2"])
    }

    @Test func aTableMissingADeltasBaseImportsNothingAndSaysWhy() throws {
        let (yesterday, today) = Self.seeds(sortedFirst: true)
        let first = try Self.morning(seed: yesterday, table: [], day: 1, base: nil, clock: "2026-11-22T06:00:00.000Z")
        let base = try #require(first.events.last)
        let second = try Self.morning(
            seed: today, table: first.events, day: 2, base: (base, first.rows), clock: "2026-11-23T06:00:00.000Z")
        let folder = NSTemporaryDirectory() + "aa-hydration-" + UUID().uuidString
        let store = try ArchiveStore.open(path: folder + "/archive.sqlite", create: true)
        // Only today's origin, as `aa sync --pull --since` of one day would read it.
        let todayOnly = second.events.filter { $0.origin != base.origin }
        #expect(todayOnly.count == 1)
        do throws(ArchiveError) {
            try store.importEvents(todayOnly, confirmedBy: "hydrate", at: "2026-11-24T06:00:00.000Z")
            Issue.record("a delta without its base was imported")
        } catch {
            #expect(error.code == .corrupt)
            #expect(error.message.hasPrefix("the events read do not make a verifiable archive (pull \(todayOnly[0].eventId)"))
            #expect(error.message.contains("nothing was imported"))
        }
        #expect(try store.events(EventFilter()).isEmpty)
    }

    @Test func longChainsFromManyOriginsImportInCausalOrder() throws {
        // Ten mornings, each a fresh origin with a delta against the morning before.
        var table: [EventEnvelope] = []
        var base: (event: EventEnvelope, rows: [JSONValue])?
        for day in 1...9 {
            let clock = "2026-11-\(String(format: "%02d", 10 + day))T06:00:00.000Z"
            let morning = try Self.morning(seed: "random-\(day)", table: table, day: day, base: base, clock: clock)
            table = morning.events
            base = (try #require(table.last), morning.rows)
        }
        let origins = table.map(\.origin)
        #expect(origins != origins.sorted(), "the origins must not already sort in the order they were written")
        let folder = NSTemporaryDirectory() + "aa-hydration-" + UUID().uuidString
        let store = try ArchiveStore.open(path: folder + "/archive.sqlite", create: true)
        try store.importEvents(table.shuffled(), confirmedBy: "hydrate", at: "2026-11-30T06:00:00.000Z")
        let report = try store.verify()
        #expect(report.ok, "\(report.pullProblem ?? report.firstProblem ?? "")")
        #expect(report.pullsRebuilt == 9)
        #expect(try store.events(EventFilter()).map(\.runId) == (1...9).map { "run_\($0)" })
    }
}
