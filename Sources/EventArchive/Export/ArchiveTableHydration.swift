/// The archive's own query against its BigQuery table (`schemas/bigquery/events.json`, the rows `aa export` writes):
/// every event once, in chain order, to hydrate a local archive.
public enum ArchiveTableHydration {
    /// GoogleSQL selecting the envelope columns of `table` (`project.dataset.table`), each event once (the table is
    /// appended at least once per event), ordered by origin and sequence. With `byMonitor` or `since`, only the origins
    /// that wrote events of `@monitor` or on or after `@since` (whole chains, so they still verify).
    public static func sql(table: String, byMonitor: Bool, since: Bool) -> String {
        var filters: [String] = []
        if byMonitor { filters.append("monitor = @monitor") }
        if since { filters.append("run_date >= @since") }
        let selection =
            filters.isEmpty ? "" : "WHERE origin IN (SELECT DISTINCT origin FROM `\(table)` WHERE \(filters.joined(separator: " AND ")))"
        return """
            SELECT event_id, origin, sequence, run_id, monitor, CAST(run_date AS STRING) AS run_date, type, schema_version,
              UNIX_MICROS(occurred_at) AS occurred_micros, logic_version, causation_id, payload, prev_hash, hash
            FROM `\(table)` \(selection)
            QUALIFY ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY sequence) = 1
            ORDER BY origin, sequence
            """
    }
}
