import Context
import EventArchive
import MonitorEngine

/// Reads true-positive labels from the archive so labelled incidents leave later baselines.
enum IncidentLabels {
    static func load(from store: ArchiveStore, monitor: String) throws(PipelineError) -> [IncidentLabel] {
        let labels: [LatestLabel]
        do { labels = try store.latestLabels(monitor: monitor) } catch { throw PipelineError(.runtime, error.message) }
        var seen = Set<[String]>()
        return labels.compactMap { label in
            guard label.label == "true_positive", let day = Day(label.runDate) else { return nil }
            guard seen.insert([label.runDate, label.metric, label.dimension, label.slice]).inserted else { return nil }
            return IncidentLabel(day: day, metric: label.metric, dimension: label.dimension, slice: label.slice)
        }
    }
}
