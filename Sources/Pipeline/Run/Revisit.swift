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

    /// How far back a run looks for days an earlier run left unjudged.
    package static let window = 7

    /// The days of the ``window`` before `date` that `monitor`'s runs left unjudged, oldest first, with what their
    /// checks saw — none for a monitor without a completeness rule.
    package static func due(_ store: ArchiveStore, monitor: Monitor, before date: Day) throws(PipelineError) -> [(Day, Revisit)] {
        guard monitor.completeness != nil else { return [] }
        let days: [String]
        do { days = try store.unjudgedDays(monitor: monitor.name) } catch { throw PipelineError(error) }
        var found: [(Day, Revisit)] = []
        for day in days.compactMap(Day.init) where day < date && day >= date.adding(-window) {
            if let revisit = try load(store, monitor: monitor.name, date: day) { found.append((day, revisit)) }
        }
        return found
    }

    /// The revisit of `date`, a day no run judged, from its `data.incomplete` checks.
    static func load(_ store: ArchiveStore, monitor: String, date: Day) throws(PipelineError) -> Revisit? {
        let checks: [EventEnvelope]
        do {
            checks = try store.events(
                EventFilter(monitor: monitor, types: [.dataIncomplete], since: date.description, until: date.description))
        } catch { throw PipelineError(error) }
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
