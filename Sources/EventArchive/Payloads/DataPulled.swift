import CanonicalJSON

/// `data.pulled` (`schemas/events/data.pulled.schema.json`): one query, exactly as it ran, and every row it returned
/// — stored whole, or as a delta against an earlier pull (``PullResolver`` rebuilds those rows).
public struct DataPulled: SingleEventPayload, Equatable {
    public static let eventType: EventType = .dataPulled

    /// How the rows are stored: every row (`rows`), or the segments that rebuild them from an earlier pull
    /// (`rows_delta`); `result_hash` is the hash of the whole rows either way.
    public enum Storage: Equatable, Sendable {
        case whole([JSONValue])
        case delta(PullDelta)
    }

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
    /// Rows as arrays in schema order, as stored.
    public var rows: Storage

    /// The rows when they are stored whole; nil for a delta (``PullResolver`` rebuilds those).
    public var wholeRows: [JSONValue]? {
        if case .whole(let rows) = rows { return rows }
        return nil
    }
    public var rowCount: Int64
    public var resultHash: String

    public init(
        source: JSONValue, dimension: String, sql: String, parameters: [JSONValue], jobId: String, bytesProcessed: Int64?,
        cacheHit: Bool?, schema: [JSONValue], rows: Storage, rowCount: Int64, resultHash: String
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
        rows = json["rows_delta"] == nil ? .whole(try f.array("rows")) : .delta(try PullDelta(json: try f.object("rows_delta")))
        rowCount = try f.int("row_count")
        resultHash = try f.string("result_hash")
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "source": source, "dimension": .string(dimension), "sql": .string(sql), "parameters": .array(parameters),
            "job_id": .string(jobId), "bytes_processed": bytesProcessed.map { .int($0) } ?? .null,
            "cache_hit": cacheHit.map { .bool($0) } ?? .null, "schema": .array(schema),
            "row_count": .int(rowCount), "result_hash": .string(resultHash),
        ]
        switch rows {
        case .whole(let whole): members["rows"] = .array(whole)
        case .delta(let delta): members["rows_delta"] = delta.json
        }
        if let bytesBilled { members["bytes_billed"] = .int(bytesBilled) }
        if let slotMs { members["slot_ms"] = .int(slotMs) }
        return .object(members)
    }
}
