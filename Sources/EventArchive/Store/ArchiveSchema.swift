/// The archive's tables, indexes and append-only triggers, and the format version they make up.
enum ArchiveSchema {
    /// Format written by this build (the last of ``ArchiveMigrations``); an archive with a higher one was written by a
    /// newer aa, one with a lower one is brought up to it by the first writer that opens it.
    static var formatVersion: Int { ArchiveMigrations.latest }
    static let formatName = "aa-archive"

    static let tables = """
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS events(
            position INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE,
            origin TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            run_id TEXT NOT NULL,
            monitor TEXT NOT NULL,
            run_date TEXT NOT NULL,
            type TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            occurred_at TEXT NOT NULL,
            logic_version TEXT,
            causation_id TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            -- Last, so listings that skip it never walk its overflow pages to reach the hashes.
            payload TEXT NOT NULL,
            UNIQUE(origin, sequence)
        );
        CREATE INDEX IF NOT EXISTS events_monitor_date ON events(monitor, run_date);
        CREATE INDEX IF NOT EXISTS events_run ON events(run_id);
        CREATE INDEX IF NOT EXISTS events_type ON events(type, monitor);
        """

    /// The database itself refuses to change or remove an event.
    static let guards = """
        CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;
        CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END;
        """
}
