import CanonicalJSON
import MonitorEngine

/// What one query returned, with the facts an audit needs (job id, bytes, schema).
package struct QueryResult: Sendable {
    /// Column name and warehouse type, in result order.
    package let schema: [(name: String, type: String)]
    package let rows: [[JSONValue]]
    package let jobId: String
    package let bytesProcessed: Int64?
    /// What the job was billed for and its slot time, when the warehouse says (BigQuery).
    package var bytesBilled: Int64?
    package var slotMs: Int64?
    package let cacheHit: Bool?
    /// Where the query ran, e.g. `{"kind": "sqlite", "path": …}`; never credentials.
    package let source: JSONValue

    package init(
        schema: [(name: String, type: String)], rows: [[JSONValue]], jobId: String, bytesProcessed: Int64?, cacheHit: Bool?,
        source: JSONValue
    ) {
        self.schema = schema
        self.rows = rows
        self.jobId = jobId
        self.bytesProcessed = bytesProcessed
        self.cacheHit = cacheHit
        self.source = source
    }
}

/// A place monitors' SQL runs: the demo SQLite warehouse here, BigQuery in production.
package protocol Warehouse {
    /// Runs `query` with its named parameters bound, never pasted into the SQL; `runId` labels the job.
    func execute(_ query: RenderedQuery, runId: String) throws(PipelineError) -> QueryResult
}
