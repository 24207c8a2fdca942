/// Everything computed for one metric × slice × day: the value, its baselines and the deltas between them.
///
/// Missing quantities are NaN here and become JSON `null` on the way out, so NaN never leaks.
public struct CellStatistics: Sendable, Equatable {
    public var value = Double.nan
    public var previous = Double.nan
    public var lastWeek = Double.nan
    /// The baseline findings compare with: the same-weekday median moved forward by the trend.
    public var baseline = Double.nan
    /// Median of the same weekday over the last `baseline_weeks` weeks, before the trend adjustment.
    public var seasonalMedian = Double.nan
    /// Typical week-over-week change (median over the lookback): the trend the baseline is moved by.
    public var trendPerWeek = Double.nan
    public var baselinePoints = 0
    public var mean = Double.nan
    public var std = Double.nan
    public var median = Double.nan
    public var mad = Double.nan
    public var trailingPoints = 0
    /// Standardised week-over-week changes behind the noise scale.
    public var changePoints = 0
    /// One standard error against the baseline: the sampling noise the volume implies at the midpoint of value and
    /// baseline (Poisson, binomial or relative) times the series' dispersion learned from its standardised
    /// week-over-week changes (1.4826 × MAD, at least 1, raised by a heavier tail read from the third-largest change),
    /// widened for the error of the same-weekday median. `robust_z` is the change in these units.
    public var scale = Double.nan
    public var robustZ = Double.nan
    public var deltaAbsolute = Double.nan
    public var deltaRelative = Double.nan
    public var deltaPreviousRelative = Double.nan
    public var deltaLastWeekRelative = Double.nan
    public var volume = Double.nan
    public var volumeBaseline = Double.nan

    public init() {}

    /// Fills the changes (deltas and robust z) from the value, its baselines and the scale. They are worked out
    /// the same way wherever statistics come from — the evaluator, or an archive that stores only their inputs.
    public mutating func deriveChanges() {
        if !value.isNaN, !baseline.isNaN {
            deltaAbsolute = value - baseline
            if baseline != 0 { deltaRelative = deltaAbsolute / abs(baseline) }
            if !scale.isNaN { robustZ = deltaAbsolute / scale }
        }
        if !previous.isNaN, previous != 0, !value.isNaN { deltaPreviousRelative = (value - previous) / abs(previous) }
        if !lastWeek.isNaN, lastWeek != 0, !value.isNaN { deltaLastWeekRelative = (value - lastWeek) / abs(lastWeek) }
    }

    /// The volume the min_volume rule judges: the larger of the day's and its baseline's (missing counts as 0), so a
    /// drop to nothing on a busy slice is still judged.
    var judgedVolume: Double { max(volume.isNaN ? 0 : volume, volumeBaseline.isNaN ? 0 : volumeBaseline) }

    /// These statistics with ``deriveChanges()`` applied.
    func derivingChanges() -> CellStatistics {
        var s = self
        s.deriveChanges()
        return s
    }

    /// Week-over-week changes needed before the noise scale is trusted: three weeks, or as many as a short
    /// lookback holds. Fewer make a MAD too noisy to threshold (on the demo, most warm-up false alerts came
    /// from scales fitted on 7–20 changes).
    public static func minimumChangePoints(lookback: Int) -> Int { max(7, min(21, lookback - 7)) }

    /// Enough history for a seasonal judgement: three same-weekday points (or every configured week, if fewer)
    /// and ``minimumChangePoints(lookback:)`` week-over-week changes.
    public func isJudgeable(weeks: Int, lookback: Int) -> Bool {
        !value.isNaN && baselinePoints >= min(3, weeks) && changePoints >= Self.minimumChangePoints(lookback: lookback) && !scale.isNaN
    }
}
