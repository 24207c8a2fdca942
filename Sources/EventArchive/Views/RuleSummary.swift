import CanonicalJSON

/// The detection rule a finding was judged by, read from its `rule` payload (`DetectionConfig.json`): the method,
/// the severity levels and the gates a change had to pass.
public struct RuleSummary: Sendable, Equatable {
    /// A severity level and the statistic that reaches it.
    public struct Level: Sendable, Equatable {
        public let level: String
        public let threshold: Double?
    }

    /// `seasonal_robust_z` or `relative_change`.
    public let method: String?
    public let levels: [Level]
    /// `up`, `down` or `both`.
    public let direction: String?
    public let minVolume: Double?
    public let minRelativeChange: Double?
    public let minAbsoluteChange: Double?

    /// Reads a `rule` object; what is missing reads as nil.
    public init(_ json: JSONValue) {
        method = json["method"]?.stringValue
        levels = (json["severity"]?.arrayValue ?? []).map {
            Level(level: $0["level"]?.stringValue ?? "", threshold: $0["threshold"]?.doubleValue)
        }
        direction = json["direction"]?.stringValue
        minVolume = json["min_volume"]?.doubleValue
        minRelativeChange = json["min_relative_change"]?.doubleValue
        minAbsoluteChange = json["min_absolute_change"]?.doubleValue
    }
}
