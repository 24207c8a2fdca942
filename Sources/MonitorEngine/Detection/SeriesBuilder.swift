/// Turns a slice's base columns into one metric's value, volume and exclusion series over a run of days.
///
/// Each series can be written into a caller's buffer (a sweep reuses one per chunk of series) or returned as a
/// new array; both are the same code.
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
        [Double](unsafeUninitializedCapacity: days.count) { buffer, count in
            write(values: metric, dimension, s, days, into: buffer)
            count = days.count
        }
    }

    func volume(_ metric: MetricDefinition, _ dimension: PanelDimension, _ s: Int, _ days: ClosedRange<Int>) -> [Double] {
        [Double](unsafeUninitializedCapacity: days.count) { buffer, count in
            write(volume: metric, dimension, s, days, into: buffer)
            count = days.count
        }
    }

    /// The metric's values over `days` into `buffer` (at least `days.count` long): the column, or for a ratio the
    /// numerator over a positive denominator (NaN elsewhere).
    func write(
        values metric: MetricDefinition, _ dimension: PanelDimension, _ s: Int, _ days: ClosedRange<Int>,
        into buffer: UnsafeMutableBufferPointer<Double>
    ) {
        let numerator = dimension.column(columnIndex(metric.column), slice: s, days)
        guard metric.kind == .ratio, let denominatorName = metric.denominator else {
            _ = buffer.update(fromContentsOf: numerator)
            return
        }
        let denominator = dimension.column(columnIndex(denominatorName), slice: s, days)
        numerator.withUnsafeBufferPointer { n in
            denominator.withUnsafeBufferPointer { d in
                for k in 0..<days.count { buffer[k] = d[k] > 0 && !n[k].isNaN ? n[k] / d[k] : .nan }
            }
        }
    }

    /// The metric's volume column over `days` into `buffer`.
    func write(
        volume metric: MetricDefinition, _ dimension: PanelDimension, _ s: Int, _ days: ClosedRange<Int>,
        into buffer: UnsafeMutableBufferPointer<Double>
    ) {
        _ = buffer.update(fromContentsOf: dimension.column(columnIndex(metric.volumeColumn), slice: s, days))
    }

    /// Days left out of baselines: expected days and days no run judged always, labelled incidents when the rule
    /// says so.
    func excluded(
        _ metric: MetricDefinition, _ dimension: PanelDimension, _ s: Int, _ config: DetectionConfig, _ days: ClosedRange<Int>
    ) -> [Bool] {
        var mask = commonExclusions(days)
        addLabelled(metric, dimension, s, config, days, to: &mask)
        return mask
    }

    /// The days of `days` left out of every series' baselines: expected days and days no run judged.
    func commonExclusions(_ days: ClosedRange<Int>) -> [Bool] {
        var mask = [Bool](repeating: false, count: days.count)
        for day in monitor.expectedDays.map(\.day) + unjudged {
            if let i = panel.index(of: day), days.contains(i) { mask[i - days.lowerBound] = true }
        }
        return mask
    }

    /// Adds to `mask` (over `days`) the labelled incidents of this series, when the rule leaves them out.
    func addLabelled(
        _ metric: MetricDefinition, _ dimension: PanelDimension, _ s: Int, _ config: DetectionConfig, _ days: ClosedRange<Int>,
        to mask: inout [Bool]
    ) {
        guard config.excludeLabeledIncidents, !labels.isEmpty else { return }
        for label in labels where label.matches(metric: metric.name, dimension: dimension.name, slice: dimension.slices[s]) {
            if let i = panel.index(of: label.day), days.contains(i) { mask[i - days.lowerBound] = true }
        }
    }
}
