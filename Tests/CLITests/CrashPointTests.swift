import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// Crash points on purpose (`AA_CRASH_AT`): each command is stopped with `_exit` at each step where a crash would
/// hurt; after it `aa verify` passes, every event committed before is still there, nothing half-written is, the
/// re-run completes, and the outcome is the one promised (messages: at least once).
@Suite(.serialized) struct CrashPointTests {
    let demo = DemoFixture.shared
    static let day = "2026-05-23"

    /// Runs `arguments` stopped at `point`, then checks what survived: verify passes, nothing committed is lost, and
    /// (`committed` false) nothing was added. Returns the events after the crash.
    @discardableResult
    func crash(
        _ arguments: [String], at point: String, archive: String, environment: [String: String] = [:], committed: Bool,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [String: String] {
        let before = try DemoFixture.eventHashes(archive)
        let stopped = AACommand.aa(arguments + ["--archive", archive], environment: environment.merging(["AA_CRASH_AT": point]) { $1 })
        #expect(stopped.status == 70, "\(point): exit \(stopped.status) \(stopped.stderr)", sourceLocation: sourceLocation)
        let verify = AACommand.aa(["verify", "--archive", archive])
        #expect(verify.status == 0, "\(point): \(verify.stdout) \(verify.stderr)", sourceLocation: sourceLocation)
        let after = try DemoFixture.eventHashes(archive)
        #expect(before.allSatisfy { after[$0.key] == $0.value }, "\(point): a committed event was lost", sourceLocation: sourceLocation)
        #expect((after.count > before.count) == committed, "\(point): \(before.count) → \(after.count)", sourceLocation: sourceLocation)
        return after
    }

    func currentRuns(_ archive: String, _ date: String) throws -> Int {
        let sqlite = try #require(AACommand.sqlite3)
        let count = AACommand.run(
            sqlite, [archive, "SELECT count(*) FROM p_reports WHERE monitor = 'revenue_funnel_demo' AND run_date = '\(date)'"])
        return Int(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// A run's first commit is its delivery intent (everything up to `message.sending`), its second the rest.
    @Test(
        arguments: [
            ("after-pull", false, 1, nil), ("before-commit", false, 1, nil), ("after-commit", true, 1, "posted again"),
            ("after-slack-accepted", true, 2, "posted again"), ("before-commit:2", true, 2, "posted again"),
            ("after-commit:2", true, 1, nil),
        ] as [(String, Bool, Int, String?)])
    func run(point: String, committed: Bool, posts: Int, note: String?) throws {
        let copy = demo.copy()
        let receiver = try SlackReceiver()
        let slack = ["SLACK_WEBHOOK_URL": receiver.webhook]
        let run = ["run", "--date", Self.day, "--monitors", "revenue_funnel_demo", "--quiet", "--warehouse", copy.warehouse]
        try crash(run, at: point, archive: copy.archive, environment: slack, committed: committed)
        let again = AACommand.aa(run + ["--archive", copy.archive], environment: slack)
        #expect(again.status == 0, "\(again.stderr)")
        // At least once: a post Slack accepted before the crash is sent again by the re-run, never lost, and it says so.
        #expect(try receiver.received().count == posts)
        #expect(again.stderr.contains(note ?? "\u{0}") == (note != nil), "\(again.stderr)")
        #expect(try currentRuns(copy.archive, Self.day) == 1)
        #expect(AACommand.aa(["verify", "--archive", copy.archive]).status == 0)
    }

    /// Which message events the day holds, by type, in order.
    func messageTypes(_ archive: String) throws -> [String] {
        let history = AACommand.aa([
            "history", "--type", "message.sending,message.sent,message.unknown,message.skipped", "--since", Self.day, "--until",
            Self.day, "--json", "--archive", archive,
        ])
        return try JSONValue.parse(history.stdout).items?.compactMap { $0["type"]?.stringValue } ?? []
    }

    @Test func atMostOnceRecordsTheUnknownOutcomeAndDoesNotPostAgain() throws {
        let copy = demo.copy()
        let receiver = try SlackReceiver()
        let slack = ["SLACK_WEBHOOK_URL": receiver.webhook]
        let registry = try RegistryCopy.make {
            $0.replacingOccurrences(of: "\"post_all_clear\": false", with: "\"post_all_clear\": false, \"delivery\": \"at_most_once\"")
        }
        let run = [
            "run", "--date", Self.day, "--monitors", "revenue_funnel_demo", "--quiet", "--warehouse", copy.warehouse, "--registry",
            registry,
        ]
        try crash(run, at: "after-slack-accepted", archive: copy.archive, environment: slack, committed: true)
        let again = AACommand.aa(run + ["--archive", copy.archive], environment: slack)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("delivery is at_most_once, so it was not posted again"))
        #expect(try receiver.received().count == 1)
        #expect(try messageTypes(copy.archive).suffix(2) == ["message.sending", "message.unknown"])
        // The unknown outcome settles the day: the next runs post nothing, until --resend asks for it.
        for _ in 0..<2 {
            let later = AACommand.aa(run + ["--archive", copy.archive], environment: slack)
            #expect(later.status == 0, "\(later.stderr)")
            #expect(try receiver.received().count == 1)
        }
        #expect(try messageTypes(copy.archive).suffix(3) == ["message.unknown", "message.skipped", "message.skipped"])
        let resent = AACommand.aa(run + ["--archive", copy.archive, "--resend"], environment: slack)
        #expect(resent.status == 0, "\(resent.stderr)")
        #expect(try receiver.received().count == 2)
    }

    @Test(
        arguments: [
            ("after-slack-accepted", "is in the channel"), ("after-commit", "is not in the channel"),
            ("between-alert-and-reply", "is in the channel (found by its delivery key); not posted again; its narrative reply, which "),
        ])
    func botModeFindsTheCrashedPostByItsKeyAndPostsExactlyOnce(point: String, note: String) throws {
        let copy = demo.copy()
        let receiver = try SlackReceiver()
        let bot = ["SLACK_BOT_TOKEN": "xoxb-CRASHTEST", "SLACK_CHANNEL": "C0TEST", "AA_SLACK_API_URL": receiver.botAPI]
        let run = ["run", "--date", Self.day, "--monitors", "revenue_funnel_demo", "--quiet", "--warehouse", copy.warehouse]
        try crash(run, at: point, archive: copy.archive, environment: bot, committed: true)
        let again = AACommand.aa(run + ["--archive", copy.archive], environment: bot)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains(note), "\(again.stderr)")
        // One delivery: the alert and its narrative reply, each posted once, tagged with the delivery key.
        let posts = try receiver.received()
        #expect(posts.count == 2)
        #expect(posts.allSatisfy { ($0["errors"]?.arrayValue ?? []).isEmpty })
        let parent = try JSONValue.parse(posts.first?["body"]?.stringValue ?? "")
        #expect(parent["metadata"]?["event_type"] == "aa_delivery")
        let reply = try JSONValue.parse(posts.last?["body"]?.stringValue ?? "")
        #expect(reply["thread_ts"] != nil && reply["metadata"]?["event_payload"]?["part"] == "narrative")
        #expect(reply["metadata"]?["event_payload"]?["delivery_key"] == parent["metadata"]?["event_payload"]?["delivery_key"])
        #expect(try messageTypes(copy.archive).last == "message.sent")
    }

    /// A bot token without `channels:history` cannot look its post up: the re-run says so — on stderr and in
    /// `delivery_note` — instead of silently posting a duplicate.
    @Test func botModeWithoutTheHistoryScopeSaysExactlyOnceIsLost() throws {
        let copy = demo.copy()
        let receiver = try SlackReceiver()
        try receiver.grant(scopes: ["chat:write"])
        let bot = ["SLACK_BOT_TOKEN": "xoxb-CRASHTEST", "SLACK_CHANNEL": "C0TEST", "AA_SLACK_API_URL": receiver.botAPI]
        let run = ["run", "--date", Self.day, "--monitors", "revenue_funnel_demo", "--quiet", "--warehouse", copy.warehouse]
        try crash(run, at: "after-slack-accepted", archive: copy.archive, environment: bot, committed: true)
        let again = AACommand.aa(run + ["--json", "--archive", copy.archive], environment: bot)
        #expect(again.status == 0, "\(again.stderr)")
        let sentence = "SLACK_BOT_TOKEN lacks the channels:history scope, so the channel could not be searched for the earlier post"
        #expect(again.stderr.contains(sentence), "\(again.stderr)")
        let note = try JSONValue.parse(again.stdout).items?.first?["delivery_note"]?.stringValue ?? ""
        #expect(note.contains(sentence) && note.contains("delivery is at_least_once, so it was posted again"))
        // Two alerts and two replies: the duplicate the note warns of.
        #expect(try receiver.received().count == 4)
    }

    @Test(arguments: [("mid-rebuild-day:2", true), ("before-commit", false), ("after-commit:3", true)])
    func rebuild(point: String, committed: Bool) throws {
        let copy = demo.copy()
        let registry = try RegistryCopy.thresholds(warning: "6", critical: "60")
        let rebuild = [
            "rebuild", "--monitor", "revenue_funnel_demo", "--from", "2026-06-01", "--to", "2026-06-10", "--quiet", "--registry", registry,
        ]
        try crash(rebuild, at: point, archive: copy.archive, committed: committed)
        let again = AACommand.aa(rebuild + ["--json", "--archive", copy.archive])
        #expect(again.status == 0, "\(again.stderr)")
        let replayed = try JSONValue.parse(again.stdout)
        #expect(replayed["days"]?.arrayValue?.count == 10)
        // Days the crashed rebuild finished are not rebuilt again; the rest are: the result is a rebuild without a crash.
        let rebuilt = replayed["days"]?.arrayValue?.filter { $0["unchanged"] == true }.count ?? -1
        #expect(committed ? rebuilt > 0 : rebuilt == 0, "\(rebuilt) day(s) found already rebuilt")
        let clean = demo.copy()
        #expect(AACommand.aa(rebuild + ["--archive", clean.archive]).status == 0)
        func alerts(_ archive: String) throws -> [JSONValue] {
            let listed = try JSONValue.parse(
                AACommand.aa(["alerts", "--all", "--since", "2026-06-01", "--json", "--archive", archive]).stdout)
            return (listed.items ?? []).map { item in .object((item.objectValue ?? [:]).filter { $0.key != "run_id" }) }
        }
        #expect(try alerts(copy.archive) == alerts(clean.archive) && !alerts(clean.archive).isEmpty)
    }

    @Test(arguments: [("before-commit", false), ("after-commit", true)])
    func label(point: String, committed: Bool) throws {
        let copy = demo.copy()
        let id = try #require(try JSONValue.parse(demo.demoResult.stdout)["incidents"]?.arrayValue?.first?["found_by"]?.stringValue)
        let label = ["label", id, "--as", "true_positive", "--note", "crash test"]
        try crash(label, at: point, archive: copy.archive, committed: committed)
        let again = AACommand.aa(label + ["--json", "--archive", copy.archive])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try JSONValue.parse(again.stdout)["appended"] == .bool(!committed))
        let labels = AACommand.aa(["history", "--type", "anomaly.labeled", "--json", "--archive", copy.archive])
        #expect(try JSONValue.parse(labels.stdout).items?.count == 1)
    }

