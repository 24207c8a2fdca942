import CanonicalJSON
import Context
import Foundation
import MonitorEngine

/// One Standard SQL query job: `jobs.query` with NAMED parameters, labels, location and a byte limit, then
/// `getQueryResults` until the job is complete and through every page.
package struct BigQueryQuery: Sendable {
    package var sql: String
    package var parameters: [QueryParameter]
    package var location: String?
    /// Job labels (`aa_monitor`, `aa_run_id`) so costs can be traced to the run.
    package var labels: [String: String]
    package var maximumBytesBilled: Int64?
    package var dryRun = false

    package init(sql: String, parameters: [QueryParameter], location: String?, labels: [String: String], maximumBytesBilled: Int64?) {
        self.sql = sql
        self.parameters = parameters
        self.location = location
        self.labels = labels
        self.maximumBytesBilled = maximumBytesBilled
    }

    /// A label value BigQuery accepts: lower case letters, digits, `_` and `-`, at most 63 characters.
    package static func labelValue(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" }.prefix(63))
    }

    /// The parameters the SQL refers to (`@name`): an unused one is an error on some engines.
    var usedParameters: [QueryParameter] {
        parameters.filter { p in
            var rest = sql[...]
            while let range = rest.range(of: "@" + p.name) {
                let next = rest[range.upperBound...].first
                if next.map({ !($0.isLetter || $0.isNumber || $0 == "_") }) ?? true { return true }
                rest = rest[range.upperBound...]
            }
            return false
        }
    }

    var body: JSONValue {
        var body: [String: JSONValue] = [
            "query": .string(sql), "useLegacySql": false, "parameterMode": "NAMED",
            "queryParameters": .array(
                usedParameters.map { p in
                    ["name": .string(p.name), "parameterType": ["type": .string(p.type)], "parameterValue": ["value": .string(p.value)]]
                }),
            "formatOptions": ["useInt64Timestamp": true], "labels": .object(labels.mapValues { .string(Self.labelValue($0)) }),
            "timeoutMs": 20_000, "maxResults": 20_000, "requestId": .string(UUID().uuidString.lowercased()),
        ]
        if let location { body["location"] = .string(location) }
        if let maximumBytesBilled { body["maximumBytesBilled"] = .string(String(maximumBytesBilled)) }
        if dryRun { body["dryRun"] = true }
        return .object(body)
    }

    /// Runs the job to completion and reads every page.
    package func run(on client: BigQueryClient) throws(BigQueryError) -> QueryResult {
        var answer = try client.call("POST", "/queries", body: body)
        // jobs.query reports what it billed; getQueryResults, when the job outlives the first call, does not.
        let first = answer
        let jobId = answer["jobReference"]?["jobId"]?.stringValue ?? ""
        let jobLocation = answer["jobReference"]?["location"]?.stringValue ?? location
        var common: [String: String] = ["timeoutMs": "20000", "maxResults": "20000"]
        if let jobLocation { common["location"] = jobLocation }
        while answer["jobComplete"] == false {
            answer = try client.call("GET", "/queries/\(jobId)", query: common)
        }
        let schema = answer["schema"] ?? .null
        var rows = BigQueryRows.decode(answer["rows"]?.arrayValue ?? [], schema: schema)
        var token = answer["pageToken"]?.stringValue
        while let page = token, !page.isEmpty {
            var query = common
            query["pageToken"] = page
            let next = try client.call("GET", "/queries/\(jobId)", query: query)
            rows += BigQueryRows.decode(next["rows"]?.arrayValue ?? [], schema: schema)
            token = next["pageToken"]?.stringValue
        }
        var source: [String: JSONValue] = ["kind": "bigquery", "project": .string(client.project), "dry_run": .bool(dryRun)]
        source["location"] = jobLocation.map { .string($0) } ?? .null
        var result = QueryResult(
            schema: BigQueryRows.columns(schema), rows: rows, jobId: jobId,
            bytesProcessed: answer["totalBytesProcessed"]?.stringValue.flatMap { Int64($0) }, cacheHit: answer["cacheHit"]?.boolValue,
            source: .object(source))
        func number(_ key: String) -> Int64? {
            (answer[key] ?? first[key]).flatMap { $0.stringValue.flatMap { Int64($0) } ?? $0.intValue }
        }
        result.bytesBilled = number("totalBytesBilled")
        result.slotMs = number("totalSlotMs")
        return result
    }
}
