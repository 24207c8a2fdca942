/// One anomaly the rules flagged, with everything needed to re-derive it: rule, baseline window and drill-down.
public struct Finding: Sendable, Equatable {
    /// Whether a finding is news.
    public enum Status: String, Sendable {
        /// First day of the change: alert.
        case new
        /// Same direction as yesterday's finding at no higher severity: reported, not re-alerted.
        case persisting
        /// Persisting but at a higher severity than yesterday: alert again.
        case escalated
        /// On a day the registry expects to be unusual (a holiday): reported, not alerted.
        case expected
        /// A slice moving with an alerting top-line finding of the same metric: listed in its drill-down, not alerted.
        case grouped
        /// The run date returned no rows at all.
        case noData = "no_data"
    }

    public let metric: String
    public let dimension: String
    public let slice: String
    public let direction: Verdict.Direction
    public let severity: String
    public let status: Status
    /// First day of an ongoing change (for persisting and escalated findings).
    public let since: Day?
    public let method: DetectionConfig.Method
    public let rule: DetectionConfig
    public let threshold: Double
    public let statistic: Double
    public let stats: CellStatistics
    /// The same-weekday days and values the baseline median was taken over.
    public let baselineWindow: [(day: Day, value: Double)]
    /// Trailing window used for mean, std and the noise scale.
    public let trailingFrom: Day
    public let trailingTo: Day
    public let expectedReason: String?
    public let drillDown: DrillDown?
    /// For a slice finding: how the top line moved and what share of that move this slice explains.
    public let topLine: TopLineShare?

    /// Stable identity within a run: metric, dimension and slice.
    public var key: String { "\(metric)|\(dimension)|\(slice)" }

    /// Whether this finding should be sent as an alert.
    public var alerts: Bool { status == .new || status == .escalated || status == .noData }

    public static func == (a: Finding, b: Finding) -> Bool {
        a.key == b.key && a.severity == b.severity && a.status == b.status && a.stats == b.stats && a.since == b.since
            && a.baselineWindow.map(\.day) == b.baselineWindow.map(\.day) && a.drillDown == b.drillDown && a.topLine == b.topLine
    }
}

/// How much of the top line's change one slice accounts for.
public struct TopLineShare: Sendable, Equatable {
    public let topLineChange: Double
    public let topLineRelativeChange: Double
    /// This slice's contribution divided by the top line's change (NaN when the top line did not move).
    public let share: Double
    /// Whether the top line itself was flagged.
    public let topLineFlagged: Bool
}
