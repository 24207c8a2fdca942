import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// What a newcomer ran into when trying the README's commands, each fixed and kept fixed.
@Suite struct NewcomerTrialTests {
    let demo = DemoFixture.shared
    /// A day of the fixture demo with the level shift's first alerts (nine days before its end).
    static let alertDay = "2026-06-21"

    @Test func aDayRunAgainCanBeDiffedAndItsSameFindingsAreSaidToBeTheSame() throws {
        let copy = demo.copy()
        let paths = ["--archive", copy.archive, "--warehouse", copy.warehouse]
        let rerun = AACommand.aa(["run", "--date", Self.alertDay, "--monitors", "revenue_funnel_demo", "--no-ai", "--quiet"] + paths)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let listed = try JSONValue.parse(
            AACommand.aa(
                ["narratives", "--monitor", "revenue_funnel_demo", "--from", Self.alertDay, "--to", Self.alertDay, "--all", "--json"]
                    + paths
            )
            .stdout)
        #expect(listed.items?.count == 2)
        let diff = AACommand.aa(["narratives", "diff", "--monitor", "revenue_funnel_demo", Self.alertDay, "--json"] + paths)
        #expect(diff.status == 0, "\(diff.stderr)")
        let result = try JSONValue.parse(diff.stdout)
        #expect(result["same_input"] == true)
        #expect(result["a"]?["analysis_id"] != result["b"]?["analysis_id"])
        let text = AACommand.aa(["narratives", "diff", "--monitor", "revenue_funnel_demo", Self.alertDay] + paths)
        #expect(text.stdout.contains("(same findings analysed)"))
    }

    @Test func aDryRunNamesNoAnomalyIdToAudit() {
        let copy = demo.copy()
        let run = AACommand.aa([
            "run", "--date", Self.alertDay, "--monitors", "revenue_funnel_demo", "--no-ai", "--dry-run", "--archive", copy.archive,
            "--warehouse", copy.warehouse,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        // The day has alerts (so a hint would be printed for a real run) …
        #expect(run.stdout.contains(/revenue_funnel_demo 2026-06-21: dry-run · \d+ finding\(s\), [1-9]\d* alert\(s\)/))
        #expect(!run.stdout.contains("  audit: aa why"))
    }

    @Test func previewJSONOfADayWithoutAMessageIsJSON() throws {
        let result = AACommand.aa(
            ["deliver", "--preview", "--monitor", "revenue_funnel_demo", "--date", "2026-06-29", "--json"] + demo.paths)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try JSONValue.parse(result.stdout)
        #expect(document["message"] == .null)
        #expect(document["reason"]?.stringValue?.isEmpty == false)
    }

    @Test func aMissingRegistryDoesNotExist() {
        let result = AACommand.aa(["monitors", "list", "--registry", "/nonexistent/monitors.json"])
        #expect(result.status == 3)
        #expect(result.stderr.hasPrefix("aa: error: cannot read the registry /nonexistent/monitors.json"))
    }

    @Test func authStatusWithNoCredentialSaysNoneWasFound() {
        let result = AACommand.aa(["auth", "status"], environment: ["GCE_METADATA_HOST": "127.0.0.1:9"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("credential: none found"))
        #expect(!result.stdout.contains("credential: metadata server"))
    }
}
