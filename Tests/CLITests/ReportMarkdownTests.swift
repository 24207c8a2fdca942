import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// `aa report`'s Markdown keeps archive data as text: markup, Slack mentions, table pipes and newlines in slice names
/// neither become HTML nor break the findings table, as a CommonMark parser we did not write reads it.
@Suite struct ReportMarkdownTests {
    let demo = DemoFixture.shared

    @Test func hostileSliceNamesStayTextInTheTable() throws {
        let platform = "<script>alert(1)</script> <!channel> *x* [y](http://e) a|b\nc"
        let archive = try demo.renamed(platform: platform, region: "west|east", dates: ["2026-05-23"])
        let report = AACommand.aa(["report", "--monitor", "revenue_funnel_demo", "--date", "2026-05-23", "--archive", archive])
        #expect(report.status == 0, "\(report.stderr)")
        let file = AACommand.temporaryFolder() + "/report.md"
        try report.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        // A line break inside a cell would end the table row: it is shown as a space.
        let shown = "platform=" + platform.replacingOccurrences(of: "\n", with: " ")
        let judged = AACommand.run(
            AACommand.python, AACommand.pythonPrefix + [AACommand.repository + "/Tests/peers/check_markdown.py", file, "--text", shown])
        #expect(judged.status == 0, "\(judged.stderr)")
        let verdict = try JSONValue.parse(judged.stdout)
        // Only the tags the report itself writes: no script, no link, no emphasis from the data.
        let tags = Set(verdict["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        #expect(tags.isSubset(of: ["h1", "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "code", "ul", "li", "strong"]))
        let table = try #require(verdict["tables"]?.arrayValue?.first?.arrayValue)
        #expect(table.count > 1)
        #expect(table.allSatisfy { $0.arrayValue?.count == 9 }, "\(table)")
        #expect(verdict["found"]?[shown] == true)
        // The raw mention never reaches the text a chat tool would read as one.
        #expect(!report.stdout.contains("<!channel>"))
    }
}