    @Test(arguments: [("after-slack-accepted", false, 5), ("before-commit", false, 5), ("after-commit", true, 4)])
    func deliverPending(point: String, committed: Bool, posts: Int) throws {
        let copy = demo.copy()
        let receiver = try SlackReceiver()
        let slack = ["SLACK_WEBHOOK_URL": receiver.webhook]
        try receiver.script([["status": 500], ["status": 500], ["status": 500]])
        #expect(
            AACommand.aa(
                [
                    "run", "--date", Self.day, "--monitors", "revenue_funnel_demo", "--quiet", "--archive", copy.archive, "--warehouse",
                    copy.warehouse,
                ], environment: slack
            ).status == 1)
        try crash(["deliver", "--pending"], at: point, archive: copy.archive, environment: slack, committed: committed)
        let again = AACommand.aa(["deliver", "--pending", "--archive", copy.archive], environment: slack)
        #expect(again.status == 0, "\(again.stderr)")
        // Three refused attempts, then the accepted post, and again after a crash that lost its record.
        #expect(try receiver.received().count == posts)
        let pending = AACommand.aa(["deliver", "--pending", "--archive", copy.archive], environment: slack)
        #expect(pending.stdout.contains("nothing pending"))
    }

    @Test func syncStoppedAfterBigQueryConfirmedALoadUploadsTheRestOnce() throws {
        let bq = try BigQueryEmulator()
        let copy = demo.copy()
        var environment = bq.environment
        environment["AA_BIGQUERY_ACCESS_TOKEN"] = "ya29.crash-test"
        environment["AA_SYNC_BATCH"] = "200"
        #expect(AACommand.aa(["archive", "init", "--archive", copy.archive], environment: environment).status == 0)
        try crash(["sync", "--quiet"], at: "mid-upload:2", archive: copy.archive, environment: environment, committed: false)
        let status = try JSONValue.parse(AACommand.aa(["sync", "--status", "--json", "--archive", copy.archive]).stdout)
        let total = Int(status["pending"]?.intValue ?? 0) + Int(status["confirmed"]?.intValue ?? 0)
        #expect(status["confirmed"] == 200) // the first load job; the second reached BigQuery but not the outbox
        let again = AACommand.aa(["sync", "--quiet", "--archive", copy.archive], environment: environment)
        #expect(again.status == 0, "\(again.stderr)")
        let counts = try bq.query("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM `test-project.aa_archive.events_dedup`")
        #expect(counts.first == [.string("\(total)"), .string("\(total)")])
    }

    @Test func thirtyRandomKillsLoseNothingAndLeaveNothingHalfWritten() throws {
        let copy = demo.copy()
        var state: UInt64 = 0x0A11_CAFE
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let id = try #require(try JSONValue.parse(demo.demoResult.stdout)["incidents"]?.arrayValue?.first?["found_by"]?.stringValue)
        let commands: [[String]] = [
            [
                "run", "--date", "2026-06-2\(next(9) + 1)", "--monitors", "revenue_funnel_demo", "--quiet", "--resend", "--warehouse",
                copy.warehouse,
            ],
            ["rebuild", "--monitor", "revenue_funnel_demo", "--from", "2026-06-20", "--to", "2026-06-24", "--quiet"],
            ["label", id, "--as", "expected", "--note", "kill"], ["projections", "rebuild"],
        ]
        var committed = try DemoFixture.eventHashes(copy.archive)
        for round in 0..<30 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: AACommand.binary)
            process.arguments = commands[round % commands.count] + ["--archive", copy.archive]
            process.currentDirectoryURL = URL(fileURLWithPath: AACommand.repository)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double(next(250)) / 1000)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let verify = AACommand.aa(["verify", "--archive", copy.archive])
            #expect(verify.status == 0, "round \(round): \(verify.stdout) \(verify.stderr)")
            let now = try DemoFixture.eventHashes(copy.archive)
            #expect(committed.allSatisfy { now[$0.key] == $0.value }, "round \(round) lost an event")
            committed = now
        }
        let run = AACommand.aa(commands[0] + ["--archive", copy.archive])
        #expect(run.status == 0, "\(run.stderr)")
    }
}
