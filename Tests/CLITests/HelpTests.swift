import Foundation
import TestSupport
import Testing

@Suite struct HelpTests {
    @Test func topLevelHelpListsEveryCommand() {
        let help = AACommand.aa(["--help"])
        #expect(help.status == 0)
        for command in ["run", "demo", "monitors", "alerts", "why", "report", "narratives", "history", "export", "verify", "projections"] {
            #expect(help.stdout.contains("\n  \(command) "), "missing \(command)")
        }
    }

    @Test func commandHelpHasOptionsAndExamples() {
        let help = AACommand.aa(["run", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--dry-run"))
        #expect(help.stdout.contains("Examples:\n  aa run"))
    }

    @Test func everyHelpFitsEightyColumnsButItsExamples() throws {
        let overview = AACommand.aa(["--help"]).stdout
        var names: [String] = []
        let listing = overview.components(separatedBy: "\nCommands:\n").last?.components(separatedBy: "\n\n").first ?? ""
        for line in listing.split(separator: "\n") where !line.hasPrefix("   ") {
            if let name = line.split(separator: " ").first { names.append(String(name)) }
        }
        #expect(names.count > 20)
        let helps = names.map { AACommand.aa([$0, "--help"]) }
        #expect(helps.allSatisfy { $0.status == 0 && $0.stdout.contains("Usage: aa ") })
        for text in [overview] + helps.map(\.stdout) {
            let body = text.components(separatedBy: "\nExamples:\n").first ?? text
            let wide = body.split(separator: "\n").filter { $0.count > 80 }
            #expect(wide.isEmpty, "\(wide)")
        }
    }

    @Test func versionPrints() {
        #expect(AACommand.aa(["--version"]).stdout.hasPrefix("aa "))
    }

    @Test func unknownCommandIsAUsageError() {
        let result = AACommand.aa(["frobnicate"])
        #expect(result.status == 2)
        #expect(result.stderr == "aa: error: unknown command 'frobnicate'; run `aa --help` to list commands\n")
    }

    @Test func monitorsRenderPrintsTheSQLAndNamedParameters() throws {
        let text = AACommand.aa(["monitors", "render", "--monitor", "revenue_funnel", "--date", "2026-06-30"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("@run_date DATE = '2026-06-30'"))
        #expect(text.stdout.contains("@start_date DATE = '2026-03-31'"))
        #expect(text.stdout.contains("WHEN GROUPING(platform) = 0 THEN CAST(platform AS STRING)"))
        #expect(text.stdout.contains("GROUP BY GROUPING SETS ((ds), (ds, platform), (ds, category), (ds, region))"))
        #expect(text.stdout.contains("FROM `analytics.funnel_events`"))
        #expect(!text.stdout.contains("{{"))
        let list = AACommand.aa(["monitors", "list"])
        #expect(list.stdout.contains("revenue_funnel_demo  sqlite"))
        #expect(AACommand.aa(["monitors", "validate"]).status == 0)
    }
}
