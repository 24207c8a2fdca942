import CanonicalJSON
import EventArchive
import MonitorEngine

/// The values a finding's rule would have let pass on its day: the baseline plus or minus the widest of what
/// the rule requires before it flags — the lowest severity threshold (in noise-scale units for the robust z,
/// as a fraction of the baseline for a percent change), `min_relative_change` and `min_absolute_change`.
package struct NormalBand: Sendable, Equatable {
    package let low: Double
    package let high: Double

    /// The band of `rule` (an archived `DetectionConfig.json`) around `stats.baseline`, or nil without a baseline.
    package init?(rule: RuleSummary, stats: CellStatistics) {
        let baseline = stats.baseline
        guard baseline.isFinite else { return nil }
        let threshold = rule.levels.compactMap(\.threshold).min() ?? .nan
        let statisticWidth = rule.method == "seasonal_robust_z" ? threshold * stats.scale : threshold * abs(baseline)
        let widths = [statisticWidth, (rule.minRelativeChange ?? 0) * abs(baseline), rule.minAbsoluteChange ?? 0]
        let width = widths.filter(\.isFinite).max() ?? 0
        low = baseline - width
        high = baseline + width
    }
}
