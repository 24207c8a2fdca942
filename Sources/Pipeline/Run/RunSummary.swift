import Analyst
import MonitorEngine

/// The outcome of one monitor on one day, for the CLI to print.
package struct RunSummary: Sendable {
    package let monitor: String
    package let runDate: Day
    package let runId: String
    /// "completed", "incomplete" (not judged: the data did not look complete), "failed" or "dry-run".
    package var status: String
    package let findings: [AnalystFinding]
    package let error: String?
    package let eventsAppended: Int
    /// Whether the run's message ended as `message.failed`.
    package var messageFailed: Bool = false
    /// Why the day was not judged, or what `--force` judged past: `61 % of the expected visitors`.
    package var incomplete: String?
    /// Past values this run pulled differently from the previous current run (archived as `data.restated`).
    package var restated: [Restatement] = []
    /// What the run did about a post an earlier, crashed run may have made (posted again, found it, or left it).
    package var deliveryNote: String?
    /// A revisit's word on judging the day late: `data for 2026-11-20 arrived late — judged now`.
    package var lateNote: String?

    package var alerts: [AnalystFinding] { findings.filter { $0.finding.alerts } }
}
