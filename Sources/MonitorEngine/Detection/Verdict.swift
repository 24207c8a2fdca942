/// What the rules say about one cell: flagged or not, and why.
public struct Verdict: Sendable, Equatable {
    /// Direction of the change against the baseline.
    public enum Direction: String, Sendable { case up, down }

    public let flagged: Bool
    public let severity: String?
    /// The threshold of the severity level reached.
    public let threshold: Double?
    /// The statistic the method thresholds (robust z, or relative change for `pct_change`).
    public let statistic: Double
    public let direction: Direction?
    /// Why an unflagged cell was not judged or not flagged, for audits.
    public let reason: String

    /// Applies `config` to `stats`.
    public static func judge(_ stats: CellStatistics, _ config: DetectionConfig) -> Verdict {
        func no(_ reason: String, _ statistic: Double = .nan) -> Verdict {
            Verdict(flagged: false, severity: nil, threshold: nil, statistic: statistic, direction: nil, reason: reason)
        }
        guard !stats.value.isNaN else { return no("no value on the day") }
        guard stats.isJudgeable(weeks: config.baselineWeeks) else { return no("history too short: needs 3 same-weekday points and 7 week-over-week changes") }
        let statistic = config.method == .seasonalRobustZ ? stats.robustZ : stats.deltaRelative
        guard !statistic.isNaN else { return no("baseline is zero, relative change undefined") }
        let volume = max(stats.volume.isNaN ? 0 : stats.volume, stats.volumeBaseline.isNaN ? 0 : stats.volumeBaseline)
        guard volume >= config.minVolume else { return no("volume \(volume) below min_volume \(config.minVolume)", statistic) }
        let direction: Direction = stats.deltaAbsolute >= 0 ? .up : .down
        if config.direction == .up && direction == .down || config.direction == .down && direction == .up {
            return no("direction \(direction.rawValue) not monitored", statistic)
        }
        guard abs(stats.deltaAbsolute) >= config.minAbsoluteChange else { return no("absolute change below min_absolute_change", statistic) }
        if !stats.deltaRelative.isNaN, abs(stats.deltaRelative) < config.minRelativeChange {
            return no("relative change below min_relative_change", statistic)
        }
        guard let level = config.severities.last(where: { abs(statistic) >= $0.threshold }) else {
            return no("within threshold", statistic)
        }
        return Verdict(flagged: true, severity: level.level, threshold: level.threshold, statistic: statistic, direction: direction,
            reason: "\(config.method.rawValue) \(abs(statistic)) ≥ \(level.threshold)")
    }
}
