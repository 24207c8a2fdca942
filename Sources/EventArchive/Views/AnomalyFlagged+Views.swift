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

extension AnomalyFlagged {
    /// The finding a `grouped` slice finding is listed under in its run (one incident, one alert): the same metric's
    /// top line moving the same way (new, persisting or escalated); nil for any other finding.
    public func listedUnder(in run: [AnomalyFlagged]) -> AnomalyFlagged? {
        guard status == "grouped" else { return nil }
        return run.first {
            $0.metric == metric && $0.direction == direction && $0.dimension != dimension && $0.topLineShare == nil
                && $0.status != "no_data" && $0.status != "expected"
        }
    }
}
