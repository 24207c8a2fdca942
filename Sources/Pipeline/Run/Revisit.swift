import Context
import EventArchive
import Foundation
import MonitorEngine

/// A later run's second look at a day an earlier run left unjudged (`data.incomplete`): what the last check saw and
/// when the first one was made, so the day is judged late once its data has arrived, or judged as it is once its
/// numbers have not moved for the rule's `settle` — a gap that persists is itself worth an alert. No day stays
/// unjudged without a message.
package struct Revisit: Sendable {
    /// When the day was first found incomplete.
    package let since: Date
    /// What the latest check saw: the volume (volume check) or how far the data had loaded (sql check).
    package let seen: Double?
    package let loadedThrough: String?

    /// The revisit of `date` for `monitor`, if a run left it unjudged and none judged it since.
    package static func load(_ store: ArchiveStore, monitor: String, date: Day) throws(PipelineError) -> Revisit? {
        let checks: [EventEnvelope]
        do {
            guard try store.unjudgedDays(monitor: monitor).contains(date.description) else { return nil }
            checks = try store.events(
                EventFilter(monitor: monitor, types: [.dataIncomplete], since: date.description, until: date.description))
        } catch { throw PipelineError(.runtime, error.message) }
        guard let first = checks.first, let last = checks.last, let since = WallClock.instant(first.occurredAt) else { return nil }
        let latest = try last.typed(DataIncomplete.self)
        return Revisit(since: since, seen: latest.seen, loadedThrough: latest.loadedThrough)
    }

    /// Whether `verdict` found the same numbers as the latest check, `settle` seconds or more after the first.
    func settled(_ verdict: CompletenessVerdict, now: Date, settle: Int) -> Bool {
        verdict.seen == seen && verdict.loadedThrough == loadedThrough && now.timeIntervalSince(since) >= Double(settle)
    }

    /// What the run says about a day it judged on a revisit.
    static func note(_ date: Day, settled verdict: CompletenessVerdict?, settle: Int) -> String {
        guard let verdict else { return "data for \(date) arrived late — judged now" }
        let hours = settle >= 3600 && settle % 3600 == 0 ? "\(settle / 3600) h" : "\(settle) s"
        return "data for \(date) stayed at \(verdict.sentence) for \(hours): judged as it is"
    }
}
