import Context
import MonitorEngine

/// Ground truth for scoring a backtest: which (day, metric, dimension, slice) were real incidents.
///
/// A `*` in metric, dimension or slice matches anything, so "alerts on this day are the incident's
/// consequences" is one `expected` row.
package struct LabelSet: Sendable {
    /// One labelled cell.
    package struct Entry: Sendable {
        package let day: Day
        package let metric: String
        package let dimension: String
        package let slice: String
        /// true_positive, false_positive or expected.
        package let label: String

        package init(day: Day, metric: String, dimension: String, slice: String, label: String) {
            self.day = day
            self.metric = metric
            self.dimension = dimension
            self.slice = slice
            self.label = label
        }

        func matches(_ f: Finding, on day: Day) -> Bool {
            guard day == self.day, metric == "*" || metric == f.metric else { return false }
            if (dimension == "*" || dimension == f.dimension) && (slice == "*" || slice == f.slice) { return true }
            // A top-line alert whose drill-down names the labelled slice found it too.
            return f.drillDown?.breakdowns.contains { $0.dimension == dimension && $0.contributors.first?.slice == slice } ?? false
        }
    }

    package let entries: [Entry]

    /// The labelled incidents (true positives), as the engine leaves them out of later baselines; `*` matches all.
    package var incidents: [IncidentLabel] {
        entries.filter { $0.label == "true_positive" }.map { e in
            IncidentLabel(
                day: e.day, metric: e.metric == "*" ? nil : e.metric, dimension: e.dimension == "*" ? nil : e.dimension,
                slice: e.slice == "*" ? nil : e.slice)
        }
    }

    package init(entries: [Entry]) { self.entries = entries }

    /// Reads a labels CSV: `ds, metric, dimension, slice, label`; a metric or dimension `monitor` does not have
    /// would match nothing, so it is refused rather than scored as a label that was never found.
    package static func load(_ table: CSVTable, file: String, monitor: Monitor) throws(PipelineError) -> LabelSet {
        let metrics = Set(monitor.metrics.map(\.name))
        let dimensions = Set(monitor.dimensions.map(\.name))
        let columns = ["ds", "metric", "dimension", "slice", "label"]
        var index: [Int] = []
        for c in columns { index.append(try table.column(c, file: file)) }
        var entries: [Entry] = []
        for (line, f) in table.rows {
            guard let day = Day(f[index[0]]) else {
                throw PipelineError(.usage, "\(file) line \(line), column ds: \(CSVTable.shown(f[index[0]])) is not a YYYY-MM-DD date")
            }
            let label = f[index[4]]
            guard Labeling.labels.contains(label) else {
                throw PipelineError(
                    .usage, "\(file) line \(line), column label: \(CSVTable.shown(label)) is not true_positive, false_positive or expected")
            }
            let (metric, dimension) = (f[index[1]], f[index[2]])
            guard metric == "*" || metrics.contains(metric) else {
                throw PipelineError(
                    .usage,
                    "\(file) line \(line), column metric: monitor \(monitor.name) has no metric \(CSVTable.shown(metric)); use one of "
                        + "\(metrics.sorted().joined(separator: ", ")) or *")
            }
            guard dimension == "*" || dimensions.contains(dimension) else {
                throw PipelineError(
                    .usage,
                    "\(file) line \(line), column dimension: monitor \(monitor.name) has no dimension \(CSVTable.shown(dimension)); use one "
                        + "of \(dimensions.sorted().joined(separator: ", ")) or *")
            }
            entries.append(Entry(day: day, metric: metric, dimension: dimension, slice: f[index[3]], label: label))
        }
        return LabelSet(entries: entries)
    }
}
