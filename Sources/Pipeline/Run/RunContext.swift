import EventArchive
import MonitorEngine
import Slack

/// One run as a value, passed whole from its start to its message: the monitor, its day, how it was asked to run,
/// where its message goes and what that message is compared with.
package struct RunContext {
    package let monitor: Monitor
    package let date: Day
    package let options: RunOptions
    /// Where the run's message goes: a preview that never posts for replays, and always for a dry run — the
    /// delivery that posts is not kept, so no path of a dry run can reach Slack.
    package let delivery: any Delivery
    /// The last message sent for this monitor, day and destination, which a re-run compares with.
    package var prior: PriorDelivery?
    /// The archive, read for earlier analyses (nil for a dry run without one).
    package var archive: ArchiveStore?
    /// The published report site, when the message links to the day's page (`AA_REPORT_BASE_URL`).
    package var reportLink: ReportLink?
    /// Past values this run pulled differently from the previous current run; material ones are mentioned.
    package var restated: [Restatement] = []
    /// What a revisit says about judging the day late (its data arrived, or stopped moving), for the message.
    package var lateNote: String?
    /// The `message.sending` intent to this destination an earlier run of the day left without an outcome.
    package var unresolved: EventEnvelope?

    package init(
        monitor: Monitor, date: Day, options: RunOptions, delivery: any Delivery, prior: PriorDelivery? = nil, archive: ArchiveStore? = nil
    ) {
        self.monitor = monitor
        self.date = date
        self.options = options
        self.delivery = options.dryRun ? delivery.previewOnly(reason: Self.dryRunReason) : delivery
        self.prior = prior
        self.archive = archive
    }

    /// Why a dry run's message was only previewed.
    static let dryRunReason = "a dry run never posts; the message was previewed only"

    /// The name events record for where this run's message goes.
    package var destination: String { delivery.destination(for: monitor.name) }
}
