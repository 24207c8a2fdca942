import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// The daily Databricks job as it runs in production, morning after morning: `databricks/orchestrator.py` with the
/// real `aa`, each morning in a fresh folder (a job cluster keeps nothing), the shipped `revenue_funnel` monitor on
/// bqemulator with the archive table, bot-mode Slack from the secret scope, the site published to
/// gcp-storage-emulator — with a kill mid-run, a kill just after Slack took the incident's post, the job's retries
/// and a re-run. Only the archive table remembers; every later morning must build on what it holds.
@Suite struct DailyJobMorningsTests {
    /// The ten days before today (UTC), as a job scheduled every morning for yesterday runs them; the site's default
    /// window (the last 90 days) holds them.
    static let mornings: [String] = (1...10).reversed().map { back in
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: Date(timeIntervalSinceNow: -86_400 * Double(back)))
    }
    static let incident = mornings[4]

    /// One Run All of the notebook; `crash` stops `aa` at that crash point.
    struct Morning {
        let date: String
        let crash: String?
    }

    /// Ten mornings; the third is killed after its pull and retried; the incident's is killed once Slack took the
    /// post, retried, and run once more by hand.
    static let schedule: [Morning] = mornings.flatMap { date -> [Morning] in
        switch date {
        case mornings[2]: [Morning(date: date, crash: "after-pull"), Morning(date: date, crash: nil)]
        case incident:
            [Morning(date: date, crash: "after-slack-accepted"), Morning(date: date, crash: nil), Morning(date: date, crash: nil)]
        default: [Morning(date: date, crash: nil)]
        }
    }

    @Test func tenMorningsInFreshFoldersHydrateVerifyAndPostTheIncidentOnce() throws {
        let bq = try BigQueryEmulator()
        try bq.seedFunnel(end: Self.mornings.last ?? "", days: 75, incident: Self.incident)
        let slack = try SlackReceiver()
        let storage = try StorageEmulator()
        let environment = bq.environment.merging(storage.environment) { $1 }.filter { $0.key != "GOOGLE_CLOUD_PROJECT" }
        let setup = AACommand.aa(
            ["archive", "init", "--archive", AACommand.temporaryFolder() + "/setup.sqlite"], environment: bq.environment)
        try #require(setup.status == 0, "\(setup.stderr)")
        let secrets: JSONValue = [
            "analytics_automation": [
                "slack_bot_token": "xoxb-MORNINGS-SECRET", "slack_channel": "C0TEST", "slack_api_url": .string(slack.botAPI),
                "google_cloud_project": .string(bq.project), "report_site": .string("gs://\(storage.bucket)/aa"),
            ]
        ]
        for morning in Self.schedule {
            let widgets: JSONValue = ["date": .string(morning.date), "monitors": "revenue_funnel", "run_ai_agent": "False"]
            let crash = morning.crash.map { ["AA_CRASH_AT": $0] } ?? [:]
            let report = try NotebookHarness(binary: AACommand.binary).runAll(
                widgets: widgets, secrets: secrets, environment: environment.merging(crash) { $1 })
            let printed = report["printed"]?.stringValue ?? ""
            let label = "\(morning.date)\(morning.crash.map { " (killed at \($0))" } ?? "")"
            #expect(printed.hasPrefix("$ aa sync --pull  (exit 0)\n"), "\(label): \(printed)")
            #expect(printed.contains("every imported chain and pull verified"), "\(label): \(printed)")
            if morning.crash == nil {
                #expect(report["error"] == .null, "\(label): \(printed)")
                #expect(report["exit_value"]?.stringValue?.contains("revenue_funnel \(morning.date): completed") == true, "\(label)")
                #expect(printed.contains("$ aa site --publish gs://reports/aa --quiet  (exit 0)"), "\(label): \(printed)")
                #expect(!printed.contains("file://"), "\(label): a scratch folder was shown: \(printed)")
            } else {
                #expect(report["error"]?.stringValue?.contains("failed (exit 70)") == true, "\(label): \(report)")
            }
            #expect(!report.canonicalString.contains("xoxb-MORNINGS-SECRET"), "\(label): the bot token was shown")
            try expectTheTableHydratesAndVerifies(bq, after: label)
        }

        // The incident reached Slack exactly once — the alert and its narrative reply — through kill, retry and re-run.
        let posts = try slack.received().map { try JSONValue.parse($0["body"]?.stringValue ?? "") }
        let parents = posts.filter { $0["thread_ts"] == nil }
        let incidents = parents.filter { $0["text"]?.stringValue?.contains(Self.incident) == true }
        #expect(incidents.count == 1, "\(parents.map { $0["text"] ?? .null })")
        let key = incidents.first?["metadata"]?["event_payload"]?["delivery_key"]
        #expect(posts.filter { $0["metadata"]?["event_payload"]?["delivery_key"] == key }.count == 2)
        let keys = parents.compactMap { $0["metadata"]?["event_payload"]?["delivery_key"]?.stringValue }
        #expect(Set(keys).count == keys.count && keys.count == parents.count, "a delivery was posted twice")

        // The origins sorted both ways against the order they wrote in: the case that used to break hydration.
        let origins = try bq.query(
            "SELECT origin FROM `test-project.aa_archive.events_dedup` GROUP BY origin ORDER BY MIN(occurred_at)"
        ).compactMap { $0.first?.stringValue }
        #expect(origins.count == Self.schedule.count - 1, "the run killed after its pull archived nothing")
        let pairs = zip(origins, origins.dropFirst())
        #expect(pairs.contains { $0 > $1 } && pairs.contains { $0 < $1 }, "\(origins)")

        // The table alone gives the whole archive back, verified.
        let recovered = AACommand.temporaryFolder() + "/recovered.sqlite"
        let recovery = AACommand.aa(["archive", "recover", "--archive", recovered, "--json"], environment: bq.environment)
        #expect(recovery.status == 0, "\(recovery.stderr)")
        let answer = try JSONValue.parse(recovery.stdout)
        #expect(answer["verified"] == true)
        let stored = try bq.query("SELECT COUNT(DISTINCT event_id) FROM `test-project.aa_archive.events_dedup`").first?.first
        #expect(answer["recovered"].map { .string($0.canonicalString) } == stored)

        // A hydration that would leave a pull without its base (only the last morning's origin) imports nothing, says
        // why in one sentence, and fails — the notebook stops there instead of running on a broken archive.
        let partial = AACommand.temporaryFolder() + "/partial.sqlite"
        let refused = AACommand.aa(
            ["sync", "--pull", "--quiet", "--since", Self.mornings.last ?? "", "--archive", partial], environment: bq.environment)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("do not make a verifiable archive") && refused.stderr.contains("nothing was imported"))
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        let left = AACommand.aa(["history", "--json", "--archive", partial])
        #expect(try JSONValue.parse(left.stdout).items?.isEmpty == true, "\(left.stdout) \(left.stderr)")

        // The site was published every morning: the last morning's day page is in the bucket.
        let objects = storage.objects(prefix: "aa/days/revenue_funnel/")
        #expect(objects.stdout.contains("\(Self.mornings.last ?? "")"), "\(objects.stdout) \(objects.stderr)")
    }

    /// A fresh archive hydrated from the table, as the next morning would, passes `aa verify`.
    func expectTheTableHydratesAndVerifies(_ bq: BigQueryEmulator, after label: String) throws {
        let archive = AACommand.temporaryFolder() + "/hydrated.sqlite"
        let pulled = AACommand.aa(["sync", "--pull", "--json", "--archive", archive], environment: bq.environment)
        #expect(pulled.status == 0, "\(label): \(pulled.stderr)")
        let verify = AACommand.aa(["verify", "--json", "--archive", archive])
        #expect(verify.status == 0, "\(label): \(verify.stdout) \(verify.stderr)")
        let report = try JSONValue.parse(verify.stdout)
        #expect(report["ok"] == true && (report["pulls_rebuilt"]?.intValue ?? 0) > 0, "\(label): \(report)")
    }
}
