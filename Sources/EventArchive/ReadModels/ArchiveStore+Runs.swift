import SQLite

extension ArchiveStore {
    /// The run whose report is current for (monitor, date), if any.
    public func currentRun(monitor: String, date: String) throws(ArchiveError) -> String? {
        try query("SELECT run_id FROM p_reports WHERE monitor = ? AND run_date = ?", [.text(monitor), .text(date)]).first?.first?.text
    }

    /// Every run that is the current report of one of `monitor`'s days.
    public func currentRuns(monitor: String) throws(ArchiveError) -> Set<String> {
        Set(try query("SELECT run_id FROM p_reports WHERE monitor = ?", [.text(monitor)]).compactMap { $0.first?.text })
    }

    /// The latest completed run of (monitor, date) computed under a logic version starting with `logicVersion`;
    /// re-analyses, which compute nothing, are left out.
    public func latestCompletedRun(monitor: String, date: String, logicVersion: String) throws(ArchiveError) -> String? {
        try query(
            """
            SELECT run_id FROM p_runs WHERE monitor = ? AND run_date = ? AND status = 'completed' AND trigger IS NOT 'reanalyze'
                AND substr(logic_version, 1, ?) = ?
            ORDER BY position DESC LIMIT 1
            """, [.text(monitor), .text(date), .integer(Int64(logicVersion.count)), .text(logicVersion)]
        ).first?.first?.text
    }

    /// Every logic version a (monitor, date) has a completed run under, oldest first.
    public func logicVersions(monitor: String, date: String) throws(ArchiveError) -> [String] {
        try query(
            """
            SELECT logic_version FROM p_runs WHERE monitor = ? AND run_date = ? AND status = 'completed'
                AND trigger IS NOT 'reanalyze'
            GROUP BY logic_version ORDER BY min(position)
            """, [.text(monitor), .text(date)]
        ).compactMap { $0.first?.text }
    }
}

extension ArchiveStore {
    /// The days of `monitor` a run refused to judge (`data.incomplete`, not forced) that no later run judged: no
    /// current report holds them. They stay out of every later baseline.
    public func unjudgedDays(monitor: String) throws(ArchiveError) -> [String] {
        try query(
            """
            SELECT DISTINCT e.run_date FROM events e
            WHERE e.monitor = ? AND e.type = 'data.incomplete' AND json_extract(e.payload, '$.judged') = 0
                AND NOT EXISTS (SELECT 1 FROM p_reports r WHERE r.monitor = e.monitor AND r.run_date = e.run_date)
            ORDER BY e.run_date
            """, [.text(monitor)]
        ).compactMap { $0.first?.text }
    }
}

extension ArchiveStore {
    /// Whether any run of `monitor` is archived.
    public func hasRuns(monitor: String) throws(ArchiveError) -> Bool {
        !(try query("SELECT 1 FROM p_runs WHERE monitor = ? LIMIT 1", [.text(monitor)]).isEmpty)
    }

    /// Whether a run with id `runId` is archived.
    public func hasRun(id runId: String) throws(ArchiveError) -> Bool {
        !(try query("SELECT 1 FROM p_runs WHERE run_id = ?", [.text(runId)]).isEmpty)
    }
}

extension ArchiveStore {
    /// The latest run date up to `date` with a current report of `monitor`: whose pulls a new run compares with.
    public func latestReportDate(monitor: String, through date: String) throws(ArchiveError) -> String? {
        try query(
            "SELECT max(run_date) FROM p_reports WHERE monitor = ? AND run_date <= ?", [.text(monitor), .text(date)]
        ).first?.first?.text
    }
}
