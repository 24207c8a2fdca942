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

    /// Applied in order; each reads only events after `?1`.
    static let apply: [String] = [
        """
        INSERT INTO p_runs(run_id, monitor, run_date, trigger, status, started_at, logic_version, position)
        SELECT run_id, monitor, run_date, json_extract(payload, '$.trigger'), 'running', occurred_at, logic_version, position
        FROM events WHERE position > ?1 AND type = 'run.started' ORDER BY position
        """,
        """
        UPDATE p_runs SET status = 'completed', finished_at = e.occurred_at, findings = json_extract(e.payload, '$.findings'),
            alerts = json_extract(e.payload, '$.alerts'), logic_version = coalesce(e.logic_version, p_runs.logic_version)
        FROM (SELECT run_id, occurred_at, payload, logic_version FROM events WHERE position > ?1 AND type = 'run.completed') e
        WHERE p_runs.run_id = e.run_id
        """,
        """
        UPDATE p_runs SET status = 'failed', finished_at = e.occurred_at, error = json_extract(e.payload, '$.error')
        FROM (SELECT run_id, occurred_at, payload FROM events WHERE position > ?1 AND type = 'run.failed') e
        WHERE p_runs.run_id = e.run_id
        """,
        """
        INSERT INTO p_reports(monitor, run_date, run_id, logic_version, position)
        SELECT monitor, run_date, run_id, logic_version, position FROM events
        WHERE position > ?1 AND type = 'run.completed' AND coalesce(json_extract(payload, '$.becomes_current'), 1) = 1
        ORDER BY position
        ON CONFLICT(monitor, run_date) DO UPDATE SET run_id = excluded.run_id, logic_version = excluded.logic_version,
            position = excluded.position WHERE excluded.position > p_reports.position
        """,
        """
        INSERT INTO p_alerts(anomaly_id, event_id, run_id, monitor, run_date, metric, dimension, slice, severity, status, direction,
            statistic, value, baseline, delta_rel, alerts, position)
        SELECT json_extract(payload, '$.anomaly_id'), event_id, run_id, monitor, run_date, json_extract(payload, '$.metric'),
            json_extract(payload, '$.dimension'), json_extract(payload, '$.slice'), json_extract(payload, '$.severity'),
            json_extract(payload, '$.status'), json_extract(payload, '$.direction'), json_extract(payload, '$.statistic'),
            json_extract(payload, '$.stats.value'), json_extract(payload, '$.stats.baseline'), json_extract(payload, '$.stats.delta_rel'),
            json_extract(payload, '$.alerts'), position
        FROM events WHERE position > ?1 AND type = 'anomaly.flagged' ORDER BY position
        """,
        """
        INSERT INTO p_narratives(event_id, run_id, monitor, run_date, model, prompt_version, summary, builtin, position)
        SELECT event_id, run_id, monitor, run_date, json_extract(payload, '$.model'), json_extract(payload, '$.prompt_version'),
            json_extract(payload, '$.output.summary'), json_extract(payload, '$.builtin'), position
        FROM events WHERE position > ?1 AND type = 'analysis.produced' ORDER BY position
        """,
        """
        INSERT INTO p_messages(event_id, run_id, monitor, run_date, kind, destination, delivery_key, position)
        SELECT event_id, run_id, monitor, run_date, substr(type, 9), json_extract(payload, '$.destination'),
            json_extract(payload, '$.delivery_key'), position
        FROM events WHERE position > ?1 AND type IN ('message.sent', 'message.failed', 'message.skipped') ORDER BY position
        """,
        """
        INSERT INTO p_labels(event_id, anomaly_id, label, note, monitor, run_date, position)
        SELECT event_id, json_extract(payload, '$.anomaly_id'), json_extract(payload, '$.label'), json_extract(payload, '$.note'),
            monitor, run_date, position
        FROM events WHERE position > ?1 AND type = 'anomaly.labeled' ORDER BY position
        """,
    ]
}
