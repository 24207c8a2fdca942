import CanonicalJSON
import Context
import MonitorEngine

/// A warehouse that remembers every job it ran for one run, so a run that fails after its queries ran still archives
/// what they cost (`run.failed`'s `jobs`, which `aa cost` adds up): BigQuery bills a query whose rows the run then
/// refused, and every check of a completeness rule.
final class MeteredWarehouse: Warehouse {
    let inner: any Warehouse
    private(set) var results: [QueryResult] = []

    init(_ inner: any Warehouse) {
        self.inner = inner
    }

    func execute(_ query: RenderedQuery, runId: String) throws(PipelineError) -> QueryResult {
        let result = try inner.execute(query, runId: runId)
        results.append(result)
        return result
    }

    /// The jobs run so far that are not among `archived` (job ids a `data.pulled` records), each once, as
    /// `run.failed` lists them.
    func jobs(except archived: Set<String>) -> [JSONValue] {
        var seen = archived
        return results.compactMap { result in
            guard seen.insert(result.jobId).inserted else { return nil }
            return [
                "job_id": .string(result.jobId), "source": result.source,
                "bytes_processed": result.bytesProcessed.map { .int($0) } ?? .null,
                "bytes_billed": result.bytesBilled.map { .int($0) } ?? .null, "slot_ms": result.slotMs.map { .int($0) } ?? .null,
                "cache_hit": result.cacheHit.map { .bool($0) } ?? .null,
            ]
        }
    }
}
