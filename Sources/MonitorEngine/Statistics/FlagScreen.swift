/// The rules a cell must pass before its statistic is looked at — volume, absolute and relative change — checked
/// on its baseline alone: a sweep that wants findings, not every cell, skips the noise scale of the cells they
/// rule out (most of a wide panel), which could not be flagged whatever their scale.
///
/// It reads the same fields with the same arithmetic as ``Verdict/judge(_:_:lookback:)``, so a cell it rules out
/// is one the verdict would not flag.
public struct FlagScreen: Sendable {
    let minVolume: Double
    let minAbsoluteChange: Double
    let minRelativeChange: Double

    public init(_ config: DetectionConfig) {
        minVolume = config.minVolume
        minAbsoluteChange = config.minAbsoluteChange
        minRelativeChange = config.minRelativeChange
    }

    /// Whether `stats` (value, volumes and baseline filled) cannot be flagged.
    func rulesOut(_ stats: CellStatistics) -> Bool {
        if stats.judgedVolume < minVolume { return true }
        guard !stats.value.isNaN, !stats.baseline.isNaN else { return true }
        let change = stats.value - stats.baseline
        if abs(change) < minAbsoluteChange { return true }
        return stats.baseline != 0 && abs(change / abs(stats.baseline)) < minRelativeChange
    }
}
