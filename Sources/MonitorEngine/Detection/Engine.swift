/// The deterministic detector: rows and registry in, cells and findings out, byte-identical every time.
public enum Engine {
    /// Part of every derived event's logic version; bump it when detection behaviour changes.
    public static let version = "engine-1.0.0"

    /// Longest stretch walked back to find where an ongoing change began.
    static let persistenceWindow = 28
    /// A same-direction finding within this many days means the change is ongoing, not new.
    static let snoozeDays = 7

    /// Evaluates every metric × slice on the run date and flags what the rules say.
    public static func evaluate(_ input: EngineInput) -> EngineResult {
        let monitor = input.monitor
        // Registry order, whatever order the queries came back in: the first dimension is the top line.
        let order = Dictionary(uniqueKeysWithValues: monitor.dimensions.enumerated().map { ($1.name, $0) })
        let rows = input.rows.sorted { (order[$0.dimension] ?? Int.max, $0.dimension) < (order[$1.dimension] ?? Int.max, $1.dimension) }
        let frame = MetricFrame(
            start: input.runDate.adding(-monitor.historyDays), end: input.runDate, columnNames: monitor.columns, rows: rows)
        let builder = SeriesBuilder(frame: frame, monitor: monitor, labels: input.labels)
        let i = frame.dayCount - 1
        var cells: [CellResult] = []
        var flagged: [Finding] = []
        var notes: [String] = []
        var findings: [Finding] = []

        for (d, dimension) in frame.dimensions.enumerated() {
            let hasRows = input.rows.first { $0.dimension == dimension.name }?.rows.contains { $0.day == input.runDate } ?? false
            if !hasRows {
                notes.append("dimension \(dimension.name) returned no rows for \(input.runDate)")
                if d == 0 { findings.append(noDataFinding(monitor, dimension.name, input.runDate)) }
                continue
            }
            for metric in monitor.metrics {
                let config = monitor.detection(for: metric.name)
                let evaluator = CellEvaluator(lookback: monitor.lookbackDays, weeks: config.baselineWeeks)
                for series in dimension.slices {
                    let values = builder.values(metric, series)
                    let volume = builder.volume(metric, series)
                    let excluded = builder.excluded(metric, series, config)
                    let (stats, verdict, finding) = values.withUnsafeBufferPointer { v in
                        volume.withUnsafeBufferPointer { vol in
                            excluded.withUnsafeBufferPointer { ex in
                                let stats = evaluator.evaluate(values: v, volume: vol, excluded: ex, at: i)
                                let verdict = Verdict.judge(stats, config, lookback: monitor.lookbackDays)
                                let finding = verdict.flagged
                                    ? FindingBuilder(evaluator: evaluator, frame: frame, monitor: monitor, config: config)
                                        .build(metric: metric, series: series, stats: stats, verdict: verdict, values: v, volume: vol, excluded: ex, at: i)
                                    : nil
                                return (stats, verdict, finding)
                            }
                        }
                    }
                    cells.append(CellResult(metric: metric.name, dimension: dimension.name, slice: series.slice, stats: stats, verdict: verdict))
                    if let finding { flagged.append(finding) }
                }
            }
        }
        let shortHistory = cells.contains {
            !$0.stats.value.isNaN && !$0.stats.isJudgeable(weeks: monitor.detection(for: $0.metric).baselineWeeks, lookback: monitor.lookbackDays) && $0.dimension == frame.dimensions.first?.name
        }
        if shortHistory {
            notes.append("some top-line cells have under 3 weeks of same-weekday history; weekly seasonality needs at least 3 weeks, so they were not judged")
        }
        let drill = DrillDownBuilder(frame: frame, builder: builder, monitor: monitor, cells: cells, at: i)
        findings += Engine.group(flagged.map { drill.attach(to: $0) }, topDimension: frame.dimensions.first?.name)
        findings.sort(by: Engine.order)
        return EngineResult(runDate: input.runDate, cells: cells, findings: findings, notes: notes)
    }

    /// One incident, one alert: a slice finding moving the same way as a top-line finding (new or ongoing) on
    /// the same metric is listed under it (its drill-down names the slice) instead of alerting on its own.
    static func group(_ findings: [Finding], topDimension: String?) -> [Finding] {
        let topLine = findings.filter { $0.dimension == topDimension && $0.status != .noData && $0.status != .expected }
        return findings.map { f in
            guard f.dimension != topDimension, f.alerts,
                topLine.contains(where: { $0.metric == f.metric && $0.direction == f.direction })
            else { return f }
            return f.with(status: .grouped)
        }
    }

    /// Alerts first, then by severity rank, then by |statistic|, then by key: a total order, so output is stable.
    static func order(_ a: Finding, _ b: Finding) -> Bool {
        if a.alerts != b.alerts { return a.alerts }
        let ra = a.rule.severities.firstIndex { $0.level == a.severity } ?? 99
        let rb = b.rule.severities.firstIndex { $0.level == b.severity } ?? 99
        if ra != rb { return ra > rb }
        if abs(a.statistic) != abs(b.statistic) { return abs(a.statistic) > abs(b.statistic) }
        return a.key < b.key
    }

    static func noDataFinding(_ monitor: Monitor, _ dimension: String, _ day: Day) -> Finding {
        let rule = monitor.detection
        return Finding(
            metric: "_rows", dimension: dimension, slice: "*", direction: .down, severity: rule.severities.last?.level ?? "critical",
            status: .noData, since: nil, method: rule.method, rule: rule, threshold: 0, statistic: 0, stats: CellStatistics(),
            baselineWindow: [], trailingFrom: day, trailingTo: day, expectedReason: nil, drillDown: nil, topLine: nil)
    }
}
