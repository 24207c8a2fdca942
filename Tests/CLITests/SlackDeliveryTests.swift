import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// `aa run` of the demo monitor for 2026-05-23 on a copy of the demo archive, with `environment` added.
func runDemoDay(_ copy: (archive: String, warehouse: String, folder: String), environment: [String: String], _ extra: [String] = [])
    -> AACommand.Result
{
    AACommand.aa(
        [
            "run", "--date", "2026-05-23", "--monitors", "revenue_funnel_demo", "--quiet", "--archive", copy.archive, "--warehouse",
            copy.warehouse,
        ] + extra,
        environment: environment)
}

/// Slack delivery through the real binary against a receiver that judges payloads with slack_sdk.
@Suite(.serialized) struct SlackDeliveryTests {
    let demo = DemoFixture.shared

    func run(_ copy: (archive: String, warehouse: String, folder: String), _ receiver: SlackReceiver, _ extra: [String] = [])
        -> AACommand.Result
    {
        runDemoDay(copy, environment: ["SLACK_WEBHOOK_URL": receiver.webhook], extra)
    }

    func messages(_ archive: String, date: String = "2026-05-23") throws -> [JSONValue] {
        try JSONValue.parse(
            AACommand.aa([
                "history", "--type", "message.sent,message.failed,message.skipped", "--since", date, "--until", date,
                "--payload", "--json", "--archive", archive,
            ]).stdout
        ).items ?? []
    }

