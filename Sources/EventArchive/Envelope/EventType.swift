/// Every kind of event the archive holds, with the payload schema version written today.
public enum EventType: String, Sendable, CaseIterable {
    case runStarted = "run.started"
    case dataPulled = "data.pulled"
    case metricsComputed = "metrics.computed"
    case anomalyFlagged = "anomaly.flagged"
    case analysisProduced = "analysis.produced"
    case analysisFailed = "analysis.failed"
    case messageSent = "message.sent"
    case messageFailed = "message.failed"
    case messageSkipped = "message.skipped"
    case runCompleted = "run.completed"
    case runFailed = "run.failed"
    case anomalyLabeled = "anomaly.labeled"

    /// Payload schema version this build writes; older versions are upcast on read.
    ///
    /// `metrics.computed` v2 stores cells as columns (see `CellColumns`).
    public var schemaVersion: Int { self == .metricsComputed ? 2 : 1 }
}
