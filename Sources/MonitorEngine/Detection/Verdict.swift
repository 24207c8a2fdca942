/// What the rules say about one cell: flagged or not, and why.
public struct Verdict: Sendable, Equatable {
    /// Direction of the change against the baseline.
    public enum Direction: String, Sendable { case up, down }

    /// Why a cell was or was not flagged; rendered to text only when someone reads it.
    public enum Outcome: Sendable, Equatable {
        case noValue
        case shortHistory(requiredChanges: Int)
        case undefinedRelativeChange
        case belowMinVolume(volume: Double, minimum: Double)
        case directionNotMonitored(Direction)
        case belowMinAbsoluteChange
        case belowMinRelativeChange
        case withinThreshold
        case flagged(method: DetectionConfig.Method)
    }

    public let flagged: Bool
    public let severity: String?
    /// The threshold of the severity level reached.
    public let threshold: Double?
    /// The statistic the method thresholds (robust z, or relative change for `pct_change`).
    public let statistic: Double
    public let direction: Direction?
    public let outcome: Outcome

    /// Why the cell was or was not flagged, for audits.
    public var reason: String {
        switch outcome {
        case .noValue: return "no value on the day"
        case .shortHistory(let required): return "history too short: needs 3 same-weekday points and \(required) week-over-week changes"
        case .undefinedRelativeChange: return "baseline is zero, relative change undefined"
        case .belowMinVolume(let volume, let minimum): return "volume \(volume) below min_volume \(minimum)"
        case .directionNotMonitored(let d): return "direction \(d.rawValue) not monitored"
        case .belowMinAbsoluteChange: return "absolute change below min_absolute_change"
        case .belowMinRelativeChange: return "relative change below min_relative_change"
        case .withinThreshold: return "within threshold"
        case .flagged(let method): return "\(method.rawValue) \(abs(statistic)) ≥ \(threshold ?? 0)"
        }
    }

    /// Applies `config` to `stats`, computed over a `lookback`-day trailing window.
    public static func judge(_ stats: CellStatistics, _ config: DetectionConfig, lookback: Int) -> Verdict {
        func no(_ outcome: Outcome, _ statistic: Double = .nan) -> Verdict {
            Verdict(flagged: false, severity: nil, threshold: nil, statistic: statistic, direction: nil, outcome: outcome)
        }
        guard !stats.value.isNaN else { return no(.noValue) }
        guard stats.isJudgeable(weeks: config.baselineWeeks, lookback: lookback) else {
            return no(.shortHistory(requiredChanges: CellStatistics.minimumChangePoints(lookback: lookback)))
        }
        let statistic = config.method == .seasonalRobustZ ? stats.robustZ : stats.deltaRelative
        guard !statistic.isNaN else { return no(.undefinedRelativeChange) }
        let volume = stats.judgedVolume
        guard volume >= config.minVolume else { return no(.belowMinVolume(volume: volume, minimum: config.minVolume), statistic) }
        let direction: Direction = stats.deltaAbsolute >= 0 ? .up : .down
        if config.direction == .up && direction == .down || config.direction == .down && direction == .up {
            return no(.directionNotMonitored(direction), statistic)
        }
        guard abs(stats.deltaAbsolute) >= config.minAbsoluteChange else { return no(.belowMinAbsoluteChange, statistic) }
        if !stats.deltaRelative.isNaN, abs(stats.deltaRelative) < config.minRelativeChange { return no(.belowMinRelativeChange, statistic) }
        guard abs(statistic) >= config.alertThreshold, let level = config.severities.last(where: { abs(statistic) >= $0.threshold }) else {
            return no(.withinThreshold, statistic)
        }
        return Verdict(
            flagged: true, severity: level.level, threshold: level.threshold, statistic: statistic, direction: direction,
            outcome: .flagged(method: config.method))
    }
}
