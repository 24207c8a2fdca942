import SQLite

/// One analysis of a monitor's day as the narratives read model holds it (the payload stays in the event).
public struct NarrativeEntry: Sendable, Equatable {
    public let runDate: String
    public let model: String
    public let promptVersion: String
    public let builtin: Bool
    public let summary: String
    /// The `analysis.produced` event.
    public let eventId: String
    public let runId: String
    /// Alerts of the analysed run, where the run is known.
    public let alerts: Int64?
}

/// Which analyses a narratives question covers.
public enum NarrativeScope: Sendable {
    /// Analyses of current reports only.
    case current
    /// Analyses of current reports and re-analyses (which never become current).
    case currentAndReanalyses
    /// Every analysis, superseded runs' included.
    case all
}

extension ArchiveStore {
    /// Analyses of `monitor` with run dates in `from...to` (inclusive; `before` makes the end exclusive), oldest first.
    public func narratives(monitor: String, from: String, to: String, endExclusive: Bool = false, scope: NarrativeScope)
        throws(ArchiveError) -> [NarrativeEntry]
    {
        let scopeSQL =
            switch scope {
            case .current: " AND n.run_id IN (SELECT run_id FROM p_reports)"
            case .currentAndReanalyses: " AND (n.run_id IN (SELECT run_id FROM p_reports) OR p.trigger = 'reanalyze')"
            case .all: ""
            }
        let end = endExclusive ? "n.run_date < ?" : "n.run_date <= ?"
        return try query(
            """
            SELECT n.run_date, n.model, n.prompt_version, n.builtin, n.summary, n.event_id, n.run_id, p.alerts FROM p_narratives n
            LEFT JOIN p_runs p ON p.run_id = n.run_id
            WHERE n.monitor = ? AND n.run_date >= ? AND \(end)\(scopeSQL) ORDER BY n.run_date, n.position
            """, [.text(monitor), .text(from), .text(to)]
        ).map { r in
            NarrativeEntry(
                runDate: r[0].text ?? "", model: r[1].text ?? "", promptVersion: r[2].text ?? "", builtin: r[3].int == 1,
                summary: r[4].text ?? "", eventId: r[5].text ?? "", runId: r[6].text ?? "", alerts: r[7].int)
        }
    }

    /// The `analysis.produced` event ids of re-analysis runs of (monitor, date), oldest first.
    public func reanalysisEventIds(monitor: String, date: String) throws(ArchiveError) -> [String] {
        try query(
            """
            SELECT n.event_id FROM p_narratives n JOIN p_runs r ON r.run_id = n.run_id
            WHERE n.monitor = ? AND n.run_date = ? AND r.trigger = 'reanalyze'
            """, [.text(monitor), .text(date)]
        ).compactMap { $0.first?.text }
    }
}
