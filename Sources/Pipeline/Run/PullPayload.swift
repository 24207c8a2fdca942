import CanonicalJSON
import Context
import EventArchive
import MonitorEngine

/// Builds the `data.pulled` payload: the exact SQL and parameters sent, and every row that came back.
enum PullPayload {
    static func make(_ query: RenderedQuery, _ result: QueryResult) -> JSONValue {
        let rows = JSONValue.array(result.rows.map { .array($0) })
        return [
            "source": result.source, "dimension": .string(query.dimension), "sql": .string(query.sql),
            "parameters": .array(
                query.parameters.map { ["name": .string($0.name), "type": .string($0.type), "value": .string($0.value)] }),
            "job_id": .string(result.jobId), "bytes_processed": result.bytesProcessed.map { .int($0) } ?? .null,
            "cache_hit": result.cacheHit.map { .bool($0) } ?? .null,
            "schema": .array(result.schema.map { ["name": .string($0.name), "type": .string($0.type)] }),
            "rows": rows, "row_count": .int(Int64(result.rows.count)), "result_hash": .string(SHA256Digest.hex(rows.canonicalString)),
        ]
    }
}
