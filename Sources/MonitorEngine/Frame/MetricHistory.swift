/// One slice's daily values of a metric, read from the rows a run pulled: what the analyst's
/// `metric_history` tool answers with, computed exactly as the engine computes the metric.
public enum MetricHistory {
    /// One day of a metric and the volume behind it (NaN when the day has no data).
    public struct Point: Sendable, Equatable {
        public let day: Day
        public let value: Double
        public let volume: Double
    }

    /// The last `days` days up to `runDate`, oldest first; nil when the metric, dimension or slice is not in the rows.
    public static func points(
        monitor: Monitor, rows: [DimensionRows], runDate: Day, metric: String, dimension: String, slice: String, days: Int
    ) -> [Point]? {
        guard let definition = monitor.metrics.first(where: { $0.name == metric }),
            let dimensionRows = rows.first(where: { $0.dimension == dimension })
        else { return nil }
        let start = runDate.adding(-(max(1, days) - 1))
        let panel = PanelBuilder(columnNames: monitor.columns, rows: [dimensionRows]).build(start: start, end: runDate, order: [dimension])
        guard let series = panel.dimensions.first, let s = series.slices.firstIndex(of: slice) else { return nil }
        let builder = SeriesBuilder(panel: panel, monitor: monitor, labels: [])
        let all = 0...(panel.dayCount - 1)
        let values = builder.values(definition, series, s, all)
        let volume = builder.volume(definition, series, s, all)
        return (0..<panel.dayCount).map { Point(day: start.adding($0), value: values[$0], volume: volume[$0]) }
    }
}
