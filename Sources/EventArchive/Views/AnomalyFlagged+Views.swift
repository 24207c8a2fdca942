import MonitorEngine

extension AnomalyFlagged {
    /// The baseline's days and trailing window.
    public var window: BaselineWindow { BaselineWindow(baselineWindow) }

    /// The rule the finding was judged by.
    public var ruleSummary: RuleSummary { RuleSummary(rule) }

    /// The slices that explain the change, per dimension, when the finding has a drill-down.
    public var drill: DrillDown? { DrillDown(json: drillDown) }

    /// The slice's share of the top line's change, when the finding is not the top line itself.
    public var topLineShare: TopLineShare? { TopLineShare(json: topLine) }
}
