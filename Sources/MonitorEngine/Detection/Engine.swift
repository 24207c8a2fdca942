/// The deterministic detector: rows and registry in, cells and findings out, byte-identical every time.
public enum Engine {
    /// Part of every derived event's logic version; bump it when detection behaviour changes.
    public static let version = "engine-2.1.0"

    /// Longest stretch walked back to find where an ongoing change began.
    static let persistenceWindow = 28
    /// A same-direction finding within this many days means the change is ongoing, not new.
    static let snoozeDays = 7

    /// Evaluates every metric × slice on the run date and flags what the rules say.
    ///
    /// - Parameter threads: cores the cells are spread over; the result does not depend on it.
    public static func evaluate(_ input: EngineInput, threads: Int = 1) -> EngineResult {
        let monitor = input.monitor
        let panel = PanelBuilder(columnNames: monitor.columns, rows: input.rows)
            .build(start: input.runDate.adding(-monitor.historyDays), end: input.runDate, order: monitor.dimensions.map(\.name))
        var result: EngineResult?
        // A run is a sweep over one date: the same code a backtest takes over many.
        HistorySweep(monitor: monitor, panel: panel, labels: input.labels, unjudged: input.unjudged, threads: threads)
            .run(days: [panel.dayCount - 1]) { result = $0 }
        return result ?? EngineResult(runDate: input.runDate, cells: [], findings: [], notes: [])
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

    /// Alerts first, then what explains the day before what it explains — top-line findings (whose drill-downs name
    /// the slices) before slice findings — then by severity rank, |statistic| and key: a total order, so output is
    /// stable and a message leads with the story.
    static func order(_ a: Finding, _ b: Finding, topDimension: String?) -> Bool {
        if a.alerts != b.alerts { return a.alerts }
        let (aTop, bTop) = (a.dimension == topDimension, b.dimension == topDimension)
        if aTop != bTop { return aTop }
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
