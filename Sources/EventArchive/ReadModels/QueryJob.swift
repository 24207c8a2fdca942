import SQLite

/// One warehouse job as the archive recorded it — a `data.pulled` (a one-scan job once, however many dimensions
/// it returned) or a failed run's `jobs` — what `aa cost` adds up.
public struct QueryJob: Sendable, Equatable {
    public let monitor: String
    public let runDate: String
    public let runId: String
    public let jobId: String
    /// `bigquery` or `sqlite`.
    public let source: String
    public let bytesProcessed: Int64?
    public let bytesBilled: Int64?
    public let slotMs: Int64?
    public let cacheHit: Bool?
}

extension ArchiveStore {
    /// Every job pulled for run dates on or after `since` (of `monitor`, if given), in archive order, and the jobs
    /// failed runs ran without archiving a pull (`run.failed`'s `jobs`): both were billed.
    public func queryJobs(since: String, monitor: String? = nil) throws(ArchiveError) -> [QueryJob] {
        let scope = monitor == nil ? "" : " AND e.monitor = ?"
        let sql = """
            SELECT monitor, run_date, run_id, job_id, kind, processed, billed, slot, hit, min(position) FROM (
              SELECT monitor, run_date, run_id, position, json_extract(payload, '$.job_id') AS job_id,
                json_extract(payload, '$.source.kind') AS kind, json_extract(payload, '$.bytes_processed') AS processed,
                json_extract(payload, '$.bytes_billed') AS billed, json_extract(payload, '$.slot_ms') AS slot,
                json_extract(payload, '$.cache_hit') AS hit
              FROM events AS e WHERE e.type = 'data.pulled' AND e.run_date >= ?\(scope)
              UNION ALL
              SELECT e.monitor, e.run_date, e.run_id, e.position, json_extract(j.value, '$.job_id'),
                json_extract(j.value, '$.source.kind'), json_extract(j.value, '$.bytes_processed'),
                json_extract(j.value, '$.bytes_billed'), json_extract(j.value, '$.slot_ms'), json_extract(j.value, '$.cache_hit')
              FROM events AS e, json_each(e.payload, '$.jobs') AS j WHERE e.type = 'run.failed' AND e.run_date >= ?\(scope)
            ) GROUP BY run_id, job_id ORDER BY min(position)
            """
        let bindings: [SQLiteValue] = [.text(since)] + (monitor.map { [.text($0)] } ?? [])
        return try query(sql, bindings + bindings).map { r in
            QueryJob(
                monitor: r[0].text ?? "", runDate: r[1].text ?? "", runId: r[2].text ?? "", jobId: r[3].text ?? "",
                source: r[4].text ?? "", bytesProcessed: r[5].int, bytesBilled: r[6].int, slotMs: r[7].int,
                cacheHit: r[8].int.map { $0 != 0 })
        }
    }
}
