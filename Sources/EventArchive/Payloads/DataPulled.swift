import CanonicalJSON

/// `data.pulled` (`schemas/events/data.pulled.schema.json`): one query, exactly as it ran, and every row it returned.
public struct DataPulled: SingleEventPayload, Equatable {
    public static let eventType: EventType = .dataPulled

    /// Where the query ran (`{"kind": "sqlite", …}` or BigQuery's project and location); never credentials.
    public var source: JSONValue
    public var dimension: String
    public var sql: String
    /// Named parameters: `{"name", "type", "value"}` each.
    public var parameters: [JSONValue]
    public var jobId: String
    public var bytesProcessed: Int64?
    /// What the job was billed for and the slot time it used (BigQuery's `totalBytesBilled`, `totalSlotMs`); absent
    /// from the payload when the warehouse does not say (SQLite, and pulls archived before they were recorded).
    public var bytesBilled: Int64?
    public var slotMs: Int64?
    public var cacheHit: Bool?
    /// Result columns: `{"name", "type"}` each.
    public var schema: [JSONValue]
    /// Rows as arrays in schema order.
    public var rows: [JSONValue]
    public var rowCount: Int64
    public var resultHash: String

    public init(
        source: JSONValue, dimension: String, sql: String, parameters: [JSONValue], jobId: String, bytesProcessed: Int64?,
        cacheHit: Bool?, schema: [JSONValue], rows: [JSONValue], rowCount: Int64, resultHash: String
    ) {
        self.source = source
        self.dimension = dimension
        self.sql = sql
        self.parameters = parameters
        self.jobId = jobId
        self.bytesProcessed = bytesProcessed
        self.cacheHit = cacheHit
        self.schema = schema
        self.rows = rows
        self.rowCount = rowCount
        self.resultHash = resultHash
    }

    public init(json: JSONValue) throws(PayloadError) {
        let f = try PayloadFields(json, "data.pulled")
        source = try f.object("source")
        dimension = try f.string("dimension")
        sql = try f.string("sql")
        parameters = try f.array("parameters")
        jobId = try f.string("job_id")
        bytesProcessed = try f.optionalInt("bytes_processed")
        // Added later: absent from older pulls and from warehouses that do not report them.
        bytesBilled = json["bytes_billed"] == nil ? nil : try f.optionalInt("bytes_billed")
        slotMs = json["slot_ms"] == nil ? nil : try f.optionalInt("slot_ms")
        cacheHit = try f.optionalBool("cache_hit")
        schema = try f.array("schema")
        rows = try f.array("rows")
        rowCount = try f.int("row_count")
        resultHash = try f.string("result_hash")
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "source": source, "dimension": .string(dimension), "sql": .string(sql), "parameters": .array(parameters),
            "job_id": .string(jobId), "bytes_processed": bytesProcessed.map { .int($0) } ?? .null,
            "cache_hit": cacheHit.map { .bool($0) } ?? .null, "schema": .array(schema), "rows": .array(rows),
            "row_count": .int(rowCount), "result_hash": .string(resultHash),
        ]
        if let bytesBilled { members["bytes_billed"] = .int(bytesBilled) }
        if let slotMs { members["slot_ms"] = .int(slotMs) }
        return .object(members)
    }
}
