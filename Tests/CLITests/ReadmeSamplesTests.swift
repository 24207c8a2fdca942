import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// The samples of the README and its guides come from `aa demo --end 2026-11-27`; this suite runs their commands on that demo and
/// checks that every line the README shows is printed (anomaly and run ids masked: they derive from random run ids).
@Suite(.serialized) struct ReadmeSamplesTests {
    static let end = "2026-11-27"

    /// The demo the README describes, built once.
    static let demo: (folder: String, paths: [String], output: AACommand.Result) = {
        let folder = AACommand.temporaryFolder()
        let paths = ["--archive", folder + "/archive.sqlite", "--warehouse", folder + "/warehouse.sqlite"]
        return (folder, paths, AACommand.aa(["demo", "--end", end] + paths))
    }()

    /// The README and the guides it links (`Sources/aa/Guides/*.md`), one text.
    static let documentation: String = {
        let guides = AACommand.repository + "/Sources/aa/Guides"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: guides)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        return ([AACommand.repository + "/README.md"] + files.map { guides + "/" + $0 })
            .map { (try? String(contentsOfFile: $0, encoding: .utf8)) ?? "" }.joined(separator: "\n")
    }()

    /// The fenced code blocks of the README and the guides, each as its lines.
    static let blocks: [[String]] = {
        let text = documentation
        let parts = text.components(separatedBy: "```")
        return stride(from: 1, to: parts.count, by: 2).map { index in
            parts[index].split(separator: "\n", omittingEmptySubsequences: true).map(String.init).filter { !$0.hasPrefix("sh") }
        }
    }()

    /// Ids masked: `an_…` and the random suffix of run ids.
    static func masked(_ text: String) -> String {
        text.replacing(/an_[0-9a-f]{12}/, with: "an_ID").replacing(/(run_\d{4}-\d{2}-\d{2}_[a-z_]+)_[0-9a-f]{8}/) { "\($0.1)_RUN" }
    }

    /// The README block whose lines include `marker`.
    static func block(containing marker: String) throws -> [String] {
        try #require(blocks.first { $0.contains { $0.contains(marker) } }, "no README block shows \(marker)")
    }

    /// Every README line appears in `output`; a line with `…` stands for the pieces around it, in one output line.
    static func expectShown(_ lines: [String], in output: String, _ what: String) {
        let printed = masked(output).split(separator: "\n").map(String.init)
        #expect(!lines.isEmpty)
        for line in lines.map(masked) where line != "…" {
            let pieces = line.components(separatedBy: "…").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let found = printed.contains { out in
                var rest = Substring(out)
                for piece in pieces {
                    guard let range = rest.range(of: piece) else { return false }
                    rest = rest[range.upperBound...]
                }
                return true
            }
            #expect(found, "\(what): the README shows a line aa does not print: \(line)")
        }
    }

    @Test func theDemoPrintsTheIncidentsTheReadmeShows() throws {
        #expect(Self.demo.output.status == 0, "\(Self.demo.output.stderr)")
        Self.expectShown(try Self.block(containing: "Injected incidents found"), in: Self.demo.output.stdout, "aa demo")
        // Its next steps say how to get aa on the PATH exactly when a shell would not find it there.
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let onPath = path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/aa") }
        #expect(Self.demo.output.stdout.contains("`make install` puts it in ~/.local/bin") == !onPath)
    }

    @Test func aRunOfADemoDayPrintsThePreviewAndSummaryTheReadmeShows() throws {
        #expect(Self.demo.output.status == 0)
        let copy = AACommand.temporaryFolder()
        for file in ["archive.sqlite", "warehouse.sqlite"] {
            try FileManager.default.copyItem(atPath: Self.demo.folder + "/" + file, toPath: copy + "/" + file)
        }
        let run = AACommand.aa([
            "run", "--date", "2026-11-18", "--monitors", "revenue_funnel_demo", "--no-ai", "--archive", copy + "/archive.sqlite",
            "--warehouse", copy + "/warehouse.sqlite",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        Self.expectShown(try Self.block(containing: "revenue_funnel_demo 2026-11-18: completed"), in: run.stdout, "aa run")
        Self.expectShown(try Self.block(containing: "━━ 🔴 revenue_funnel_demo · 2026-11-18 ━━"), in: run.stdout, "the preview")
    }

    @Test func theStricterRebuildPrintsWhatTheReadmeShows() throws {
        #expect(Self.demo.output.status == 0)
        let registry = try String(contentsOfFile: AACommand.repository + "/queries/monitors.json", encoding: .utf8)
        #expect(registry.contains("\"threshold\": 4.5"))
        let stricter = Self.demo.folder + "/stricter.json"
        try registry.replacingOccurrences(of: "\"threshold\": 4.5", with: "\"threshold\": 6").write(
            toFile: stricter, atomically: true, encoding: .utf8)
        let rebuild = AACommand.aa(
            ["rebuild", "--monitor", "revenue_funnel_demo", "--from", "2026-09-29", "--to", Self.end, "--registry", stricter, "--dry-run"]
                + Self.demo.paths)
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        Self.expectShown(try Self.block(containing: "60 day(s) replayed"), in: rebuild.stdout, "aa rebuild --dry-run")
    }

    @Test func theBacktestClaimHolds() throws {
        #expect(Self.demo.output.status == 0)
        let csv = DemoFixture.csv(of: Self.demo.folder + "/warehouse.sqlite")
        let result = AACommand.aa([
            "backtest", "--monitor", "revenue_funnel_demo", "--data", csv, "--labels", Self.demo.folder + "/warehouse.labels.csv",
            "--json", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONValue.parse(result.stdout)
        let overall = try #require(report["score"])
        #expect(report["days"] == 200)
        #expect(report["metric_slices"] == 144)
        #expect(overall["true_positives"] == 5)
        #expect(overall["false_negatives"] == 0)
        #expect(overall["false_positives"] == 1)
        #expect(report["missed"] == [])
        #expect(
            Self.documentation.contains(
                "find all five injected incidents on\ntheir day with one false alert in 200 days across 144 metric-slices"))
    }
}
