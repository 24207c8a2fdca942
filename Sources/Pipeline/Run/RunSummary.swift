import MonitorEngine

/// The outcome of one monitor on one day, for the CLI to print.
public struct RunSummary: Sendable {
    public let monitor: String
    public let runDate: Day
    public let runId: String
    /// "completed", "failed" or "dry-run".
    public let status: String
    public let findings: [AnalystFinding]
    public let error: String?
    public let eventsAppended: Int
    /// Whether the run's message ended as `message.failed`.
    public var messageFailed: Bool = false

    public var alerts: [AnalystFinding] { findings.filter { $0.finding.alerts } }
}
