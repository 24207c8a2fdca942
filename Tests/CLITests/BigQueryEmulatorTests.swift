import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// The shipped `revenue_funnel` monitor and the archive table against bqemulator, a BigQuery REST peer we did not write.
@Suite struct BigQueryEmulatorTests {
    static let day = "2026-06-30"
    static let plantedToken = "ya29.PLANTED-ACCESS-TOKEN-41b7"

    func aa(_ arguments: [String], _ bq: BigQueryEmulator, archive: String, _ extra: [String: String] = [:]) -> AACommand.Result {
        var environment = bq.environment
        environment["AA_BIGQUERY_ACCESS_TOKEN"] = Self.plantedToken
        return AACommand.aa(arguments + ["--archive", archive], environment: environment.merging(extra) { $1 })
    }

    func json(_ result: AACommand.Result) throws -> JSONValue { try JSONValue.parse(result.stdout) }

    @Test func theShippedMonitorRunsUploadsAndHydratesAFreshArchive() throws {
        let bq = try BigQueryEmulator()
        try bq.seedFunnel(end: Self.day)
        let folder = AACommand.temporaryFolder()
        let archive = folder + "/archive.sqlite"
        let initialized = aa(["archive", "init"], bq, archive: archive)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(
            initialized.stdout.contains(
                "created table test-project.aa_archive.events (partitioned by day on occurred_at, clustered by monitor, type)"))
        #expect(initialized.stdout.contains("created view aa_archive.events_dedup"))

        let run = aa(["run", "--date", Self.day, "--monitors", "revenue_funnel", "--quiet", "--json"], bq, archive: archive)
        #expect(run.status == 0, "\(run.stderr)")
        let findings = try json(run).items?.first?["findings"]?.arrayValue ?? []
        let android = try #require(findings.first { $0["slice"] == "android" && $0["alerts"] == true })
        #expect(android["metric"] == "request_rate")
        let anomaly = try #require(android["anomaly_id"]?.stringValue)

        // The pull is archived with what BigQuery said about the job.
        let pulls =
            try json(AACommand.aa(["history", "--type", "data.pulled", "--payload", "--json", "--archive", archive])).items ?? []
        #expect(pulls.count == 4)
        let pull = try #require(pulls.first?["payload"])
        #expect(pull["source"]?["kind"] == "bigquery")
        #expect(pull["source"]?["project"] == "test-project")
        #expect(pull["source"]?["location"] == "US")
        #expect(pull["job_id"]?.stringValue?.isEmpty == false)
        #expect(pull["bytes_processed"] == 0)
        #expect(pull["parameters"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["run_date", "start_date"])
        #expect(pull["sql"]?.stringValue?.contains("FROM `analytics.funnel_events`") == true)
        #expect((pull["rows"]?.arrayValue?.last?.arrayValue?.first) == .string(Self.day))

        // `aa run` uploaded at its end; the views answer the audit questions in BigQuery too.
        let status = try json(AACommand.aa(["sync", "--status", "--json", "--archive", archive]))
        let local = Int(try json(AACommand.aa(["history", "--json", "--archive", archive])).items?.count ?? 0)
        #expect(status["pending"] == 0)
        #expect(status["confirmed"] == .int(Int64(local)))
        #expect(
            try bq.query("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM `test-project.aa_archive.events_dedup`").first == [
                .string("\(local)"), .string("\(local)"),
            ])
        let timeline = try bq.query("SELECT anomaly_id, metric, slice, severity FROM `test-project.aa_archive.alert_timeline`")
        #expect(timeline.contains { $0[0] == .string(anomaly) && $0[1] == "request_rate" && $0[2] == "android" })
        let reports = try bq.query("SELECT monitor, CAST(run_date AS STRING), alerts FROM `test-project.aa_archive.current_reports`")
        #expect(reports.first?[0] == "revenue_funnel" && reports.first?[1] == .string(Self.day))
        #expect(try bq.query("SELECT model FROM `test-project.aa_archive.narratives_by_day`").first == ["builtin"])
        let why = try bq.query("SELECT anomaly_id, job_id FROM `test-project.aa_archive.why_this_alert` WHERE slice = 'android'")
        #expect(why.first?[0] == .string(anomaly) && why.first?[1] != .null)

