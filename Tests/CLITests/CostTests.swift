import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// `aa cost`: the bytes each job billed and its slot time, as BigQuery reported them (played by the HTTP stub),
/// summed per monitor and day at the registry's on-demand price.
@Suite struct CostTests {
    static let gib10: Int64 = 10_737_418_240

    /// A one-scan answer for one day of every dimension, with the job's billing statistics.
    static var answer: JSONValue { answer(revenueColumn: "revenue") }

    /// The same answer with the revenue column named `revenueColumn` (a name the registry lacks makes the run fail
    /// after the job ran).
    static func answer(revenueColumn: String) -> JSONValue {
        let columns = ["ds", "dimension", "dimension_value", "visitors", "requests", "quotes", "hires", revenueColumn]
        let types = ["DATE", "STRING", "STRING", "INTEGER", "INTEGER", "INTEGER", "INTEGER", "FLOAT"]
        let slices = [("total", "all"), ("platform", "ios"), ("category", "moving"), ("region", "west")]
        return [
            "jobComplete": true, "jobReference": ["jobId": "job_one_scan", "location": "US"],
            "totalBytesProcessed": .string("\(gib10)"), "totalBytesBilled": .string("\(gib10)"), "totalSlotMs": "4500",
            "cacheHit": false,
            "schema": ["fields": .array(zip(columns, types).map { ["name": .string($0), "type": .string($1)] })],
            "rows": .array(
                slices.map { dimension, slice in
                    ["f": .array(["2026-06-30", dimension, slice, "900", "100", "60", "15", "3000.5"].map { ["v": .string($0)] })]
                }),
        ]
    }

    /// Runs the shipped monitor once against the stub's `answer` and returns `aa cost --json`; `check` sees the archive.
    func cost(
        registry: String? = nil, answer: JSONValue = Self.answer, runStatus: Int32 = 0, check: (String) throws -> Void = { _ in }
    ) throws -> JSONValue {
        let stub = try HTTPStub()
        try stub.script([["method": "POST", "path": "/bigquery/v2/projects/p1/queries", "body": answer]])
        let copy = DemoFixture.shared.copy()
        let run = AACommand.aa(
            [
                "run", "--date", "2026-06-30", "--monitors", "revenue_funnel", "--quiet", "--no-archive", "--no-ai", "--archive",
                copy.archive,
            ]
                + (registry.map { ["--registry", $0] } ?? []),
            environment: ["AA_BIGQUERY_ACCESS_TOKEN": "t", "GOOGLE_CLOUD_PROJECT": "p1", "AA_BIGQUERY_ENDPOINT": stub.url])
        #expect(run.status == runStatus, "\(run.stderr)")
        #expect(try stub.received().filter { $0["path"] == "/bigquery/v2/projects/p1/queries" }.count == 1)
        let result = AACommand.aa(
            ["cost", "--since", "2026-06-30", "--monitor", "revenue_funnel", "--json", "--archive", copy.archive]
                + (registry.map { ["--registry", $0] } ?? []))
        #expect(result.status == 0, "\(result.stderr)")
        try check(copy.archive)
        return try JSONValue.parse(result.stdout)
    }

    @Test func oneScanIsOneJobBilledAtThePublishedOnDemandRate() throws {
        let report = try cost()
        let day = try #require(report["days"]?.arrayValue?.first)
        #expect(report["days"]?.arrayValue?.count == 1)
        #expect(day["jobs"] == 1) // four dimensions' pulls, one job
        #expect(day["bytes_billed"] == .int(Self.gib10))
        #expect(day["slot_ms"] == 4500)
        #expect(day["usd"]?.doubleValue == 6.25 * 10 / 1024)
        #expect(report["total_usd"] == day["usd"])
        #expect(day["billed"] == true)
    }

    /// Jobs that ran on SQLite (the demo's) are not billed: the table says so instead of a column of $0.0000.
    @Test func sqliteJobsAreShownAsNotBilled() throws {
        let copy = DemoFixture.shared.copy()
        let text = AACommand.aa(["cost", "--since", "2026-01-01", "--archive", copy.archive], environment: ["COLUMNS": "100"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("not billed") && !text.stdout.contains("$0.0000"), "\(text.stdout)")
        #expect(text.stdout.contains("ran on SQLite, which bills nothing"), "\(text.stdout)")
        let json = try JSONValue.parse(AACommand.aa(["cost", "--since", "2026-01-01", "--json", "--archive", copy.archive]).stdout)
        let days = try #require(json["days"]?.arrayValue)
        #expect(!days.isEmpty && days.allSatisfy { $0["billed"] == false && $0["usd"]?.doubleValue == 0 })
    }

    /// BigQuery bills a job whose rows the run then refuses: the failed run archives the job, and `aa cost` counts it.
    @Test func aRunThatFailsAfterItsQueryRanStillCountsThatJob() throws {
        let report = try cost(answer: Self.answer(revenueColumn: "revenue_usd"), runStatus: 1) { archive in
            // The run.failed that carries the job matches its schema, as jsonschema reads it.
            let export = AACommand.temporaryFolder() + "/events.ndjson"
            #expect(AACommand.aa(["export", "--output", export, "--archive", archive]).status == 0)
            let checked = AACommand.run(
                AACommand.python,
                AACommand.pythonPrefix + [
                    AACommand.repository + "/Tests/schema/validate_archive.py", export, AACommand.repository + "/schemas",
                ])
            #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
            let failed = try JSONValue.parse(
                AACommand.aa(["history", "--type", "run.failed", "--payload", "--json", "--archive", archive]).stdout
            ).items?.last?["payload"]
            #expect(failed?["jobs"]?.arrayValue?.first?["job_id"] == "job_one_scan")
        }
        let day = try #require(report["days"]?.arrayValue?.first)
        #expect(day["jobs"] == 1)
        #expect(day["bytes_billed"] == .int(Self.gib10))
        #expect(day["slot_ms"] == 4500)
        #expect(day["usd"]?.doubleValue == 6.25 * 10 / 1024)
    }

    @Test func theRegistrysPriceIsUsed() throws {
        let registry = try RegistryCopy.make {
            $0.replacingOccurrences(
                of: "\"maximum_bytes_billed\": 20000000000", with: "\"maximum_bytes_billed\": 20000000000, \"usd_per_tib\": 5")
        }
        #expect(try String(contentsOfFile: registry, encoding: .utf8).contains("\"usd_per_tib\": 5"))
        #expect(try cost(registry: registry)["days"]?.arrayValue?.first?["usd"]?.doubleValue == 5.0 * 10 / 1024)
    }
}
