import Context
import EventArchive
import MonitorEngine

/// What leaves a monitor's baselines, read from the archive once for a run, a rebuild or a backtest, so every path
/// judges a day against the same clean history: days labelled as real incidents (when the rule says so) and days
/// no run judged (`data.incomplete` that no later run resolved). Expected days are in the registry.
package struct BaselineExclusions: Sendable {
    package var labels: [IncidentLabel] = []
    package var unjudged: [Day] = []

    package init(labels: [IncidentLabel] = [], unjudged: [Day] = []) {
        self.labels = labels
        self.unjudged = unjudged
    }

    /// The exclusions `store` holds for `monitor`.
    package static func load(from store: ArchiveStore, monitor: String) throws(PipelineError) -> BaselineExclusions {
        let labels: [LatestLabel]
        let unjudged: [String]
        do {
            labels = try store.latestLabels(monitor: monitor)
            unjudged = try store.unjudgedDays(monitor: monitor)
        } catch { throw PipelineError(error) }
        var seen = Set<[String]>()
        let incidents = labels.compactMap { label -> IncidentLabel? in
            guard label.label == "true_positive", let day = Day(label.runDate) else { return nil }
            guard seen.insert([label.runDate, label.metric, label.dimension, label.slice]).inserted else { return nil }
            return IncidentLabel(day: day, metric: label.metric, dimension: label.dimension, slice: label.slice)
        }
        return BaselineExclusions(labels: incidents, unjudged: unjudged.compactMap(Day.init))
    }

    /// The engine's input for `rows` of `date` with these exclusions.
    package func input(_ monitor: Monitor, _ date: Day, _ rows: [DimensionRows]) -> EngineInput {
        EngineInput(monitor: monitor, runDate: date, rows: rows, labels: labels, unjudged: unjudged)
    }
}
