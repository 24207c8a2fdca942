import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// `aa backtest --data`: the CSV reader's dialect, its refusals and the progress meter.
@Suite struct BacktestCSVTests {
    let header = "ds,dimension,dimension_value,visitors,requests,quotes,hires,revenue\n"

    func backtest(_ csv: String, _ extra: [String] = []) -> AACommand.Result {
        AACommand.aa(
            [
                "backtest", "--monitor", "revenue_funnel_demo", "--data", csv, "--json", "--archive",
                AACommand.temporaryFolder() + "/none.sqlite",
            ] + extra)
    }

    /// The same rows written the awkward ways RFC 4180 allows — a BOM, CRLF, every field quoted, a slice name
    /// holding a comma, doubled quotes and a line break — give the same findings as the plain file.
    @Test func quotedFieldsBOMAndCRLFReadLikeThePlainFile() throws {
        let plain = try String(contentsOfFile: DemoFixture.csv, encoding: .utf8)
        let awkwardName = "and, \"roid\"\nphone"
        var lines: [String] = []
        for line in plain.split(separator: "\n") {
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if fields[2] == "android" { fields[2] = awkwardName }
            lines.append(fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ","))
        }
        let awkward = AACommand.temporaryFolder() + "/awkward.csv"
        try (Data([0xEF, 0xBB, 0xBF]) + Data((lines.joined(separator: "\r\n") + "\r\n").utf8)).write(to: URL(fileURLWithPath: awkward))

        let expected = try JSONValue.parse(backtest(DemoFixture.csv).stdout)
        let result = backtest(awkward)
        #expect(result.status == 0, "\(result.stderr)")
        let got = try JSONValue.parse(result.stdout)
        let findings = try #require(expected["findings"]?.arrayValue)
        #expect(findings.contains { $0["slice"] == "android" })
        let renamed = findings.map { f -> JSONValue in
            guard f["slice"] == "android", var o = f.objectValue else { return f }
            o["slice"] = .string(awkwardName)
            return .object(o)
        }
        #expect(got["findings"]?.arrayValue == renamed)
        #expect(got["days"] == expected["days"])
        #expect(got["metric_slices"] == expected["metric_slices"])
    }

    /// The meter shows on a terminal (a pseudo-terminal made by `script`) and never in a pipe.
    @Test func progressShowsOnATerminalOnly() throws {
        let piped = backtest(DemoFixture.csv)
        #expect(piped.status == 0)
        #expect(piped.stderr.isEmpty)
        let script = try #require(["/usr/bin/script", "/bin/script"].first { FileManager.default.isExecutableFile(atPath: $0) })
        let command = [
            AACommand.binary, "backtest", "--monitor", "revenue_funnel_demo", "--data", DemoFixture.csv,
            "--archive", AACommand.temporaryFolder() + "/none.sqlite",
        ].map { "'\($0)'" }.joined(separator: " ")
        let terminal = AACommand.run(script, ["-qec", command + " >/dev/null", "/dev/null"])
        #expect(terminal.status == 0, "\(terminal.stderr)")
        #expect(terminal.stdout.contains("200/200 days"))
        #expect(terminal.stdout.contains("days/s, ETA"))
        // With the table on the same terminal, the meter's line is cleared before the table's header is printed.
        let both = AACommand.run(script, ["-qec", command, "/dev/null"])
        #expect(both.status == 0, "\(both.stderr)")
        let header = try #require(both.stdout.split(separator: "\n").first { $0.contains("severity") && $0.contains("statistic") })
        let shown = header.split(separator: "\r").last.map(String.init) ?? ""
        #expect(shown.hasPrefix("\u{1B}[K") && !shown.contains("days/s"), "\(header.debugDescription)")
    }
}

