/// Turns a slice's base columns into one metric's value, volume and exclusion series over a run of days.
struct SeriesBuilder {
    let panel: Panel
    let monitor: Monitor
    let labels: [IncidentLabel]
    let unjudged: [Day]
    private let columnIndex: [String: Int]

    init(panel: Panel, monitor: Monitor, labels: [IncidentLabel], unjudged: [Day] = []) {
        self.panel = panel
        self.monitor = monitor
        self.labels = labels
        self.unjudged = unjudged
        columnIndex = Dictionary(panel.columnNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func columnIndex(_ name: String) -> Int { columnIndex[name] ?? 0 }

    func values(_ metric: MetricDefinition, _ dimension: PanelDimension, _ s: Int, _ days: ClosedRange<Int>) -> [Double] {
        let numerator = dimension.column(columnIndex(metric.column), slice: s, days)
        guard metric.kind == .ratio, let denominatorName = metric.denominator else { return Array(numerator) }
        let denominator = dimension.column(columnIndex(denominatorName), slice: s, days)
        return zip(numerator, denominator).map { n, d in d > 0 && !n.isNaN ? n / d : .nan }
    }

    func volume(_ metric: MetricDefinition, _ dimension: PanelDimension, _ s: Int, _ days: ClosedRange<Int>) -> [Double] {
        Array(dimension.column(columnIndex(metric.volumeColumn), slice: s, days))
    }

    /// Days left out of baselines: expected days and days no run judged always, labelled incidents when the rule
    /// says so.
    func excluded(
        _ metric: MetricDefinition, _ dimension: PanelDimension, _ s: Int, _ config: DetectionConfig, _ days: ClosedRange<Int>
    ) -> [Bool] {
        var mask = [Bool](repeating: false, count: days.count)
        func exclude(_ day: Day) {
            if let i = panel.index(of: day), days.contains(i) { mask[i - days.lowerBound] = true }
        }
        for expected in monitor.expectedDays { exclude(expected.day) }
        for day in unjudged { exclude(day) }
        if config.excludeLabeledIncidents {
            for label in labels where label.matches(metric: metric.name, dimension: dimension.name, slice: dimension.slices[s]) {
                exclude(label.day)
            }
        }
        return mask
    }
}
