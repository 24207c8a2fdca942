import CanonicalJSON
import EventArchive
import MonitorEngine
import Site
import Testing

/// The report site's small pure parts: escaping, coordinates, the axis scale and the normal band.
@Suite struct SiteMarkupTests {
    @Test func escapingTurnsEveryMarkupCharacterIntoAReferenceAndLeavesPlainTextAlone() {
        #expect(HTML.escape(#"<a href="x" onclick='y'>&</a>"#) == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
        #expect(HTML.escape("platform=android · día") == "platform=android · día")
    }

    @Test func coordinatesHaveTwoDecimalsAndKeepTheSignOfSmallNegatives() {
        #expect(HTML.coordinate(12.3) == "12.30")
        #expect(HTML.coordinate(192) == "192.00")
        #expect(HTML.coordinate(-0.05) == "-0.05")
        #expect(HTML.coordinate(-0.001) == "0.00")
        #expect(HTML.coordinate(0.999) == "1.00")
        #expect(HTML.coordinate(-3.456) == "-3.46")
    }

    @Test func theScaleMapsItsPaddedDomainOntoTheRangeAndTicksAreRoundAndInside() {
        let scale = LinearScale(covering: [100, 200], range: (192, 12))
        #expect(scale.domain.low == 94 && scale.domain.high == 206)
        #expect(abs(scale(94) - 192) < 1e-9 && abs(scale(206) - 12) < 1e-9)
        let ticks = scale.ticks(5)
        #expect(ticks == [100, 120, 140, 160, 180, 200])
        #expect(LinearScale(covering: [0.061, 0.14], range: (192, 12)).ticks(5).count >= 3)
    }

    @Test func theBandIsTheWidestOfWhatTheRuleRequiresAroundTheBaseline() throws {
        var stats = CellStatistics()
        stats.baseline = 1000
        stats.scale = 20
        let rule = RuleSummary([
            "method": "seasonal_robust_z", "min_relative_change": 0.08, "min_absolute_change": 0,
            "severity": [["level": "warning", "threshold": 5.5], ["level": "critical", "threshold": 9]],
        ])
        let band = try #require(NormalBand(rule: rule, stats: stats))
        #expect(band.low == 890 && band.high == 1110) // 5.5 × 20 = 110 beats 8 % of 1000 = 80
        stats.scale = 10
        let narrow = try #require(NormalBand(rule: rule, stats: stats))
        #expect(narrow.low == 920 && narrow.high == 1080) // now the relative floor is the wider
        stats.baseline = .nan
        #expect(NormalBand(rule: rule, stats: stats) == nil)
    }
}
