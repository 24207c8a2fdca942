import CanonicalJSON
import Foundation
import TestSupport
import Testing

@testable import CLI

/// Every `--json` document carries `"schema": "aa.<name>/1"` and validates, with the jsonschema peer, against
/// `schemas/cli/<name>.schema.json`.
@Suite struct CLIDocumentTests {
    let demo = DemoFixture.shared

    static func schemaFile(_ document: CLIDocument) -> String {
        AACommand.repository + "/schemas/cli/\(document.rawValue).schema.json"
    }

    @Test func everyDocumentHasASchemaFileNamingIt() throws {
        #expect(CLIDocument.allCases.count >= 25)
        for document in CLIDocument.allCases {
            let schema = try JSONValue.parse(String(contentsOfFile: Self.schemaFile(document), encoding: .utf8))
            #expect(schema["properties"]?["schema"]?["const"] == .string(document.schema), "\(document)")
            #expect(schema["$id"] == .string(document.schema))
            if let key = document.itemsKey { #expect(schema["required"]?.arrayValue?.contains(.string(key)) == true) }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: AACommand.repository + "/schemas/cli")
        #expect(files.count == CLIDocument.allCases.count, "a schema file without a document, or the reverse")
    }

    /// Runs `arguments` on the demo fixture and checks the document it prints.
    func expectValid(_ arguments: [String], _ document: CLIDocument, environment: [String: String] = [:]) throws {
        let result = AACommand.aa(arguments + ["--json"] + demo.paths, environment: environment)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        let parsed = try JSONValue.parse(result.stdout)
        #expect(parsed["schema"] == .string(document.schema), "\(arguments)")
        if let key = document.itemsKey { #expect(parsed[key]?.arrayValue != nil, "\(arguments)") }
        let check = AACommand.run(
            AACommand.python,
            AACommand.pythonPrefix + [AACommand.repository + "/Tests/schema/validate_document.py", Self.schemaFile(document)],
            input: result.stdout)
        #expect(check.status == 0, "\(arguments) does not match \(document.rawValue).schema.json: \(check.stdout)\(check.stderr)")
    }

    @Test func theQueryCommandsPrintValidDocuments() throws {
        let day = "2026-06-21"
        let alerts = try JSONValue.parse(AACommand.aa(["alerts", "--since", "2026-05-01", "--json"] + demo.paths).stdout)
        let id = try #require(alerts.items?.first?["anomaly_id"]?.stringValue)
        try expectValid(["alerts", "--since", "2026-05-01"], .alerts)
        try expectValid(["why", id], .why)
        try expectValid(
            ["why", "--monitor", "revenue_funnel_demo", "--date", "2026-05-23", "--metric", "visitors", "--slice", "platform=ios"], .whyCell
        )
        try expectValid(["report", "--monitor", "revenue_funnel_demo", "--date", day], .report)
        try expectValid(["narratives", "--monitor", "revenue_funnel_demo", "--from", "2026-06-01"], .narratives)
        try expectValid(["narratives", "diff", "--monitor", "revenue_funnel_demo", "2026-06-20", day], .narrativesDiff)
        try expectValid(["history", "--since", "2026-06-30", "--limit", "5", "--payload"], .history)
        try expectValid(["deliver", "--preview", "--monitor", "revenue_funnel_demo", "--date", "2026-06-29"], .deliverPreview)
        try expectValid(["precision", "--monitor", "revenue_funnel_demo"], .precision)
        try expectValid(["verify"], .verify)
        try expectValid(["projections", "digest"], .projectionsDigest)
        try expectValid(["monitors", "list"], .monitorsList)
        try expectValid(["monitors", "validate"], .monitorsValidate)
        try expectValid(["monitors", "render", "--monitor", "revenue_funnel_demo", "--date", day], .monitorsRender)
        try expectValid(["auth", "status"], .authStatus)
        try expectValid(
            ["backtest", "--monitor", "revenue_funnel_demo", "--from", "2026-06-01", "--to", "2026-06-30", "--quiet"], .backtest)
        try expectValid(
            ["rebuild", "--monitor", "revenue_funnel_demo", "--from", "2026-06-20", "--to", "2026-06-22", "--dry-run", "--quiet"], .rebuild)
        try expectValid(["run", "--date", day, "--monitors", "revenue_funnel_demo", "--no-ai", "--dry-run", "--quiet"], .run)
        try expectValid(["cost", "--since", "2026-06-20"], .cost)
        try expectValid(["restatements", "--since", "2026-06-20"], .restatements)
        try expectValid(["site", "--out", AACommand.temporaryFolder() + "/site", "--since", "2026-06-20", "--end", day, "--quiet"], .site)
    }

    @Test func theStreamedHistoryIsTheDocumentAsItWouldBePrintedWhole() throws {
        let printed = AACommand.aa(["history", "--since", "2026-06-29", "--limit", "4", "--json"] + demo.paths).stdout
        let parsed = try JSONValue.parse(printed)
        #expect(parsed.items?.count == 4)
        #expect(parsed.prettyString + "\n" == printed)
    }
}

/// `aa why` on a cell that did not fire: its value, baseline, standard error, z, the rule and what kept it quiet.
@Suite struct WhyCellTests {
    let demo = DemoFixture.shared

    @Test func aCellWithoutAFindingIsExplainedByItsVerdict() throws {
        let arguments = ["why", "--monitor", "revenue_funnel_demo", "--date", "2026-05-23", "--metric", "visitors", "--slice"]
        let text = AACommand.aa(arguments + ["platform=ios"] + demo.paths)
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("revenue_funnel_demo 2026-05-23 · visitors [platform=ios]: not flagged — ") == true, "\(lines)")
        #expect(lines.contains { $0.contains("z ") && $0.contains("one standard error") })
        // The relative change is printed as a percent, not as missing.
        #expect(lines.contains { $0.hasPrefix("  change ") && $0.contains("%") && !$0.contains("n/a") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("  rule: warning at |z| ≥ 4.5, critical at |z| ≥ 9") })
        let json = try JSONValue.parse(AACommand.aa(arguments + ["platform=ios", "--json"] + demo.paths).stdout)
        let stats = try #require(json["cell"]?["stats"])
        let z = try #require(stats["robust_z"]?.doubleValue)
        // The printed z is the archived one, and it is what the change is in standard errors.
        let change = (stats["value"]?.doubleValue ?? 0) - (stats["baseline"]?.doubleValue ?? 0)
        #expect(abs(z - change / (stats["scale"]?.doubleValue ?? .nan)) < 1e-9)
        #expect(json["cell"]?["flagged"] == false)
        // A metric the monitor does not have is refused in one sentence.
        let unknown = AACommand.aa(["why", "--monitor", "revenue_funnel_demo", "--date", "2026-05-23", "--metric", "nope"] + demo.paths)
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("has no metric 'nope'"))
    }
}
