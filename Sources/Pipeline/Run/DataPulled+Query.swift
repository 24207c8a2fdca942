import CanonicalJSON
import Context
import EventArchive
import MonitorEngine

extension DataPulled {
    /// The pull of `query`: the exact SQL and parameters sent, and every row that came back (`rows`, `result`'s rows as
    /// JSON, whose canonical text hashes to `resultHash`).
    init(_ query: RenderedQuery, _ result: QueryResult, rows: [JSONValue], resultHash: String) {
        self.init(
            source: result.source, dimension: query.dimension, sql: query.sql,
            parameters: query.parameters.map { ["name": .string($0.name), "type": .string($0.type), "value": .string($0.value)] },
            jobId: result.jobId, bytesProcessed: result.bytesProcessed, cacheHit: result.cacheHit,
            schema: result.schema.map { ["name": .string($0.name), "type": .string($0.type)] }, rows: .whole(rows),
            rowCount: Int64(result.rows.count), resultHash: resultHash)
        bytesBilled = result.bytesBilled
        slotMs = result.slotMs
    }
}
