import Context
import EventArchive
import MonitorEngine

/// Reads true-positive labels from the archive so labelled incidents leave later baselines.
enum IncidentLabels {
    static func load(from store: ArchiveStore, monitor: String) throws(PipelineError) -> [IncidentLabel] {
        do {
            return try store.query(
                """
                SELECT a.run_date, a.metric, a.dimension, a.slice
                FROM p_labels l JOIN p_alerts a ON a.anomaly_id = l.anomaly_id
                WHERE a.monitor = ? AND l.label = 'true_positive'
                  AND l.position = (SELECT max(position) FROM p_labels latest WHERE latest.anomaly_id = l.anomaly_id)
                GROUP BY a.run_date, a.metric, a.dimension, a.slice
                ORDER BY a.run_date, a.metric, a.dimension, a.slice
                """, [.text(monitor)]
            ).compactMap { row in
                guard let day = Day(row[0].text ?? "") else { return nil }
                return IncidentLabel(day: day, metric: row[1].text, dimension: row[2].text, slice: row[3].text)
            }
        } catch { throw PipelineError(.runtime, error.message) }
    }
}