        // A fresh machine hydrates and answers exactly as the original archive does.
        let fresh = folder + "/fresh.sqlite"
        let pulled = aa(["sync", "--pull", "--json"], bq, archive: fresh)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(try json(pulled)["imported"] == .int(Int64(local)))
        #expect(AACommand.aa(["verify", "--archive", fresh]).status == 0)
        #expect(try json(aa(["sync", "--pull", "--json"], bq, archive: fresh))["imported"] == 0)
        // One monitor's window reads that monitor's origins only: all of this run's events for its monitor, none for another.
        let window = ["sync", "--pull", "--window", "--date", Self.day, "--json"]
        let mine = try json(aa(window + ["--monitor", "revenue_funnel"], bq, archive: folder + "/window.sqlite"))
        #expect(mine["imported"] == .int(Int64(local)))
        let other = try json(aa(window + ["--monitor", "revenue_funnel_demo"], bq, archive: folder + "/other.sqlite"))
        #expect(other["imported"] == 0 && other["read"] == 0)
        let original = try json(AACommand.aa(["why", anomaly, "--json", "--archive", archive]))
        #expect(try json(AACommand.aa(["why", anomaly, "--json", "--archive", fresh])) == original)
        // The local archive is lost: `aa archive recover` writes it again from the table, verified.
        for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: archive + suffix) }
        let recovered = aa(["archive", "recover", "--json"], bq, archive: archive)
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(try json(recovered)["recovered"] == .int(Int64(local)))
        #expect(try json(recovered)["verified"] == true)
        #expect(try json(AACommand.aa(["why", anomaly, "--json", "--archive", archive])) == original)
        #expect(aa(["archive", "recover"], bq, archive: archive).status == 2) // never into an existing archive
        #expect(try json(aa(["why", anomaly, "--json", "--source", "bigquery"], bq, archive: folder + "/unused.sqlite")) == original)
        let narratives = ["narratives", "--monitor", "revenue_funnel", "--json"]
        #expect(
            try json(aa(narratives + ["--source", "bigquery"], bq, archive: folder + "/unused.sqlite"))
                == (try json(AACommand.aa(narratives + ["--archive", archive]))))
        let history = ["history", "--monitor", "revenue_funnel", "--since", Self.day, "--json"]
        #expect(
            try json(aa(history + ["--source", "bigquery"], bq, archive: folder + "/unused.sqlite")).items?.map { $0["event_id"] }
                == (try json(AACommand.aa(history + ["--archive", archive]))).items?.map { $0["event_id"] })

        // The dry run estimates bytes (the emulator always says 0); the token is nowhere.
        let dry = aa(["monitors", "render", "--monitor", "revenue_funnel", "--date", Self.day, "--dry-run"], bq, archive: archive)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("-- dry run: would process 0 bytes"))
        let export = AACommand.aa(["export", "--archive", archive]).stdout
        #expect(!export.isEmpty && !export.contains(Self.plantedToken))
        #expect(try Data(contentsOf: URL(fileURLWithPath: archive)).range(of: Data(Self.plantedToken.utf8)) == nil)
        #expect(!(run.stdout + run.stderr + dry.stdout + dry.stderr).contains(Self.plantedToken))
        #expect(
            try bq.query("SELECT COUNT(*) FROM `test-project.aa_archive.events` WHERE TO_JSON_STRING(payload) LIKE '%PLANTED%'").first == [
                "0"
            ])
    }

    @Test func killingThePeerMidSyncLosesNothingAndASecondSyncCompletes() throws {
        let bq = try BigQueryEmulator(persistent: true)
        let copy = DemoFixture.shared.copy()
        #expect(aa(["archive", "init"], bq, archive: copy.archive).status == 0)
        let total = Int(try json(AACommand.aa(["sync", "--status", "--json", "--archive", copy.archive]))["pending"]?.intValue ?? 0)
        #expect(total > 500)

        let sync = Process()
        sync.executableURL = URL(fileURLWithPath: AACommand.binary)
        sync.arguments = ["sync", "--quiet", "--archive", copy.archive]
        var environment = ProcessInfo.processInfo.environment.merging(bq.environment) { $1 }
        environment["AA_SYNC_BATCH"] = "25"
        sync.environment = environment
        sync.standardOutput = FileHandle.nullDevice
        sync.standardError = FileHandle.nullDevice
        try sync.run()
        let sqlite3 = try #require(AACommand.sqlite3)
        var confirmed = 0
        for _ in 0..<400 where confirmed < 100 {
            confirmed =
                Int(
                    AACommand.run(sqlite3, [copy.archive, "SELECT count(*) FROM uploads"]).stdout.trimmingCharacters(
                        in: .whitespacesAndNewlines)) ?? 0
            Thread.sleep(forTimeInterval: 0.02)
        }
        bq.kill9()
        sync.waitUntilExit()
        #expect(sync.terminationStatus == 1)
        let afterKill = try json(AACommand.aa(["sync", "--status", "--json", "--archive", copy.archive]))
        let pending = Int(afterKill["pending"]?.intValue ?? 0)
        #expect(pending > 0 && pending < total, "the kill should land mid-sync: \(pending) of \(total) pending")

        try bq.restart()
        let second = aa(["sync", "--json"], bq, archive: copy.archive)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try json(AACommand.aa(["sync", "--status", "--json", "--archive", copy.archive]))["pending"] == 0)
        let counts = try bq.query("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM `test-project.aa_archive.events_dedup`")
        #expect(counts.first == [.string("\(total)"), .string("\(total)")])
        let raw = Int(try bq.query("SELECT COUNT(*) FROM `test-project.aa_archive.events`").first?.first?.stringValue ?? "") ?? 0
        #expect(raw >= total)
    }

    @Test func withoutTheTableSyncSaysToInitAndKeepsEverythingPending() throws {
        let bq = try BigQueryEmulator()
        let copy = DemoFixture.shared.copy()
        let result = aa(["sync"], bq, archive: copy.archive)
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").filter { $0.hasPrefix("aa: error:") }.count == 1)
        #expect(result.stderr.contains("run `aa archive init` to create it"))
        let status = try json(AACommand.aa(["sync", "--status", "--json", "--archive", copy.archive]))
        #expect(status["confirmed"] == 0)
        #expect(
            status["pending"]
                == .int(Int64(try json(AACommand.aa(["history", "--json", "--archive", copy.archive])).items?.count ?? -1)))
    }

    @Test func aTableWithAnotherSchemaIsRefused() throws {
        let bq = try BigQueryEmulator()
        _ = try bq.query("CREATE SCHEMA `test-project.aa_archive`")
        _ = try bq.query("CREATE TABLE `test-project.aa_archive.events` (event_id STRING, payload STRING)")
        let archive = AACommand.temporaryFolder() + "/archive.sqlite"
        let result = aa(["archive", "init"], bq, archive: archive)
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("does not match schemas/bigquery/events.json (expected column event_id STRING REQUIRED)"),
            "\(result.stderr)")
    }

    /// The shipped template as it was before one scan: one query per dimension.
    static let perDimension = """
        SELECT
          DATE(event_ts) AS ds,
          CAST({{dimension}} AS STRING) AS dimension_value,
          COUNT(DISTINCT IF(event_name = 'category_view', visitor_id, NULL)) AS visitors,
          COUNTIF(event_name = 'request_submitted') AS requests,
          COUNTIF(event_name = 'quote_sent') AS quotes,
          COUNTIF(event_name = 'hire') AS hires,
          SUM(IF(event_name = 'hire', revenue_usd, 0)) AS revenue
        FROM `{{funnel_table}}`
        WHERE DATE(event_ts) BETWEEN @start_date AND @run_date
        GROUP BY ds, dimension_value
        ORDER BY ds, dimension_value
        """

    @Test func oneScanSendsOneJobAndPullsExactlyTheRowsOfOneQueryPerDimension() throws {
        let bq = try BigQueryEmulator()
        try bq.seedFunnel(end: Self.day)
        var pulled: [[String: JSONValue]] = []
        var jobs: [Set<String>] = []
        for registry in [nil, try RegistryCopy.make({ $0 }, bigQueryTemplate: { _ in Self.perDimension })] {
            let archive = AACommand.temporaryFolder() + "/archive.sqlite"
            let run = aa(
                ["run", "--date", Self.day, "--monitors", "revenue_funnel", "--quiet", "--no-archive", "--no-ai"]
                    + (registry.map { ["--registry", $0] } ?? []), bq, archive: archive)
            #expect(run.status == 0, "\(run.stderr)")
            let pulls =
                try json(AACommand.aa(["history", "--type", "data.pulled", "--payload", "--json", "--archive", archive])).items ?? []
            pulled.append(
                Dictionary(pulls.map { ($0["payload"]?["dimension"]?.stringValue ?? "", $0["payload"]?["rows"] ?? .null) }) { a, _ in a })
            jobs.append(Set(pulls.compactMap { $0["payload"]?["job_id"]?.stringValue }))
        }
        #expect(jobs[0].count == 1) // one scan
        #expect(jobs[1].count == 4) // one job per dimension
        #expect(pulled[0].keys.sorted() == ["category", "platform", "region", "total"])
        for (dimension, rows) in pulled[1] {
            #expect(rows.arrayValue?.isEmpty == false)
            #expect(pulled[0][dimension] == rows, "\(dimension) rows differ")
        }
    }

    @Test func theFreshnessQueryRunsOnBigQueryAndItsTimestampDecidesWhetherTheDayIsJudged() throws {
        let bq = try BigQueryEmulator()
        try bq.seedFunnel(end: Self.day)
        func registry(_ sql: String) throws -> String {
            try RegistryCopy.make {
                // The shipped monitor's own rule (the first completeness block) gives way to this one.
                $0.replacing(
                    #/"completeness": \{[^}]*\}/#, with: "\"completeness\": {\"check\": \"sql\", \"sql\": \"\(sql)\"}", maxReplacements: 1)
            }
        }
        // Events through the day's last minute are not the whole day; a load marker at the next midnight is.
        let partial = try registry("SELECT MAX(event_ts) FROM `analytics.funnel_events` WHERE DATE(event_ts) <= @run_date")
        let complete = try registry("SELECT TIMESTAMP(DATE_ADD(@run_date, INTERVAL 1 DAY))")
        var statuses: [String] = []
        for file in [partial, complete] {
            let archive = AACommand.temporaryFolder() + "/archive.sqlite"
            let run = aa(
                [
                    "run", "--date", Self.day, "--monitors", "revenue_funnel", "--quiet", "--no-archive", "--no-ai", "--json", "--registry",
                    file,
                ],
                bq, archive: archive)
            #expect(run.status == 0, "\(run.stderr)")
            statuses.append(try json(run).items?.first?["status"]?.stringValue ?? "?")
            if file == partial {
                let event = try json(
                    AACommand.aa(["history", "--type", "data.incomplete", "--payload", "--json", "--archive", archive])
                ).items?.first
                #expect(event?["payload"]?["loaded_through"]?.stringValue?.hasPrefix(Self.day + "T") == true)
            }
        }
        #expect(statuses == ["incomplete", "completed"])
    }

    @Test func aTemplateWhoseResultLacksARegistryColumnFailsNamingIt() throws {
        let bq = try BigQueryEmulator()
        try bq.seedFunnel(end: Self.day)
        let registry = try RegistryCopy.make(
            { $0 },
            bigQueryTemplate: { $0.replacingOccurrences(of: ",\n  SUM(IF(event_name = 'hire', revenue_usd, 0)) AS revenue", with: "") })
        let copy = DemoFixture.shared.copy()
        let result = aa(
            ["run", "--date", Self.day, "--monitors", "revenue_funnel", "--quiet", "--no-archive", "--registry", registry], bq,
            archive: copy.archive)
        #expect(result.status == 1)
        #expect(result.stderr.contains("revenue"), "\(result.stderr)")
    }

    @Test func aFailedUploadLeavesTheRunIntactAndTheNextSyncDeliversIt() throws {
        let bq = try BigQueryEmulator()
        let copy = DemoFixture.shared.copy()
        let before = Int(try json(AACommand.aa(["sync", "--status", "--json", "--archive", copy.archive]))["pending"]?.intValue ?? 0)
        let run = AACommand.aa(
            [
                "run", "--date", "2026-06-30", "--monitors", "revenue_funnel_demo", "--quiet", "--resend", "--archive", copy.archive,
                "--warehouse", copy.warehouse,
            ], environment: bq.environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("aa: warning: the upload to the BigQuery archive table failed"))
        #expect(run.stderr.contains("run `aa archive init` to create it"))
        let pending = Int(try json(AACommand.aa(["sync", "--status", "--json", "--archive", copy.archive]))["pending"]?.intValue ?? 0)
        #expect(pending > before)
        #expect(aa(["archive", "init"], bq, archive: copy.archive).status == 0)
        #expect(aa(["sync", "--quiet"], bq, archive: copy.archive).status == 0)
        #expect(try json(AACommand.aa(["sync", "--status", "--json", "--archive", copy.archive]))["pending"] == 0)
        #expect(
            try bq.query("SELECT COUNT(DISTINCT event_id) FROM `test-project.aa_archive.events_dedup`").first == [.string("\(pending)")])
    }
}
