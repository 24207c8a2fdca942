/// The read models, defined once in SQL: the same statements update them after an append
/// (`?1` = the last position already applied) and rebuild them from scratch (`?1` = 0),
/// which is why an incremental projection and a rebuilt one cannot disagree.
enum ProjectionSQL {
    /// Tables with their digest ordering, in the order they are digested.
    static let tables: [(name: String, orderBy: String)] = [
        ("p_runs", "run_id"), ("p_reports", "monitor, run_date"), ("p_alerts", "position"),
        ("p_narratives", "position"), ("p_messages", "position"), ("p_labels", "position"),
    ]

    /// Tables, keyed so a replay appends in key order (rowid = event position) instead of scattering inserts.
    static let tablesSQL = """
        CREATE TABLE IF NOT EXISTS p_runs(
            run_id TEXT PRIMARY KEY, monitor TEXT NOT NULL, run_date TEXT NOT NULL, trigger TEXT, status TEXT NOT NULL,
            started_at TEXT, finished_at TEXT, logic_version TEXT, findings INTEGER, alerts INTEGER, error TEXT,
            position INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS p_reports(
            monitor TEXT NOT NULL, run_date TEXT NOT NULL, run_id TEXT NOT NULL, logic_version TEXT, position INTEGER NOT NULL,
            PRIMARY KEY(monitor, run_date));
        CREATE TABLE IF NOT EXISTS p_alerts(
            position INTEGER PRIMARY KEY, anomaly_id TEXT NOT NULL, event_id TEXT NOT NULL, run_id TEXT NOT NULL, monitor TEXT NOT NULL,
            run_date TEXT NOT NULL, metric TEXT, dimension TEXT, slice TEXT, severity TEXT, status TEXT, direction TEXT, statistic REAL,
            value REAL, baseline REAL, delta_rel REAL, alerts INTEGER);
        CREATE TABLE IF NOT EXISTS p_narratives(
            position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, run_id TEXT NOT NULL, monitor TEXT NOT NULL, run_date TEXT NOT NULL,
            model TEXT, prompt_version TEXT, summary TEXT, builtin INTEGER);
        CREATE TABLE IF NOT EXISTS p_messages(
            position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, run_id TEXT NOT NULL, monitor TEXT NOT NULL, run_date TEXT NOT NULL,
            kind TEXT NOT NULL, destination TEXT, delivery_key TEXT);
        CREATE TABLE IF NOT EXISTS p_labels(
            position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, anomaly_id TEXT NOT NULL, label TEXT NOT NULL, note TEXT,
            monitor TEXT NOT NULL, run_date TEXT NOT NULL);
        CREATE VIEW IF NOT EXISTS v_current_alerts AS
            SELECT a.* FROM p_alerts a JOIN p_reports r ON r.run_id = a.run_id;
        """

    /// Secondary indexes, dropped during a full rebuild and built once afterwards (a sort beats scattered inserts).
    static let indexes: [(name: String, definition: String)] = [
        ("p_runs_monitor", "p_runs(monitor, run_date)"),
        ("p_alerts_run", "p_alerts(run_id)"),
        ("p_alerts_date", "p_alerts(run_date)"),
        ("p_alerts_anomaly", "p_alerts(anomaly_id)"),
        ("p_narratives_monitor", "p_narratives(monitor, run_date)"),
        ("p_labels_anomaly", "p_labels(anomaly_id)"),
    ]

    static var create: String {
        tablesSQL + "\n" + indexes.map { "CREATE INDEX IF NOT EXISTS \($0.name) ON \($0.definition);" }.joined(separator: "\n")
    }

    /// Applied in order; each reads only events after `?1`, joined to their typed facts.
    static let apply: [String] = [
        """
        INSERT INTO p_runs(run_id, monitor, run_date, trigger, status, started_at, logic_version, position)
        SELECT e.run_id, e.monitor, e.run_date, f.trigger, 'running', e.occurred_at, e.logic_version, e.position
        FROM event_facts f CROSS JOIN events e ON e.position = f.position WHERE f.position > ?1 AND f.type = 'run.started' ORDER BY f.position
        """,
        """
        WITH x AS MATERIALIZED (
            SELECT e.run_id, e.occurred_at, e.logic_version, f.findings, f.alerts
            FROM event_facts f CROSS JOIN events e ON e.position = f.position WHERE f.position > ?1 AND f.type = 'run.completed')
        UPDATE p_runs SET status = 'completed', finished_at = x.occurred_at, findings = x.findings, alerts = x.alerts,
            logic_version = coalesce(x.logic_version, p_runs.logic_version)
        FROM x WHERE p_runs.run_id = x.run_id
        """,
        """
        WITH x AS MATERIALIZED (
            SELECT e.run_id, e.occurred_at, f.error
            FROM event_facts f CROSS JOIN events e ON e.position = f.position WHERE f.position > ?1 AND f.type = 'run.failed')
        UPDATE p_runs SET status = 'failed', finished_at = x.occurred_at, error = x.error
        FROM x WHERE p_runs.run_id = x.run_id
        """,
        """
        INSERT INTO p_reports(monitor, run_date, run_id, logic_version, position)
        SELECT e.monitor, e.run_date, e.run_id, e.logic_version, e.position
        FROM event_facts f CROSS JOIN events e ON e.position = f.position
        WHERE f.position > ?1 AND f.type = 'run.completed' AND f.becomes_current = 1
        ORDER BY f.position
        ON CONFLICT(monitor, run_date) DO UPDATE SET run_id = excluded.run_id, logic_version = excluded.logic_version,
            position = excluded.position WHERE excluded.position > p_reports.position
        """,
        """
        INSERT INTO p_alerts(position, anomaly_id, event_id, run_id, monitor, run_date, metric, dimension, slice, severity, status,
            direction, statistic, value, baseline, delta_rel, alerts)
        SELECT e.position, f.subject, e.event_id, e.run_id, e.monitor, e.run_date, f.metric, f.dimension, f.slice, f.severity, f.status,
            f.direction, f.statistic, f.value, f.baseline, f.delta_rel, f.alerts
        FROM event_facts f CROSS JOIN events e ON e.position = f.position WHERE f.position > ?1 AND f.type = 'anomaly.flagged' ORDER BY f.position
        """,
        """
        INSERT INTO p_narratives(position, event_id, run_id, monitor, run_date, model, prompt_version, summary, builtin)
        SELECT e.position, e.event_id, e.run_id, e.monitor, e.run_date, f.model, f.prompt_version, f.summary, f.builtin
        FROM event_facts f CROSS JOIN events e ON e.position = f.position WHERE f.position > ?1 AND f.type = 'analysis.produced' ORDER BY f.position
        """,
        """
        INSERT INTO p_messages(position, event_id, run_id, monitor, run_date, kind, destination, delivery_key)
        SELECT e.position, e.event_id, e.run_id, e.monitor, e.run_date, substr(e.type, 9), f.destination, f.delivery_key
        FROM event_facts f CROSS JOIN events e ON e.position = f.position
        WHERE f.position > ?1 AND f.type IN ('message.sent', 'message.failed', 'message.skipped') ORDER BY f.position
        """,
        """
        INSERT INTO p_labels(position, event_id, anomaly_id, label, note, monitor, run_date)
        SELECT e.position, e.event_id, f.subject, f.label, f.note, e.monitor, e.run_date
        FROM event_facts f CROSS JOIN events e ON e.position = f.position WHERE f.position > ?1 AND f.type = 'anomaly.labeled' ORDER BY f.position
        """,
    ]
}
