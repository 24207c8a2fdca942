/// Turns a flagged cell into a ``Finding``: status (new, persisting, escalated, expected) and baseline window.
///
/// The series passed in cover the run's window only (index 0 is its first day), so earlier days are judged
/// exactly as that run judged them.
struct FindingBuilder {
    let evaluator: CellEvaluator
    /// The first day of the run's window.
    let start: Day
    let monitor: Monitor
    let config: DetectionConfig

    func build(
        metric: MetricDefinition, dimension: String, slice: String, stats: CellStatistics, verdict: Verdict,
        values: UnsafeBufferPointer<Double>,
        volume: UnsafeBufferPointer<Double>, excluded: UnsafeBufferPointer<Bool>, at i: Int
    ) -> Finding {
        let day = start.adding(i)
        let rank = { (level: String?) in config.severities.firstIndex { $0.level == level } ?? -1 }
        // A change flagged in the same direction within the snooze window is the same event continuing:
        // report it as persisting (or escalated when worse than anything in the window), do not re-alert.
        var status = Finding.Status.new
        var since: Day?
        var worstRecent = -1
        var lastFlagged = i
        var j = i - 1
        while j >= max(0, i - Engine.persistenceWindow), lastFlagged - j <= Engine.snoozeDays {
            let earlier = Verdict.judge(
                evaluator.evaluate(values: values, volume: volume, excluded: excluded, at: j), config, lookback: monitor.lookbackDays)
            if earlier.flagged, earlier.direction == verdict.direction {
                lastFlagged = j
                since = start.adding(j)
                if i - j <= Engine.snoozeDays { worstRecent = max(worstRecent, rank(earlier.severity)) }
            }
            j -= 1
        }
        if since != nil { status = rank(verdict.severity) > worstRecent ? .escalated : .persisting }
        let expectedReason = monitor.expectedReason(on: day)
        if expectedReason != nil { status = .expected }

        var window: [(Day, Double)] = []
        for k in 1...config.baselineWeeks where i - 7 * k >= 0 {
            let idx = i - 7 * k
            if !excluded[idx], !values[idx].isNaN { window.append((start.adding(idx), values[idx])) }
        }
        return Finding(
            metric: metric.name, dimension: dimension, slice: slice, direction: verdict.direction ?? .up,
            severity: verdict.severity ?? "", status: status, since: since, method: config.method, rule: config,
            threshold: verdict.threshold ?? 0, statistic: verdict.statistic, stats: stats, baselineWindow: window.reversed(),
            trailingFrom: start.adding(max(0, i - monitor.lookbackDays)), trailingTo: day.adding(-1),
            expectedReason: expectedReason, drillDown: nil, topLine: nil)
    }
}

extension Finding {
    /// A copy with another status.
    func with(status: Status) -> Finding {
        Finding(
            metric: metric, dimension: dimension, slice: slice, direction: direction, severity: severity, status: status, since: since,
            method: method, rule: rule, threshold: threshold, statistic: statistic, stats: stats, baselineWindow: baselineWindow,
            trailingFrom: trailingFrom, trailingTo: trailingTo, expectedReason: expectedReason, drillDown: drillDown, topLine: topLine)
    }

    /// A copy with drill-down or top-line share attached.
    func with(drillDown: DrillDown?, topLine: TopLineShare?) -> Finding {
        Finding(
            metric: metric, dimension: dimension, slice: slice, direction: direction, severity: severity, status: status, since: since,
            method: method, rule: rule, threshold: threshold, statistic: statistic, stats: stats, baselineWindow: baselineWindow,
            trailingFrom: trailingFrom, trailingTo: trailingTo, expectedReason: expectedReason, drillDown: drillDown, topLine: topLine)
    }
}
