import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// Restatements: a run compares the past days it pulled with what the previous current run pulled for them, and
/// archives every difference in one `data.restated` event that `aa why` and `aa restatements` show.
@Suite(.serialized) struct RestatementTests {
    let demo = DemoFixture.shared

    /// A registry that flags at |z| ≥ 0.5, so the run date has top-line findings to ask `aa why` about.
    static let sensitive = Result { try RegistryCopy.thresholds(warning: "0.5", critical: "90") }

    func run(_ copy: (archive: String, warehouse: String, folder: String)) throws -> JSONValue {
        let result = AACommand.aa([
            "run", "--date", DemoFixture.end, "--monitors", "revenue_funnel_demo", "--no-ai", "--json", "--quiet", "--archive",
            copy.archive, "--warehouse", copy.warehouse, "--registry", try Self.sensitive.get(),
        ])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONValue.parse(result.stdout).items?.first)
    }

    func restatedEvents(_ archive: String, run: String) throws -> [JSONValue] {
        try
            (JSONValue.parse(
                AACommand.aa(["history", "--type", "data.restated", "--run", run, "--payload", "--json", "--archive", archive]).stdout
            ).items ?? [])
    }

    @Test func oneChangedPastRowIsOneRestatementNamedInWhyAndNothingWhenUnchanged() throws {
        let copy = demo.copy()
        let unchanged = try run(copy)
        #expect(unchanged["restated"] == 0)
        #expect(try restatedEvents(copy.archive, run: unchanged["run_id"]?.stringValue ?? "").isEmpty)

        // A backfill adds 400 visitors to one row of a past day (a baseline day of the run date: same weekday).
        let sqlite = try #require(AACommand.sqlite3)
        let row = "ds = '2026-06-23' AND platform = 'android' AND category = 'moving' AND region = 'west'"
        let before = AACommand.run(sqlite, [copy.warehouse, "SELECT visitors FROM funnel_daily WHERE \(row)"]).stdout
        let old = try #require(Double(before.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(AACommand.run(sqlite, [copy.warehouse, "UPDATE funnel_daily SET visitors = visitors + 400 WHERE \(row)"]).status == 0)

        let summary = try run(copy)
        let runId = try #require(summary["run_id"]?.stringValue)
        #expect(summary["restated"] == 4) // the row counts in the total and in its platform, category and region
        let events = try restatedEvents(copy.archive, run: runId)
        #expect(events.count == 1)
        let payload = try #require(events.first?["payload"])
        #expect(payload["previous_run_id"] == unchanged["run_id"])
        let changes = payload["changes"]?.arrayValue ?? []
        #expect(Set(changes.compactMap { $0["dimension"]?.stringValue }) == ["total", "platform", "category", "region"])
        for change in changes {
            #expect(change["day"] == "2026-06-23" && change["column"] == "visitors")
            #expect((change["new"]?.doubleValue ?? 0) - (change["old"]?.doubleValue ?? 0) == 400)
        }
        let slice = try #require(changes.first { $0["dimension"] == "region" })
        #expect(slice["slice"] == "west")
        #expect(slice["old"]?.doubleValue ?? 0 >= old)

        // The next finding on a restated cell says its baseline day moved.
        let finding = try #require(
            summary["findings"]?.arrayValue?.first { $0["dimension"] == "total" }, "no total finding to ask aa why about")
        let id = try #require(finding["anomaly_id"]?.stringValue)
        let why = try JSONValue.parse(AACommand.aa(["why", id, "--json", "--archive", copy.archive]).stdout)
        let named = try #require(why["restatements"]?.arrayValue?.first)
        #expect(named["day"] == "2026-06-23")
        #expect(named["baseline_day"] == true)
        let text = AACommand.aa(["why", id, "--archive", copy.archive]).stdout
        #expect(text.contains("Restated since the previous run (1)"))
        #expect(text.contains("a baseline day: the baseline moved"))

        let listed = try JSONValue.parse(
            AACommand.aa(["restatements", "--monitor", "revenue_funnel_demo", "--since", "2026-06-01", "--json", "--archive", copy.archive])
                .stdout)
        // This run's four, besides the demo's own backfill (found three days before its end).
        #expect(listed.items?.filter { $0["run_id"]?.stringValue == runId }.count == 4)
        #expect(listed.items?.first?["run_id"]?.stringValue == runId) // newest first
        // As text, each restated row shows the 400 added and its share, however small, never a bare +0.0%.
        let table = AACommand.aa(
            ["restatements", "--monitor", "revenue_funnel_demo", "--since", "2026-06-01", "--archive", copy.archive],
            environment: ["COLUMNS": "120"]
        ).stdout
        let totalLine = try #require(
            table.split(separator: "\n").first { $0.contains("total=all") && $0.contains("2026-06-23") }, "\(table)")
        #expect(totalLine.contains("+400 (+") && !totalLine.contains("+0.0%)"), "\(totalLine)")

        // The day's report page lists them.
        let site = copy.folder + "/site"
        #expect(AACommand.aa(["site", "--archive", copy.archive, "--out", site, "--end", DemoFixture.end, "--quiet"]).status == 0)
        let page = try String(contentsOfFile: site + "/days/revenue_funnel_demo/\(DemoFixture.end).html", encoding: .utf8)
        #expect(page.contains("Restated since the previous run (4)"))
        #expect(page.contains("<td>region=west</td><td>visitors</td>"))

        // Run again with nothing changed since: nothing restated.
        #expect(try run(copy)["restated"] == 0)
        #expect(AACommand.aa(["verify", "--archive", copy.archive]).status == 0)
    }

    @Test func aRestatedDayThatAlertedIsJudgedAgainAndPostsOnlyWhenItsAlertsChange() throws {
        let copy = demo.copy()
        let sqlite = try #require(AACommand.sqlite3)
        let receiver = try SlackReceiver()
        let slack = ["SLACK_WEBHOOK_URL": receiver.webhook]
        func run(_ date: String) -> AACommand.Result {
            AACommand.aa(
                [
                    "run", "--date", date, "--monitors", "revenue_funnel_demo", "--no-ai", "--quiet", "--json", "--archive", copy.archive,
                    "--warehouse", copy.warehouse,
                ], environment: slack)
        }
        func androidRateAlert() throws -> String? {
            let alerts =
                try JSONValue.parse(
                    AACommand.aa(["alerts", "--since", "2026-05-23", "--json", "--archive", copy.archive]).stdout
                ).items ?? []
            return alerts.first {
                $0["run_date"] == "2026-05-23" && $0["metric"] == "request_rate" && $0["slice"] == "android"
            }?["anomaly_id"]?.stringValue
        }
        // The android drop's day is delivered once.
        #expect(run("2026-05-23").status == 0)
        #expect(try receiver.received().count == 1)
        let old = try #require(try androidRateAlert())

        // A material restatement that leaves its alerts as they were: judged again, nothing posted.
        let ios = "ds = '2026-05-23' AND platform = 'ios'"
        #expect(AACommand.run(sqlite, [copy.warehouse, "UPDATE funnel_daily SET revenue = revenue * 1.02 WHERE \(ios)"]).status == 0)
        var result = run("2026-05-24")
        #expect(result.status == 0, "\(result.stderr)")
        var runs = try JSONValue.parse(result.stdout).items ?? []
        #expect(runs.map { $0["run_date"]?.stringValue ?? "" } == ["2026-05-24", "2026-05-23"])
        let afterUnchanged = try receiver.received()
        #expect(
            afterUnchanged.count == 1, "an unchanged verdict posted again: \(afterUnchanged.last?["body"]?.stringValue?.prefix(600) ?? "")")
        #expect(try androidRateAlert() != nil)

        // The warehouse backfills android's lost requests: the day is judged again, its alert is gone, and an
        // update says so.
        let android = "ds = '2026-05-23' AND platform = 'android'"
        #expect(
            AACommand.run(
                sqlite, [copy.warehouse, "UPDATE funnel_daily SET requests = requests * 9 / 5, quotes = quotes * 9 / 5 WHERE \(android)"]
            )
            .status == 0)
        result = run("2026-05-24")
        #expect(result.status == 0, "\(result.stderr)")
        runs = try JSONValue.parse(result.stdout).items ?? []
        #expect(runs.map { $0["run_date"]?.stringValue ?? "" } == ["2026-05-24", "2026-05-23"])
        #expect(try androidRateAlert() == nil)
        let posts = try receiver.received()
        #expect(posts.count == 2)
        #expect(posts.last?["body"]?.stringValue?.contains("2026-05-23") == true)
        let why = AACommand.aa(["why", old, "--archive", copy.archive])
        #expect(why.stdout.contains("the warehouse restated this day's data, and run"), "\(why.stdout)")
        #expect(why.stdout.contains("it no longer flags this finding"))

        // Nothing restated since: the next run judges its own day only.
        runs = try JSONValue.parse(run("2026-05-24").stdout).items ?? []
        #expect(runs.map { $0["run_date"]?.stringValue ?? "" } == ["2026-05-24"])
    }

    @Test func aMaterialRestatementIsOneLineOfTheMessage() throws {
        let copy = demo.copy()
        let sqlite = try #require(AACommand.sqlite3)
        let row = "ds = '2026-06-23' AND platform = 'android' AND category = 'moving' AND region = 'west'"
        #expect(AACommand.run(sqlite, [copy.warehouse, "UPDATE funnel_daily SET visitors = visitors + 400 WHERE \(row)"]).status == 0)
        let registry = try RegistryCopy.make { $0.replacingOccurrences(of: "\"post_all_clear\": false", with: "\"post_all_clear\": true") }
        let receiver = try SlackReceiver()
        let result = AACommand.aa(
            [
                "run", "--date", DemoFixture.end, "--monitors", "revenue_funnel_demo", "--no-ai", "--quiet", "--registry", registry,
                "--archive", copy.archive, "--warehouse", copy.warehouse,
            ], environment: ["SLACK_WEBHOOK_URL": receiver.webhook])
        #expect(result.status == 0, "\(result.stderr)")
        let post = try #require(try receiver.received().first)
        #expect(post["errors"] == [])
        let body = post["body"]?.stringValue ?? ""
        // The total moved 0.7 % (under the 1 % threshold); android's visitors are the first material change.
        #expect(body.contains("Restated since the last run:* 2026-06-23 visitors [platform=android]"), "\(body)")
        #expect(body.contains("and 2 more"))
    }
}
