/// Judges one run date from a panel and the statistics of its cells: the cells, findings and notes a run of
/// that date produces. A daily run and a sweep over history both end here, so they agree to the byte.
struct DayJudge {
    let panel: Panel
    let builder: SeriesBuilder
    /// Panel index of the run date; the panel must hold the run's whole window before it.
    let day: Int

    var monitor: Monitor { builder.monitor }
    /// The days a run of this date sees: its history and the date itself.
    var window: ClosedRange<Int> { (day - monitor.historyDays)...day }

    /// - Parameters:
    ///   - keepingCells: whether the result lists every cell (what a run archives); a backtest wants the findings
    ///     only, which come out the same either way.
    ///   - flaggable: without cells, whether (dimension, metric, slice)'s verdict flags it, when the caller knows:
    ///     cells outside the top dimension that it says are not are passed over unread.
    ///   - statistics: the statistics of (dimension, metric, slice) on the run date, indices into the panel's
    ///     dimensions, the monitor's metrics and the dimension's slices.
    func judge(
        keepingCells: Bool = true, flaggable: ((Int, Int, Int) -> Bool)? = nil,
        _ statistics: @escaping (Int, Int, Int) -> CellStatistics
    ) -> EngineResult {
        let runDate = panel.start.adding(day)
        let window = window
        let slices = panel.dimensions.map { $0.slices(in: window) }
        let topDimension = panel.dimensions.first?.name
        var cells: [CellResult] = []
        if keepingCells { cells.reserveCapacity(slices.reduce(0) { $0 + $1.count } * monitor.metrics.count) }
        var shortHistory = false
        var flagged: [Finding] = []
        var notes: [String] = []
        var findings: [Finding] = []

        for (d, dimension) in panel.dimensions.enumerated() {
            guard dimension.hasRows(on: day) else {
                notes.append("dimension \(dimension.name) returned no rows for \(runDate)")
                if d == 0 { findings.append(Engine.noDataFinding(monitor, dimension.name, runDate)) }
                continue
            }
            for (m, metric) in monitor.metrics.enumerated() {
                let config = monitor.detection(for: metric.name)
                for s in slices[d] {
                    if d > 0, !keepingCells, let flaggable, !flaggable(d, m, s) { continue }
                    let stats = statistics(d, m, s)
                    let verdict = Verdict.judge(stats, config, lookback: monitor.lookbackDays)
                    if keepingCells {
                        cells.append(
                            CellResult(
                                metric: metric.name, dimension: dimension.name, slice: dimension.slices[s], stats: stats,
                                verdict: verdict))
                    }
                    if d == 0 && !shortHistory && !stats.value.isNaN {
                        shortHistory = !stats.isJudgeable(weeks: config.baselineWeeks, lookback: monitor.lookbackDays)
                    }
                    if verdict.flagged { flagged.append(finding(metric, config, d, s, stats, verdict)) }
                }
            }
        }
        if shortHistory {
            notes.append(
                "some top-line cells have under 3 weeks of same-weekday history; weekly seasonality needs at least 3 weeks, "
                    + "so they were not judged")
        }
        let drill = DrillDownBuilder(
            panel: panel, builder: builder, monitor: monitor, statistics: statistics, window: window, slices: slices)
        findings += Engine.group(flagged.map { drill.attach(to: $0) }, topDimension: topDimension)
        findings.sort { Engine.order($0, $1, topDimension: topDimension) }
        return EngineResult(runDate: runDate, cells: cells, findings: findings, notes: notes)
    }

    /// The finding for a flagged cell, its persistence judged over the run's window as the run judged it.
    private func finding(
        _ metric: MetricDefinition, _ config: DetectionConfig, _ d: Int, _ s: Int, _ stats: CellStatistics, _ verdict: Verdict
    ) -> Finding {
        let dimension = panel.dimensions[d]
        let values = builder.values(metric, dimension, s, window)
        let volume = builder.volume(metric, dimension, s, window)
        let excluded = builder.excluded(metric, dimension, s, config, window)
        let evaluator = CellEvaluator(lookback: monitor.lookbackDays, weeks: config.baselineWeeks, noise: SamplingNoise(metric))
        let finding = FindingBuilder(evaluator: evaluator, start: panel.start.adding(window.lowerBound), monitor: monitor, config: config)
        return values.withUnsafeBufferPointer { v in
            volume.withUnsafeBufferPointer { vol in
                excluded.withUnsafeBufferPointer { ex in
                    finding.build(
                        metric: metric, dimension: dimension.name, slice: dimension.slices[s], stats: stats, verdict: verdict, values: v,
                        volume: vol, excluded: ex, at: window.count - 1)
                }
            }
        }
    }
}
