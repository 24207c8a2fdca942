/// One warehouse job as the archive's `data.pulled` events recorded it (a one-scan job once, however many
/// dimensions it returned): what `aa cost` adds up.
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
    /// Every job pulled for run dates on or after `since` (of `monitor`, if given), in archive order.
    public func queryJobs(since: String, monitor: String? = nil) throws(ArchiveError) -> [QueryJob] {
        var sql = """
            SELECT monitor, run_date, run_id, json_extract(payload, '$.job_id'), json_extract(payload, '$.source.kind'),
                json_extract(payload, '$.bytes_processed'), json_extract(payload, '$.bytes_billed'),
                json_extract(payload, '$.slot_ms'), json_extract(payload, '$.cache_hit'), min(position)
            FROM events WHERE type = 'data.pulled' AND run_date >= ?
            """
        var bindings: [SQLiteValue] = [.text(since)]
        if let monitor {
            sql += " AND monitor = ?"
            bindings.append(.text(monitor))
        }
        sql += " GROUP BY run_id, json_extract(payload, '$.job_id') ORDER BY min(position)"
        return try query(sql, bindings).map { r in
            QueryJob(
                monitor: r[0].text ?? "", runDate: r[1].text ?? "", runId: r[2].text ?? "", jobId: r[3].text ?? "",
                source: r[4].text ?? "", bytesProcessed: r[5].int, bytesBilled: r[6].int, slotMs: r[7].int,
                cacheHit: r[8].int.map { $0 != 0 })
        }
    }
}