    /// A dry run previews the message it would send and posts nothing — with a webhook or a bot configured, on a day
    /// whose alert was never delivered — and archives nothing.
    @Test(arguments: ["webhook", "bot"])
    func aDryRunNeverPostsWhateverIsConfigured(mode: String) throws {
        let receiver = try SlackReceiver()
        let copy = demo.copy()
        let environment =
            mode == "webhook"
            ? ["SLACK_WEBHOOK_URL": receiver.webhook]
            : ["SLACK_BOT_TOKEN": "xoxb-DRYRUN", "SLACK_CHANNEL": "C0TEST", "AA_SLACK_API_URL": receiver.botAPI]
        let before = try Data(contentsOf: URL(fileURLWithPath: copy.archive))
        let dry = AACommand.aa(
            ["run", "--dry-run", "--date", "2026-05-23", "--monitors", "revenue_funnel_demo", "--no-ai", "--archive", copy.archive]
                + ["--warehouse", copy.warehouse], environment: environment)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("━━ "), "the preview of the message is shown: \(dry.stdout)")
        #expect(try receiver.received().isEmpty, "a dry run posted")
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy.archive)) == before)
        // The same run for real posts: the destination works, so the dry run's silence is its own.
        #expect(runDemoDay(copy, environment: environment).status == 0)
        #expect(try !receiver.received().isEmpty)
    }

    /// A run that fails says so on its channel once a day (a retry that fails again posts nothing more), naming the
    /// error and the job run it belongs to; the notice is valid Block Kit.
    @Test func aFailedRunPostsOneNoticeNamingTheErrorAndTheJobRun() throws {
        let receiver = try SlackReceiver()
        let copy = demo.copy()
        let sqlite = try #require(AACommand.sqlite3)
        #expect(AACommand.run(sqlite, [copy.warehouse, "ALTER TABLE funnel_daily RENAME TO funnel_daily_moved"]).status == 0)
        let job = "https://dbc.example/jobs/7/runs/42"
        let environment = ["SLACK_WEBHOOK_URL": receiver.webhook, "AA_JOB_RUN_URL": job]
        let failed = runDemoDay(copy, environment: environment)
        #expect(failed.status == 1, "\(failed.stderr)")
        var posts = try receiver.received()
        #expect(posts.count == 1)
        #expect(posts.first?["errors"] == [])
        let body = try JSONValue.parse(posts.first?["body"]?.stringValue ?? "")
        let text = body["text"]?.stringValue ?? ""
        #expect(text.contains("the run for 2026-05-23 failed: ") && text.contains("funnel_daily"), "\(text)")
        #expect(text.contains("(job run: \(job))"), "\(text)")
        #expect(body["blocks"]?.arrayValue?.first?["text"]?["text"]?.stringValue?.hasPrefix("❌ revenue_funnel_demo") == true)
        // The retry fails the same way and posts nothing more.
        #expect(runDemoDay(copy, environment: environment).status == 1)
        posts = try receiver.received()
        #expect(posts.count == 1)
        #expect(try messages(copy.archive).suffix(2).map { $0["type"] } == ["message.sent", "message.skipped"])
    }

    @Test func aDeliveryIsValidAndARerunPostsNothing() throws {
        let receiver = try SlackReceiver()
        let copy = demo.copy()
        #expect(run(copy, receiver).status == 0)
        var posts = try receiver.received()
        #expect(posts.count == 1)
        #expect(posts.first?["errors"] == [])
        let body = try JSONValue.parse(posts.first?["body"]?.stringValue ?? "")
        #expect(body["text"]?.stringValue?.contains("requests [platform=android]") == true)
        #expect(body["blocks"]?.arrayValue?.first?["type"] == "header")
        #expect(try messages(copy.archive).last?["type"] == "message.sent")
        #expect(try messages(copy.archive).last?["payload"]?["destination"] == "slack:SLACK_WEBHOOK_URL")

        #expect(run(copy, receiver).status == 0)
        posts = try receiver.received()
        #expect(posts.count == 1)
        let skipped = try messages(copy.archive).last
        #expect(skipped?["type"] == "message.skipped")
        #expect(skipped?["payload"]?["reason"]?.stringValue?.hasPrefix("already delivered at") == true)

        #expect(run(copy, receiver, ["--resend"]).status == 0)
        #expect(try receiver.received().count == 2)

        let bytes = try Data(contentsOf: URL(fileURLWithPath: copy.archive))
        #expect(bytes.range(of: Data("SECRETTOKEN".utf8)) == nil)
        #expect(!AACommand.aa(["export", "--archive", copy.archive]).stdout.contains("SECRETTOKEN"))
    }

    @Test func changedFindingsPostAnUpdateThatSaysWhatChanged() throws {
        let receiver = try SlackReceiver()
        let copy = demo.copy()
        #expect(run(copy, receiver).status == 0)
        #expect(run(copy, receiver, ["--registry", try RegistryCopy.thresholds(warning: "14", critical: "30")]).status == 0)
        let posts = try receiver.received()
        #expect(posts.count == 2)
        #expect(posts.last?["errors"] == [])
        let update = try JSONValue.parse(posts.last?["body"]?.stringValue ?? "")
        #expect(update["text"]?.stringValue?.hasPrefix("Update: ") == true)
        let blocks = update["blocks"]?.arrayValue?.compactMap { $0["text"]?["text"]?.stringValue }.joined(separator: "\n") ?? ""
        #expect(blocks.contains("*Update* to the message of"))
        #expect(blocks.contains("no longer firing"))
    }

    @Test func httpsWebhooksAreVerifiedAgainstTheSystemTrustStore() throws {
        let receiver = try SlackReceiver(tls: true)
        let trusted = demo.copy()
        let ok = runDemoDay(trusted, environment: ["SLACK_WEBHOOK_URL": receiver.webhook, "SSL_CERT_FILE": receiver.certificate ?? ""])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try receiver.received().count == 1)
        #expect(try receiver.received().first?["errors"] == [])
        let untrusted = demo.copy()
        let refused = runDemoDay(untrusted, environment: ["SLACK_WEBHOOK_URL": receiver.webhook])
        #expect(refused.status == 1)
        #expect(try receiver.received().count == 1) // a certificate nobody vouches for gets nothing
        #expect(try messages(untrusted.archive).last?["payload"]?["reason"]?.stringValue?.contains("TLS handshake") == true)
    }

    @Test func theDemoNeverPostsEvenWithAWebhookSet() throws {
        let receiver = try SlackReceiver()
        let folder = AACommand.temporaryFolder()
        let demo = AACommand.aa(
            ["demo", "--end", "2026-06-30", "--history", "12", "--archive", folder + "/a.sqlite", "--warehouse", folder + "/w.sqlite"],
            environment: ["SLACK_WEBHOOK_URL": receiver.webhook])
        #expect(demo.status == 0)
        #expect(demo.stdout.contains("the demo never posts"))
        #expect(try receiver.received().isEmpty)
    }

    @Test func rateLimitedThenAccepted() throws {
        let receiver = try SlackReceiver()
        try receiver.script([["status": 429, "retry_after": 1, "body": "rate_limited"]])
        let copy = demo.copy()
        let started = Date()
        #expect(run(copy, receiver).status == 0)
        #expect(Date().timeIntervalSince(started) >= 1) // Retry-After honoured
        #expect(try receiver.received().count == 2)
        #expect(try messages(copy.archive).last?["type"] == "message.sent")
    }

    @Test func serverErrorsLeaveAFailedMessageThatDeliverPendingSends() throws {
        let receiver = try SlackReceiver()
        try receiver.script([["status": 500], ["status": 500], ["status": 500]])
        let copy = demo.copy()
        let result = run(copy, receiver)
        #expect(result.status == 1)
        #expect(result.stderr.contains("aa deliver --pending"))
        #expect(try receiver.received().count == 3)
        let failed = try #require(try messages(copy.archive).last)
        #expect(failed["type"] == "message.failed")
        #expect(failed["payload"]?["message"]?["blocks"] != nil) // the rendered payload is kept
        let pending = AACommand.aa(
            ["deliver", "--pending", "--archive", copy.archive], environment: ["SLACK_WEBHOOK_URL": receiver.webhook])
        #expect(pending.status == 0, "\(pending.stderr)")
        #expect(try receiver.received().count == 4)
        #expect(try messages(copy.archive).last?["type"] == "message.sent")
        let again = AACommand.aa(["deliver", "--pending", "--archive", copy.archive], environment: ["SLACK_WEBHOOK_URL": receiver.webhook])
        #expect(again.stdout.contains("nothing pending"))
        #expect(try receiver.received().count == 4)
    }

    @Test func invalidPayloadIsNotRetried() throws {
        let receiver = try SlackReceiver()
        try receiver.script([["status": 400, "body": "invalid_payload"]])
        let copy = demo.copy()
        #expect(run(copy, receiver).status == 1)
        #expect(try receiver.received().count == 1)
        #expect(try messages(copy.archive).last?["payload"]?["reason"]?.stringValue?.contains("invalid_payload") == true)
    }

    @Test func hostileDimensionValuesAreEscaped() throws {
        let sqlite3 = try #require(AACommand.sqlite3)
        let receiver = try SlackReceiver()
        let copy = demo.copy()
        _ = AACommand.run(
            sqlite3,
            [copy.warehouse, "UPDATE funnel_daily SET platform = '<!channel> & <http://evil.example|click>' WHERE platform = 'android'"])
        #expect(run(copy, receiver).status == 0)
        let post = try #require(try receiver.received().first)
        #expect(post["errors"] == [])
        let raw = post["body"]?.stringValue ?? ""
        #expect(!raw.contains("<!channel>"))
        #expect(!raw.contains("<http://evil"))
        #expect(raw.contains("&lt;!channel&gt; &amp; &lt;http://evil.example|click&gt;"))
    }
}

