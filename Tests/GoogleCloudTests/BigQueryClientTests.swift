import CanonicalJSON
import Context
import Foundation
import MonitorEngine
import TestSupport
import Testing

@testable import GoogleCloud
@testable import Pipeline

/// The BigQuery REST client against a stub answering with BigQuery's documented responses: what the emulator
/// does not do (error envelopes, 429 and 5xx with retries, unfinished jobs, pages).
@Suite struct BigQueryClientTests {
    static let queries = "/bigquery/v2/projects/p1/queries"
    static let schema: JSONValue = [
        "fields": [
            ["name": "ds", "type": "DATE", "mode": "NULLABLE"], ["name": "n", "type": "INTEGER", "mode": "NULLABLE"],
            ["name": "x", "type": "FLOAT", "mode": "NULLABLE"], ["name": "ok", "type": "BOOLEAN", "mode": "NULLABLE"],
            ["name": "ts", "type": "TIMESTAMP", "mode": "NULLABLE"], ["name": "j", "type": "JSON", "mode": "NULLABLE"],
            ["name": "tags", "type": "STRING", "mode": "REPEATED"],
            [
                "name": "rec", "type": "RECORD", "mode": "NULLABLE",
                "fields": [["name": "a", "type": "INT64"], ["name": "b", "type": "NUMERIC"]],
            ],
        ]
    ]

    func client(_ stub: HTTPStub) throws -> BigQueryClient {
        var client = try BigQueryConnection.client(environment: [
            "AA_BIGQUERY_ACCESS_TOKEN": "tok", "GOOGLE_CLOUD_PROJECT": "p1", "AA_BIGQUERY_ENDPOINT": stub.url,
        ])
        client.session.sleep = { _ in }
        return client
    }

    func query() -> BigQueryQuery {
        BigQueryQuery(
            sql: "SELECT @run_date AS ds",
            parameters: [
                QueryParameter(name: "run_date", type: "DATE", value: "2026-06-30"),
                QueryParameter(name: "unused", type: "INT64", value: "1"),
            ], location: "EU", labels: ["aa_monitor": "Revenue Funnel", "aa_run_id": "run_1"],
            maximumBytesBilled: 1_000_000)
    }

