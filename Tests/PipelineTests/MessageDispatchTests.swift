import CanonicalJSON
import Context
import EventArchive
import Foundation
import Testing

@testable import MonitorEngine
@testable import Pipeline
@testable import Slack

/// The delivery rules on their own, against a fake destination: every delivery mode × crash point × number of
/// mornings after it, counting what reached the destination and what the archive says.
@Suite struct MessageDispatchTests {
    /// A destination that counts posts; as a bot it keeps their delivery keys and finds them again.
    final class FakeDestination: Delivery, @unchecked Sendable {
        let findsKeys: Bool
        var posted: [String] = []

        init(findsKeys: Bool) { self.findsKeys = findsKeys }

        func destination(for monitor: String) -> String { "slack:FAKE" }
        func deliver(_ payload: JSONValue, monitor: String, thread: String?) -> DeliveryOutcome {
            deliver(payload, monitor: monitor, thread: thread, deliveryKey: "")
        }
        func deliver(_ payload: JSONValue, monitor: String, thread: String?, deliveryKey: String) -> DeliveryOutcome {
            posted.append(deliveryKey)
            return DeliveryOutcome(kind: .sent, destination: "slack:FAKE", detail: "posted")
        }
        func lookUp(deliveryKey: String, monitor: String) -> DeliveryLookUp {
            findsKeys ? (posted.contains(deliveryKey) ? .found(receipt: .object([:])) : .absent) : .cannotTell(reason: nil)
        }
    }

    /// Where a morning's process dies: not at all, after its intent was archived (before the post), or after the
    /// destination accepted the post (before its record).
    enum Crash: String, CaseIterable, Sendable { case none, afterIntent, afterAccepted }

    let date = Day("2026-05-23")!

    func monitor(_ mode: Monitor.DeliveryGuarantee) -> Monitor {
        var alerting = Monitor.Alerting()
        alerting.delivery = mode
        return Monitor(
            name: "m", description: "", source: .sqlite, template: "m.sql", lookbackDays: 28,
            dimensions: [.init(name: "total", expression: "'all'")], columns: ["orders"],
            metrics: [MetricDefinition(name: "orders", kind: .count, column: "orders")], detection: DetectionConfig(), metricDetection: [:],
            expectedDays: [], alerting: alerting, templateVariables: [:], config: [:])
    }

    static func store() throws -> ArchiveStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dispatch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return try ArchiveStore.open(path: dir + "/archive.sqlite", create: true)
    }

    /// One morning's delivery of `keys`; a crash drops what the process had not archived yet.
    @discardableResult
    func morning(
        _ store: ArchiveStore, _ monitor: Monitor, _ destination: FakeDestination, keys: [String] = ["orders|total|all|warning"],
        options: RunOptions = RunOptions(), crash: Crash = .none
    ) throws -> EventType? {
        var run = RunContext(monitor: monitor, date: date, options: options, delivery: destination, archive: store)
        (run.prior, run.unresolved) = try MessageDispatch.earlier(run)
        var recorder = RunRecorder(
            runId: "run_\(UUID().uuidString.prefix(8))", monitor: monitor.name, runDate: date.description, logicVersion: "l",
            clock: .system)
        let postsBefore = destination.posted.count
        let id = MessageDispatch(run: run).send(keys: keys, quiet: false, cause: "ev_cause", &recorder) { _ in .object(["text": "hi"]) }
        if crash == .afterIntent { destination.posted.removeLast(destination.posted.count - postsBefore) } // died before the post
        let type = recorder.drafts.first { $0.eventId == id }?.type
        guard crash == .none, !options.dryRun else { return nil }
        _ = try store.append(recorder.pending)
        return type
    }

    static let cases: [(Monitor.DeliveryGuarantee, Bool, Crash, Int)] = [Monitor.DeliveryGuarantee.atLeastOnce, .atMostOnce]
        .flatMap { mode in [false, true].flatMap { bot in Crash.allCases.flatMap { crash in [1, 3].map { (mode, bot, crash, $0) } } } }

    @Test(arguments: cases)
    func postsAsItsModePromisesWhateverTheCrashAndHoweverManyMorningsFollow(
        mode: Monitor.DeliveryGuarantee, bot: Bool, crash: Crash, mornings: Int
    ) throws {
        let store = try Self.store()
        let monitor = monitor(mode)
        let destination = FakeDestination(findsKeys: bot)
        try morning(store, monitor, destination, crash: crash)
        var outcomes: [EventType?] = []
        for _ in 0..<mornings { outcomes.append(try morning(store, monitor, destination)) }
        // A bot finds its post by key: exactly once. A webhook cannot tell: at_least_once may post twice after a
        // crash after Slack accepted, at_most_once may lose a post that died before reaching Slack — never more.
        let expected: Int =
            switch (crash, bot, mode) {
            case (.none, _, _), (_, true, _): 1
            case (.afterIntent, false, .atLeastOnce): 1
            case (.afterIntent, false, .atMostOnce): 0
            case (.afterAccepted, false, .atLeastOnce): 2
            case (.afterAccepted, false, .atMostOnce): 1
            }
        #expect(destination.posted.count == expected, "posts: \(destination.posted.count)")
        // Every morning after the first that settled the day records a skip: nothing is posted twice by re-runs.
        #expect(outcomes.dropFirst().allSatisfy { $0 == .messageSkipped }, "\(outcomes)")
        let first = outcomes[0]
        if crash == .none {
            #expect(first == .messageSkipped)
        } else if !bot && mode == .atMostOnce {
            #expect(first == .messageUnknown)
        } else {
            #expect(first == .messageSent)
        }
    }

    @Test(arguments: [Monitor.DeliveryGuarantee.atLeastOnce, .atMostOnce])
    func resendAndChangedFindingsPostAfterAnySettledDay(mode: Monitor.DeliveryGuarantee) throws {
        let store = try Self.store()
        let monitor = monitor(mode)
        let destination = FakeDestination(findsKeys: false)
        try morning(store, monitor, destination, crash: .afterAccepted)
        try morning(store, monitor, destination)
        let settled = destination.posted.count
        #expect(try morning(store, monitor, destination, options: RunOptions(resend: true)) == .messageSent)
        #expect(try morning(store, monitor, destination, keys: ["orders|total|all|critical"]) == .messageSent)
        #expect(destination.posted.count == settled + 2)
    }

    @Test func aDryRunNeverReachesTheDestinationNorTheArchive() throws {
        let store = try Self.store()
        let destination = FakeDestination(findsKeys: true)
        for mode in [Monitor.DeliveryGuarantee.atLeastOnce, .atMostOnce] {
            for options in [RunOptions(dryRun: true), RunOptions(dryRun: true, resend: true)] {
                let run = RunContext(monitor: monitor(mode), date: date, options: options, delivery: destination, archive: store)
                #expect(run.destination == PreviewDelivery.destination)
                try morning(store, monitor(mode), destination, options: options)
            }
        }
        #expect(destination.posted.isEmpty)
        #expect(try store.eventCount() == 0)
    }
}
