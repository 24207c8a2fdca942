/// Turns a slice's base columns into one metric's value, volume and exclusion series.
struct SeriesBuilder {
    let frame: MetricFrame
    let monitor: Monitor
    let labels: [IncidentLabel]

    func columnIndex(_ name: String) -> Int { frame.columnNames.firstIndex(of: name) ?? 0 }

    func values(_ metric: MetricDefinition, _ series: SliceSeries) -> [Double] {
        let numerator = series.columns[columnIndex(metric.column)]
        guard metric.kind == .ratio, let denominatorName = metric.denominator else { return numerator }
        let denominator = series.columns[columnIndex(denominatorName)]
        return zip(numerator, denominator).map { n, d in d > 0 && !n.isNaN ? n / d : .nan }
    }

    func volume(_ metric: MetricDefinition, _ series: SliceSeries) -> [Double] { series.columns[columnIndex(metric.volumeColumn)] }

    /// Days left out of baselines: expected days always, labelled incidents when the rule says so.
    func excluded(_ metric: MetricDefinition, _ series: SliceSeries, _ config: DetectionConfig) -> [Bool] {
        var mask = [Bool](repeating: false, count: frame.dayCount)
        for expected in monitor.expectedDays { if let i = frame.index(of: expected.day) { mask[i] = true } }
        if config.excludeLabeledIncidents {
            for label in labels where label.matches(metric: metric.name, dimension: series.dimension, slice: series.slice) {
                if let i = frame.index(of: label.day) { mask[i] = true }
            }
        }
        return mask
    }
}