    @Test func anUnfinishedJobIsPolledAndEveryPageIsReadAndTyped() throws {
        let stub = try HTTPStub()
        let row: (String) -> JSONValue = { n in
            [
                "f": [
                    ["v": "2026-06-30"], ["v": .string(n)], ["v": "1.5"], ["v": "true"], ["v": "1782777600123456"], ["v": #"{"k":[1,2]}"#],
                    ["v": [["v": "a"], ["v": "b"]]], ["v": ["f": [["v": "7"], ["v": "0.25"]]]],
                ]
            ]
        }
        try stub.script([
            [
                "method": "POST", "path": .string(Self.queries),
                "body": ["jobComplete": false, "jobReference": ["projectId": "p1", "jobId": "j1", "location": "EU"]],
            ],
            [
                "method": "GET", "path": .string(Self.queries + "/j1?location=EU&maxResults=20000&pageToken=p2"),
                "body": ["jobComplete": true, "rows": [row("2")]],
            ],
            [
                "method": "GET", "path": .string(Self.queries + "/j1?location=EU"),
                "body": [
                    "jobComplete": true, "schema": Self.schema, "rows": [row("1")], "pageToken": "p2", "totalBytesProcessed": "1234",
                    "cacheHit": false,
                    "jobReference": ["jobId": "j1"],
                ],
            ],
        ])
        let result = try query().run(on: try client(stub))
        #expect(result.jobId == "j1")
        #expect(result.rows.count == 2)
        #expect(result.rows.map { $0[1] } == [1, 2])
        #expect(
            result.rows[0] == [
                "2026-06-30", 1, 1.5, true, "2026-06-30T00:00:00.123456Z", ["k": [1, 2]], ["a", "b"], ["a": 7, "b": 0.25],
            ])
        #expect(result.schema.map(\.type) == ["DATE", "INTEGER", "FLOAT", "BOOLEAN", "TIMESTAMP", "JSON", "ARRAY<STRING>", "RECORD"])
        #expect(result.bytesProcessed == 1234 && result.cacheHit == false)
        #expect(result.source["location"] == "EU")

        let sent = try stub.received()
        #expect(sent.map { $0["method"]?.stringValue ?? "" } == ["POST", "GET", "GET"])
        #expect(sent[0]["headers"]?["Authorization"] == "Bearer tok")
        let body = try JSONValue.parse(sent[0]["body"]?.stringValue ?? "")
        #expect(body["useLegacySql"] == false && body["parameterMode"] == "NAMED")
        #expect(
            body["queryParameters"] == [["name": "run_date", "parameterType": ["type": "DATE"], "parameterValue": ["value": "2026-06-30"]]])
        #expect(body["formatOptions"]?["useInt64Timestamp"] == true)
        #expect(body["labels"] == ["aa_monitor": "revenue_funnel", "aa_run_id": "run_1"])
        #expect(body["maximumBytesBilled"] == "1000000" && body["location"] == "EU")
    }

    @Test func serverErrorsAndRateLimitsAreRetriedWithTheAskedWait() throws {
        let stub = try HTTPStub()
        try stub.script([
            [
                "method": "POST", "path": .string(Self.queries), "status": 503,
                "body": ["error": ["code": 503, "message": "Backend error", "errors": [["reason": "backendError"]]]],
            ],
            [
                "method": "POST", "path": .string(Self.queries), "status": 429, "headers": ["Retry-After": "1"],
                "body": ["error": ["code": 429, "message": "Exceeded rate limits", "errors": [["reason": "rateLimitExceeded"]]]],
            ],
            [
                "method": "POST", "path": .string(Self.queries),
                "body": ["jobComplete": true, "schema": Self.schema, "rows": [], "jobReference": ["jobId": "j2"]],
            ],
        ])
        final class Waits: @unchecked Sendable { var seconds: [Double] = [] }
        let waits = Waits()
        var client = try client(stub)
        client.session.sleep = { waits.seconds.append($0) }
        let result = try query().run(on: client)
        #expect(result.jobId == "j2")
        #expect(try stub.received().count == 3)
        #expect(waits.seconds.count == 2 && waits.seconds[0] > 0 && waits.seconds[1] == 1)
    }

    @Test(arguments: [
        (400, "invalidQuery", "Syntax error: Unexpected keyword FROM at [1:8]"),
        (404, "notFound", "Not found: Table p1:analytics.funnel_events was not found in location EU"),
        (403, "accessDenied", "Access Denied: Project p1: User does not have bigquery.jobs.create permission"),
        (400, "bytesBilledLimitExceeded", "Query exceeded limit for bytes billed: 1000000. 20971520 or higher required."),
    ])
    func errorsNoRetryCanFixAreReportedOnceWithTheirReason(status: Int, reason: String, message: String) throws {
        let stub = try HTTPStub()
        try stub.script([
            [
                "method": "POST", "path": .string(Self.queries), "status": .int(Int64(status)), "times": 2,
                "body": [
                    "error": [
                        "code": .int(Int64(status)), "message": .string(message),
                        "errors": [["reason": .string(reason), "message": .string(message)]],
                    ]
                ],
            ]
        ])
        #expect(throws: BigQueryError.self) { try query().run(on: try client(stub)) }
        do { _ = try query().run(on: try client(stub)) } catch let error as BigQueryError {
            #expect(error.reason == reason && error.message == message)
        }
        #expect(try stub.received().count == 2)
    }

    @Test func aFailedQueryInsideA200IsAFailureToo() throws {
        let stub = try HTTPStub()
        try stub.script([
            [
                "method": "POST", "path": .string(Self.queries),
                "body": [
                    "jobComplete": true, "jobReference": ["jobId": "j3"],
                    "errors": [["reason": "invalidQuery", "message": "Unrecognized name: revenue"]],
                ],
            ]
        ])
        do {
            _ = try query().run(on: try client(stub))
            Issue.record("expected a failure")
        } catch let error as BigQueryError {
            #expect(error.description == "invalidQuery: Unrecognized name: revenue")
        }
    }

    @Test func timestampsAndLabelsAreWrittenAsBigQueryWantsThem() {
        #expect(BigQueryRows.timestamp("0") == "1970-01-01T00:00:00Z")
        #expect(BigQueryRows.timestamp("-1") == "1969-12-31T23:59:59.999999Z")
        #expect(BigQueryRows.timestamp("1.7827776E9") == "2026-06-30T00:00:00Z")
        #expect(BigQueryQuery.labelValue("Revenue Funnel/EU") == "revenue_funnel_eu")
    }
}