extension BadInputTests {
    /// Every CSV fault: one sentence naming the line (and column where there is one), exit 2, nothing appended.
    @Test(arguments: [
        ("", ["is empty", "needs a header line"]),
        ("HEADER", ["has a header but no rows"]),
        ("HEADER2026-05-01,total,all,NaN,1,1,1,1\n", ["line 2, column visitors", "'NaN' is not a number"]),
        ("HEADER2026-05-01,total,all,1,inf,1,1,1\n", ["line 2, column requests", "'inf' is not a number"]),
        ("HEADER2026-05-01,total,all,1,1,1,1,1e308\n", ["line 2, column revenue", "beyond ±1e15"]),
        ("HEADER2026-05-01,total,all,1,-4,1,1,1\n", ["line 2, column requests", "is negative", "counted"]),
        ("HEADER2026-05-01,total,all,1,1,1,1,1\n2026-05-01,total,all,2,2,2,2,2\n", ["line 3 repeats", "of line 2"]),
        ("HEADER2026-05-01,total,\"all,1,1,1,1,1\n", ["line 2", "never closed"]),
        ("HEADER2026-05-01,total,all,1,1,1\n", ["line 2", "6 fields but the header has 8"]),
        ("HEADER2026-05-01,planet,mars,1,1,1,1,1\n", ["line 2", "dimension 'planet'"]),
        ("HEADER2026-13-01,total,all,1,1,1,1,1\n", ["line 2, column ds", "'2026-13-01'"]),
        ("HEADER2026-05-01,total,LONG,1,1,1,1,1\n", ["line 2, column dimension_value", "10240 bytes"]),
        ("HEADER2026-05-01,total,\u{FFFD},1,1,1,1,1\n", ["line 2, column dimension_value", "not UTF-8"]),
        ("ds,dimension,dimension_value,visitors\n2026-05-01,total,all,1\n", ["no column 'requests'"]),
        ("ds,dimension,dimension_value,visitors,requests,quotes,hires,revenue,visitors\n", ["column 'visitors' appears twice"]),
        ("ds,ds,dimension,dimension_value,visitors,requests,quotes,hires,revenue\n", ["column 'ds' appears twice"]),
        (
            "ds,dimension,dimension_value,visitors,requests,quotes,hires,revenue\r2026-05-01,total,all,1,1,1,1,1\r",
            ["line 1", "bare carriage return"]
        ),
        ("HEADER2026-05-01,total,all,1,1,1,1,1\r2026-05-02,total,all,1,1,1,1,1\n", ["line 2", "bare carriage return"]),
        ("HEADER2026-05-01,total,all,0x10,1,1,1,1\n", ["line 2, column visitors", "'0x10' is not a number"]),
    ])
    func backtestCSVFault(content: String, mentions: [String]) throws {
        let header = "ds,dimension,dimension_value,visitors,requests,quotes,hires,revenue\n"
        var bytes = Data(
            content.replacingOccurrences(of: "HEADER", with: header)
                .replacingOccurrences(of: "LONG", with: String(repeating: "x", count: 10240)).utf8)
        // U+FFFD stands for a byte that is not UTF-8: write the raw byte instead.
        if let range = bytes.range(of: Data("\u{FFFD}".utf8)) { bytes.replaceSubrange(range, with: [0xC3, 0x28]) }
        let csv = AACommand.temporaryFolder() + "/rows.csv"
        try bytes.write(to: URL(fileURLWithPath: csv))
        try expectRefusal(["backtest", "--monitor", "revenue_funnel_demo", "--data", csv], mentions: mentions)
    }
}

extension BadInputTests {
    /// A labels file is refused, not half-scored, when a label could never match: a metric or dimension the
    /// monitor lacks, a header naming a column twice, old Mac line ends.
    @Test(arguments: [
        ("ds,metric,dimension,slice,label\n2026-05-09,visits,total,all,true_positive\n", ["line 2, column metric", "no metric 'visits'"]),
        ("ds,metric,dimension,slice,label\n2026-05-09,*,country,fr,expected\n", ["line 2, column dimension", "no dimension 'country'"]),
        ("ds,metric,dimension,slice,label,label\n2026-05-09,*,*,*,expected,x\n", ["column 'label' appears twice"]),
        ("ds,metric,dimension,slice,label\r2026-05-09,*,*,*,expected\r", ["line 1", "bare carriage return"]),
    ])
    func labelsFileFault(content: String, mentions: [String]) throws {
        let labels = AACommand.temporaryFolder() + "/labels.csv"
        try content.write(toFile: labels, atomically: true, encoding: .utf8)
        try expectRefusal(
            ["backtest", "--monitor", "revenue_funnel_demo", "--from", "2026-05-01", "--to", "2026-05-31", "--labels", labels],
            mentions: mentions)
    }
}