/// Bot mode: chat.postMessage, the narrative in the alert's thread, updates in the same thread.
@Suite(.serialized) struct SlackBotTests {
    let demo = DemoFixture.shared

    func run(_ copy: (archive: String, warehouse: String, folder: String), _ receiver: SlackReceiver, _ extra: [String] = [])
        -> AACommand.Result
    {
        runDemoDay(
            copy,
            environment: [
                "SLACK_BOT_TOKEN": "xoxb-SECRETBOT", "SLACK_CHANNEL": "C0TEST", "AA_SLACK_API_URL": "http://127.0.0.1:\(receiver.port)/api",
            ], extra)
    }

    @Test func theAlertIsPostedWithTheNarrativeInItsThreadAndUpdatesStayInIt() throws {
        let receiver = try SlackReceiver()
        let copy = demo.copy()
        #expect(run(copy, receiver).status == 0)
        var posts = try receiver.received()
        #expect(posts.count == 2)
        #expect(posts.allSatisfy { $0["errors"] == [] && $0["path"] == "/api/chat.postMessage" })
        #expect(posts.first?["authorization"] == "Bearer xoxb-SECRETBOT")
        let parent = try JSONValue.parse(posts[0]["body"]?.stringValue ?? "")
        let reply = try JSONValue.parse(posts[1]["body"]?.stringValue ?? "")
        #expect(parent["channel"] == "C0TEST")
        #expect(parent["thread_ts"] == nil)
        #expect(reply["thread_ts"] == "1700000000.000001")
        #expect(reply["blocks"]?.arrayValue?.first?["text"]?["text"]?.stringValue?.hasPrefix("*Analyst*") == true)
        let sent = try JSONValue.parse(
            AACommand.aa(["history", "--type", "message.sent", "--payload", "--json", "--archive", copy.archive]).stdout
        ).items?.last
        #expect(sent?["payload"]?["receipt"]?["ts"] == "1700000000.000001")
        #expect(sent?["payload"]?["destination"] == "slack-bot:C0TEST")

        #expect(run(copy, receiver, ["--registry", try RegistryCopy.thresholds(warning: "14", critical: "30")]).status == 0)
        posts = try receiver.received()
        #expect(posts.count == 4)
        let update = try JSONValue.parse(posts[2]["body"]?.stringValue ?? "")
        #expect(update["thread_ts"] == "1700000000.000001") // the update replies in the first message's thread
        #expect(update["text"]?.stringValue?.hasPrefix("Update: ") == true)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: copy.archive))
        #expect(bytes.range(of: Data("SECRETBOT".utf8)) == nil)
    }

    @Test func aChannelTheBotIsNotInIsAClearFailure() throws {
        let receiver = try SlackReceiver()
        try receiver.script([["status": 200, "body": "{\"ok\": false, \"error\": \"channel_not_found\"}"]])
        let copy = demo.copy()
        #expect(run(copy, receiver).status == 1)
        #expect(try receiver.received().count == 1)
        let failed = try JSONValue.parse(
            AACommand.aa(["history", "--type", "message.failed", "--payload", "--json", "--archive", copy.archive]).stdout
        ).items?.last
        #expect(failed?["payload"]?["reason"]?.stringValue?.contains("channel_not_found") == true)
    }
}
