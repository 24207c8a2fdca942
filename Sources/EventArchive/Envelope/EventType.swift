/// Every kind of event the archive holds, with the payload schema version written today.
public enum EventType: String, Sendable, CaseIterable {
    case runStarted = "run.started"
    case dataPulled = "data.pulled"
    case dataIncomplete = "data.incomplete"
    case dataRestated = "data.restated"
    case metricsComputed = "metrics.computed"
    case anomalyFlagged = "anomaly.flagged"
    case analysisProduced = "analysis.produced"
    case analysisFailed = "analysis.failed"
    case messageSent = "message.sent"
    case messageFailed = "message.failed"
    case messageSkipped = "message.skipped"
    /// The intent to post, archived (and committed) before the post: a crash after Slack accepted it leaves the
    /// intent without an outcome, which the next run resolves.
    case messageSending = "message.sending"
    /// An intent a crashed run left unresolved, where the monitor's `at_most_once` delivery forbids posting again.
    case messageUnknown = "message.unknown"
    case runCompleted = "run.completed"
    case runFailed = "run.failed"
    case anomalyLabeled = "anomaly.labeled"

    /// Payload schema version this build writes; older versions are upcast on read.
    ///
    /// `metrics.computed` v2 stores cells as columns (see `CellColumns`); `data.pulled` v2 may store its rows as a
    /// delta against an earlier pull (see `PullDelta`); `run.failed` v2 may list the warehouse jobs the run ran.
    ///
    /// Every type is named (no `default`), so a new type cannot be added without deciding its version.
    public var schemaVersion: Int {
        switch self {
        case .metricsComputed, .dataPulled, .runFailed: return 2
        case .runStarted, .dataIncomplete, .dataRestated, .anomalyFlagged, .analysisProduced, .analysisFailed, .messageSent,
            .messageFailed, .messageSkipped, .messageSending, .messageUnknown, .runCompleted, .anomalyLabeled:
            return 1
        }
    }
}

extension EventType {
    /// `message.sent`, `message.failed` or `message.skipped`: what happened to a run's message. (An intent,
    /// `message.sending`, and an unresolved one, `message.unknown`, are not outcomes.)
    public var isMessage: Bool {
        switch self {
        case .messageSent, .messageFailed, .messageSkipped: return true
        case .runStarted, .dataPulled, .dataIncomplete, .dataRestated, .metricsComputed, .anomalyFlagged, .analysisProduced,
            .analysisFailed, .messageSending, .messageUnknown, .runCompleted, .runFailed, .anomalyLabeled:
            return false
        }
    }

    /// `run.completed` or `run.failed`: how a run ended.
    public var endsRun: Bool {
        switch self {
        case .runCompleted, .runFailed: return true
        case .runStarted, .dataPulled, .dataIncomplete, .dataRestated, .metricsComputed, .anomalyFlagged, .analysisProduced,
            .analysisFailed, .messageSent, .messageFailed, .messageSkipped, .messageSending, .messageUnknown, .anomalyLabeled:
            return false
        }
    }

    /// The type an archived row or an imported event names, refused when this `aa` does not know it.
    public init(archived text: String) throws(ArchiveError) {
        guard let type = EventType(rawValue: text) else {
            throw ArchiveError(.newerFormat, "an event has type '\(text)', which this aa does not know; upgrade aa to read this archive")
        }
        self = type
    }
}
