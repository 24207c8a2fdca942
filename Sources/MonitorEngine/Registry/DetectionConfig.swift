/// The rules that turn a computed cell into a finding; one per monitor, with per-metric overrides.
public struct DetectionConfig: Sendable, Equatable {
    /// The statistic a rule thresholds.
    public enum Method: String, Sendable, Equatable, CaseIterable {
        /// Robust z of the value against the same-weekday median, scaled by the MAD of week-over-week changes.
        case seasonalRobustZ = "seasonal_robust_z"
        /// Relative change against the same-weekday median.
        case percentChange = "pct_change"
    }

    /// Which way a change must go to count.
    public enum Direction: String, Sendable, Equatable, CaseIterable {
        case both, up, down
    }

    /// A named severity reached when the statistic is at least `threshold`.
    public struct SeverityLevel: Sendable, Equatable {
        public let level: String
        public let threshold: Double
        public init(level: String, threshold: Double) {
            self.level = level
            self.threshold = threshold
        }
    }

    public var method: Method
    /// Same-weekday points in the seasonal baseline.
    public var baselineWeeks: Int
    public var direction: Direction
    /// Smallest volume (on the day or in the baseline) for a slice to be judged.
    public var minVolume: Double
    /// Smallest |relative change| against the baseline that may alert.
    public var minRelativeChange: Double
    /// Smallest |absolute change| against the baseline that may alert.
    public var minAbsoluteChange: Double
    /// Ascending thresholds; the highest one reached names the severity.
    public var severities: [SeverityLevel]
    /// Leave days labelled as incidents out of baselines.
    public var excludeLabeledIncidents: Bool

    public init(
        method: Method = .seasonalRobustZ, baselineWeeks: Int = 4, direction: Direction = .both, minVolume: Double = 0,
        minRelativeChange: Double = 0, minAbsoluteChange: Double = 0,
        severities: [SeverityLevel] = [.init(level: "warning", threshold: 4), .init(level: "critical", threshold: 8)],
        excludeLabeledIncidents: Bool = true
    ) {
        self.method = method
        self.baselineWeeks = baselineWeeks
        self.direction = direction
        self.minVolume = minVolume
        self.minRelativeChange = minRelativeChange
        self.minAbsoluteChange = minAbsoluteChange
        self.severities = severities
        self.excludeLabeledIncidents = excludeLabeledIncidents
    }

    /// The lowest threshold: below it nothing is flagged.
    public var alertThreshold: Double { severities.first?.threshold ?? .infinity }
}
