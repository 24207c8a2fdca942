import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// What `aa` writes for people cannot be turned against them, and a write that fails is never a success: a slice
/// named with escape sequences or a right-to-left override reaches the terminal, Markdown and Slack as visible
/// `‹U+XXXX›` text (raw in `--json`); a full disk or a closed stdout fails the command.
@Suite struct OutputSafetyTests {
    let demo = DemoFixture.shared
    static let day = "2026-05-23"
    /// Clear screen, a hidden hyperlink around the name, and a right-to-left override.
    static let hostile = "\u{1B}[2J\u{1B}]8;;http://evil.example\u{07}android\u{1B}]8;;\u{07}\u{202E}diordna"

    /// A copy of the demo whose android slice is named `hostile`, judged again on the day it alerts.
    func hostileArchive() throws -> (archive: String, warehouse: String) {
        let copy = demo.copy()
        let sqlite = try #require(AACommand.sqlite3)
        let rename =
            "UPDATE funnel_daily SET platform = char(27)||'[2J'||char(27)||']8;;http://evil.example'||char(7)||'android'"
            + "||char(27)||']8;;'||char(7)||char(8238)||'diordna' WHERE platform = 'android'"
        #expect(AACommand.run(sqlite, [copy.warehouse, rename]).status == 0)
        let run = AACommand.aa([
            "run", "--date", Self.day, "--monitors", "revenue_funnel_demo", "--resend", "--no-ai", "--archive", copy.archive, "--warehouse",
            copy.warehouse,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        Self.expectVisible(run.stdout + run.stderr, "aa run")
        return (copy.archive, copy.warehouse)
    }

    static func expectVisible(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let hidden = text.unicodeScalars.filter { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }
        #expect(hidden.isEmpty, "\(what) wrote \(hidden.count) raw control characters", sourceLocation: sourceLocation)
        #expect(
            text.contains("‹U+001B›") && text.contains("‹U+202E›diordna"), "\(what): \(text.prefix(300))", sourceLocation: sourceLocation)
    }

    @Test func everyHumanReadableOutputShowsControlAndBidiCharactersAsText() throws {
        let (archive, warehouse) = try hostileArchive()
        let common = ["--archive", archive, "--warehouse", warehouse]
        let alerts = AACommand.aa(["alerts", "--since", Self.day] + common)
        Self.expectVisible(alerts.stdout, "aa alerts")
        let forced = AACommand.aa(["alerts", "--since", Self.day] + common, environment: ["CLICOLOR_FORCE": "1"])
        #expect(forced.stdout.contains("\u{1B}[31mcritical\u{1B}[0m")) // its own colours stay
        #expect(!forced.stdout.contains("\u{1B}[2J") && !forced.stdout.contains("\u{202E}"))
        let report = AACommand.aa(["report", "--monitor", "revenue_funnel_demo", "--date", Self.day] + common)
        Self.expectVisible(report.stdout, "aa report")
        let json = try JSONValue.parse(AACommand.aa(["alerts", "--since", Self.day, "--json"] + common).stdout)
        let slices = json.items?.compactMap { $0["slice"]?.stringValue } ?? []
        #expect(slices.contains(Self.hostile), "--json keeps the raw value: \(slices)")
        let id = try #require(json.items?.first { $0["slice"]?.stringValue == Self.hostile }?["anomaly_id"]?.stringValue)
        Self.expectVisible(AACommand.aa(["why", id] + common).stdout, "aa why")
        // The Slack message the run previewed, as archived: mrkdwn text with the characters made visible.
        let history = AACommand.aa(["history", "--type", "message.skipped", "--payload", "--json", "--since", Self.day] + common)
        let texts = try JSONValue.parse(history.stdout).items?.compactMap { $0["payload"]?["message"]?.canonicalString } ?? []
        #expect(texts.contains { $0.contains("‹U+202E›diordna") } && texts.allSatisfy { !$0.contains("\u{202E}") })
    }

    @Test func aWriteThatFailsFailsTheCommand() throws {
        let copy = demo.copy()
        let link = copy.folder + "/full.ndjson"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/full")
        for output in ["/dev/full", link] {
            let export = AACommand.aa(["export", "--output", output, "--archive", copy.archive])
            #expect(export.status == 1, "\(export.stderr)")
            #expect(export.stderr.contains("No space left on device") && !export.stderr.contains("wrote"), "\(export.stderr)")
        }
        let shell = "'\(AACommand.binary)' export --archive '\(copy.archive)' --output - >&-; echo \"exit $?\" >&2"
        let closed = AACommand.run("/bin/sh", ["-c", shell])
        #expect(closed.stderr.contains("cannot write to standard output (Bad file descriptor)"), "\(closed.stderr)")
        #expect(closed.stderr.hasSuffix("exit 1\n"))
        let full = AACommand.run(
            "/bin/sh", ["-c", "'\(AACommand.binary)' alerts --archive '\(copy.archive)' >/dev/full; echo \"exit $?\" >&2"])
        #expect(full.stderr.contains("cannot write to standard output (No space left on device)") && full.stderr.hasSuffix("exit 1\n"))
        let registry = AACommand.run("/bin/sh", ["-c", "'\(AACommand.binary)' monitors --registry - <&-; echo \"exit $?\" >&2"])
        #expect(registry.stderr.contains("cannot read the registry from standard input") && registry.stderr.hasSuffix("exit 2\n"))
    }
}
