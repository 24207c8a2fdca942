import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// One vocabulary in every human-readable output: the statistic is `z`, a slice is `dimension=value`, the number a
/// day is judged against is the trend-adjusted baseline (never called the median), and `--help` names them once.
@Suite struct VocabularyTests {
    /// Phrases the outputs used to mix: each names a thing a second way.
    static var retired: [(phrase: Regex<Substring>, why: String)] {
        [
            (/(?:^|[^_])robust[ _]z/, "the statistic is z (seasonal_robust_z is a method a registry names)"),
            (/[a-z_]+ = (?:android|ios|web|all)\b/, "a slice is dimension=value"),
            (/\sfor platform=/, "a metric on a slice is metric [dimension=value]"),
            (/same-weekday median of \$?[0-9]/, "the number judged against is the trend-adjusted baseline"),
            (/vs [0-9.,$]+ same-weekday median/, "the number judged against is the trend-adjusted baseline"),
        ]
    }

    @Test func whyReportSlackAndSiteSpeakTheSameWords() throws {
        let demo = DemoFixture.shared
        #expect(demo.demoResult.status == 0)
        let paths = ["--archive", demo.archive, "--warehouse", demo.warehouse]
        let alerts = try JSONValue.parse(AACommand.aa(["alerts", "--since", "365d", "--json"] + paths).stdout)
        let ids = (alerts["alerts"]?.arrayValue ?? []).compactMap { $0["anomaly_id"]?.stringValue }
        #expect(ids.count >= 5)
        var outputs: [(String, String)] = []
        for id in ids.prefix(6) { outputs.append(("aa why \(id)", AACommand.aa(["why", id] + paths).stdout)) }
        let dates = Set((alerts["alerts"]?.arrayValue ?? []).compactMap { $0["run_date"]?.stringValue }).sorted().suffix(3)
        for date in dates {
            let day = ["--monitor", "revenue_funnel_demo", "--date", date] + paths
            outputs.append(("aa report \(date)", AACommand.aa(["report"] + day).stdout))
            outputs.append(("aa deliver --preview \(date)", AACommand.aa(["deliver", "--preview"] + day).stdout))
        }
        let site = demo.folder + "/vocabulary-site"
        #expect(AACommand.aa(["site", "--out", site, "--since", "2026-05-01", "--end", DemoFixture.end, "--quiet"] + paths).status == 0)
        for page in (FileManager.default.enumerator(atPath: site)?.allObjects as? [String] ?? []).filter({ $0.hasSuffix(".html") }) {
            outputs.append((page, try String(contentsOfFile: site + "/" + page, encoding: .utf8)))
        }
        #expect(outputs.count > 20 && outputs.allSatisfy { !$0.1.isEmpty })
        for (what, text) in outputs {
            for (phrase, why) in Self.retired {
                let found = text.firstMatch(of: phrase).map { String($0.0) }
                #expect(found == nil, "\(what) says '\(found ?? "")': \(why)")
            }
        }
        // The words are used, not merely avoided.
        let why = outputs.first { $0.0.hasPrefix("aa why") }?.1 ?? ""
        #expect(why.contains("trend-adjusted baseline") && why.contains("same-weekday median") && why.contains(": z = "))
        #expect(outputs.contains { $0.1.contains("[platform=") })
    }

    @Test func helpNamesTheWordsOnce() {
        let help = AACommand.aa(["--help"]).stdout
        #expect(help.components(separatedBy: "z is the day's distance from its trend-adjusted baseline").count == 2)
        #expect(help.contains("dimension=value"))
    }
}
