import SQLite

/// One run as the projections know it: what a report site lists per monitor and day.
public struct ArchivedRun: Sendable, Equatable {
    public let runId: String
    public let monitor: String
    public let runDate: String
    /// `schedule`, `manual`, `rebuild`, `reanalyze`, … (nil for a run whose start was not archived).
    public let trigger: String?
    /// `completed`, `failed` or `started` (still running, or ended without a record).
    public let status: String
    public let logicVersion: String?
    public let findings: Int64?
    public let alerts: Int64?
    public let startedAt: String?
    public let error: String?
    /// Archive order of the run's first event.
    public let position: Int64
    /// Whether the run's report is the day's current one.
    public let isCurrent: Bool
}

extension ArchiveStore {
    /// Every monitor with an archived run, by name.
    public func monitorsWithRuns() throws(ArchiveError) -> [String] {
        try query("SELECT DISTINCT monitor FROM p_runs ORDER BY monitor").compactMap { $0.first?.text }
    }

    /// The runs of `monitor` for days on or after `since`, in archive order.
    public func runs(monitor: String, since: String) throws(ArchiveError) -> [ArchivedRun] {
        try query(
            """
            SELECT r.run_id, r.monitor, r.run_date, r.trigger, r.status, r.logic_version, r.findings, r.alerts, r.started_at,
                r.error, r.position, c.run_id IS NOT NULL
            FROM p_runs r LEFT JOIN p_reports c ON c.run_id = r.run_id
            WHERE r.monitor = ? AND r.run_date >= ?
            ORDER BY r.position
            """, [.text(monitor), .text(since)]
        ).map { r in
            ArchivedRun(
                runId: r[0].text ?? "", monitor: r[1].text ?? "", runDate: r[2].text ?? "", trigger: r[3].text,
                status: r[4].text ?? "", logicVersion: r[5].text, findings: r[6].int, alerts: r[7].int, startedAt: r[8].text,
                error: r[9].text, position: r[10].int ?? 0, isCurrent: (r[11].int ?? 0) != 0)
        }
    }
}
