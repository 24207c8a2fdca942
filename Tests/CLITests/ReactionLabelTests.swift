import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// Bot mode: the team's reactions on a posted alert become labels, by `aa labels pull` and at the next `aa run`.
@Suite(.serialized) struct ReactionLabelTests {
    let demo = DemoFixture.shared

    func bot(_ receiver: SlackReceiver) -> [String: String] {
        ["SLACK_BOT_TOKEN": "xoxb-SECRETBOT", "SLACK_CHANNEL": "C0TEST", "AA_SLACK_API_URL": receiver.botAPI]
    }

    func pull(_ copy: (archive: String, warehouse: String, folder: String), _ receiver: SlackReceiver, _ extra: [String] = []) throws
        -> JSONValue
    {
        let result = AACommand.aa(["labels", "pull", "--json", "--archive", copy.archive] + extra, environment: bot(receiver))
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONValue.parse(result.stdout)["channels"]?.arrayValue?.first)
    }

    /// Every `anomaly.labeled` payload in the archive.
    func labels(_ archive: String) throws -> [JSONValue] {
        try JSONValue.parse(
            AACommand.aa(["history", "--type", "anomaly.labeled", "--payload", "--json", "--archive", archive]).stdout
        ).items?.compactMap { $0["payload"] } ?? []
    }

    /// The alert keys of the day's posted message: what a reaction on it labels.
    func postedAlerts(_ archive: String) throws -> [String] {
        let sent = try JSONValue.parse(
            AACommand.aa(["history", "--type", "message.sent", "--payload", "--json", "--archive", archive]).stdout
        ).items?.last
        return sent?["payload"]?["alert_keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    @Test func aThumbsDownLabelsEveryAlertOfThePostOnceAndSkipsWhatItCannotTake() throws {
        let receiver = try SlackReceiver()
        let copy = demo.copy()
        #expect(runDemoDay(copy, environment: bot(receiver)).status == 0)
        let alerts = try postedAlerts(copy.archive)
        #expect(alerts.count >= 2, "the android drop posts several alerts: \(alerts)")
        try receiver.react(ts: "1700000000.000001", name: "-1", user: "U0ALICE")
        try receiver.react(ts: "1700000000.000001", name: "eyes", user: "U0BOB") // not a label
        try receiver.react(ts: "1699999999.000009", name: "-1", user: "U0CAROL") // a person's message

        let first = try pull(copy, receiver)
        #expect(first["appended"] == .int(Int64(alerts.count)))
        let taken = first["labels"]?.arrayValue ?? []
        #expect(taken.count == alerts.count)
        #expect(taken.allSatisfy { $0["label"] == "false_positive" && $0["user"] == "U0ALICE" && $0["reaction"] == "-1" })
        #expect(Set(taken.compactMap { $0["anomaly_id"]?.stringValue }).count == alerts.count)
        let skipped = first["skipped"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(skipped == ["reactions on message 1699999999.000009 were skipped: this archive has no alert posted as it"])
        let archived = try labels(copy.archive)
        #expect(archived.count == alerts.count)
        #expect(archived.allSatisfy { $0["source"] == "slack:U0ALICE" && $0["note"] == "Slack reaction :-1: by U0ALICE" })

        // Pulled again, nothing new: each user's reaction labels each alert once.
        let second = try pull(copy, receiver)
        #expect(second["appended"] == 0)
        #expect(second["labels"]?.arrayValue?.count == alerts.count)
        #expect(try labels(copy.archive).count == alerts.count)

        // The labels count like any other: `aa precision` sees every alert of the post as a false positive.
        let precision = try JSONValue.parse(
            AACommand.aa(["precision", "--monitor", "revenue_funnel_demo", "--since", "2026-05-01", "--json", "--archive", copy.archive])
                .stdout)
        let rows = precision["metrics"]?.arrayValue ?? []
        #expect(rows.reduce(0) { $0 + ($1["false_positive"]?.intValue ?? 0) } == Int64(alerts.count), "\(rows)")
        #expect(rows.allSatisfy { $0["true_positive"] == 0 })
    }

    @Test func onlyTheConfiguredLabelersCountAndTheNextRunTakesReactionsFirst() throws {
        let receiver = try SlackReceiver()
        let copy = demo.copy()
        #expect(runDemoDay(copy, environment: bot(receiver)).status == 0)
        let alerts = try postedAlerts(copy.archive)
        let registry = try RegistryCopy.make {
            $0.replacingOccurrences(of: "\"post_all_clear\": false", with: "\"post_all_clear\": false, \"labelers\": [\"U0BOSS\"]")
        }
        try receiver.react(ts: "1700000000.000001", name: "white_check_mark", user: "U0ALICE")
        let refused = try pull(copy, receiver, ["--registry", registry])
        #expect(refused["appended"] == 0)
        #expect(
            refused["skipped"]?.arrayValue?.compactMap(\.stringValue)
                == [":white_check_mark: by U0ALICE on message 1700000000.000001 was skipped: U0ALICE is not one of alerting.labelers"])
        #expect(try labels(copy.archive).isEmpty)

        // The boss agrees, and the next morning's run takes it before judging.
        try receiver.react(ts: "1700000000.000001", name: "white_check_mark", user: "U0BOSS")
        let next = AACommand.aa(
            [
                "run", "--date", "2026-05-24", "--monitors", "revenue_funnel_demo", "--quiet", "--archive", copy.archive, "--warehouse",
                copy.warehouse, "--registry", registry,
            ], environment: bot(receiver))
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("C0TEST: \(alerts.count) label(s) from reactions on the posted alerts"), "\(next.stderr)")
        let archived = try labels(copy.archive)
        #expect(archived.count == alerts.count)
        #expect(archived.allSatisfy { $0["label"] == "true_positive" && $0["source"] == "slack:U0BOSS" })
    }

    @Test func pullingWithoutABotOrWithBadReactionSettingsIsRefused() throws {
        let copy = demo.copy()
        let noBot = AACommand.aa(["labels", "pull", "--archive", copy.archive])
        #expect(noBot.status == 2)
        #expect(noBot.stderr.hasPrefix("aa: error: reactions are read in bot mode: set SLACK_BOT_TOKEN and SLACK_CHANNEL"))
        #expect(noBot.stderr.split(separator: "\n").count == 1)
        for (edit, path) in [
            ("\"reaction_labels\": {\"-1\": \"nope\"}", "alerting.reaction_labels.-1"),
            ("\"reaction_labels\": {\":-1:\": \"false_positive\"}", "alerting.reaction_labels.:-1:"),
            ("\"labelers\": [\"alice\"]", "alerting.labelers[0]"),
        ] {
            let registry = try RegistryCopy.make {
                $0.replacingOccurrences(of: "\"post_all_clear\": false", with: "\"post_all_clear\": false, \(edit)")
            }
            let checked = AACommand.aa(["monitors", "validate", "--registry", registry])
            #expect(checked.status == 2, "\(edit)")
            #expect(checked.stderr.contains(path), "\(edit): \(checked.stderr)")
        }
    }
}
