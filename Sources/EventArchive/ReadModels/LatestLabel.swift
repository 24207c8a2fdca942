import SQLite

/// The label an alert carries now (the latest `anomaly.labeled` of its anomaly), with where the alert was.
public struct LatestLabel: Sendable, Equatable {
    public let runDate: String
    public let metric: String
    public let dimension: String
    public let slice: String
    /// `true_positive`, `false_positive` or `expected`.
    public let label: String
}

extension ArchiveStore {
    /// Every labelled alert of `monitor` (run dates on or after `since`) with its latest label, ordered by day,
    /// metric, dimension and slice; once per anomaly id, however many runs flagged it (an id names one finding).
    public func latestLabels(monitor: String, since: String? = nil) throws(ArchiveError) -> [LatestLabel] {
        try query(
            """
            SELECT a.run_date, a.metric, a.dimension, a.slice, l.label
            FROM p_labels l JOIN p_alerts a ON a.anomaly_id = l.anomaly_id
            WHERE a.monitor = ? AND a.run_date >= ?
              AND l.position = (SELECT max(position) FROM p_labels latest WHERE latest.anomaly_id = l.anomaly_id)
            GROUP BY l.anomaly_id
            ORDER BY a.run_date, a.metric, a.dimension, a.slice, l.position
            """, [.text(monitor), .text(since ?? "")]
        ).map { r in
            LatestLabel(
                runDate: r[0].text ?? "", metric: r[1].text ?? "", dimension: r[2].text ?? "", slice: r[3].text ?? "",
                label: r[4].text ?? "")
        }
    }
}

extension ArchiveStore {
    /// The latest `anomaly.labeled` of `anomalyId` — its event, label and note — and how many labels it has had.
    public func currentLabel(anomalyId: String) throws(ArchiveError) -> (eventId: String, label: String, note: String?, count: Int)? {
        let rows = try query(
            "SELECT event_id, label, note, (SELECT count(*) FROM p_labels c WHERE c.anomaly_id = l.anomaly_id) FROM p_labels l "
                + "WHERE anomaly_id = ? ORDER BY position DESC LIMIT 1", [.text(anomalyId)])
        guard let row = rows.first else { return nil }
        return (row[0].text ?? "", row[1].text ?? "", row[2].text, Int(row[3].int ?? 0))
    }
}
