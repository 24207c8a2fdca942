import Testing

@testable import MonitorEngine

@Suite struct VerdictTests {
    func stats(value: Double, baseline: Double, scale: Double, volume: Double = 1000) -> CellStatistics {
        var s = CellStatistics()
        s.value = value
        s.baseline = baseline
        s.seasonalMedian = baseline
        s.baselinePoints = 4
        s.changePoints = 49
        s.scale = scale
        s.deltaAbsolute = value - baseline
        s.deltaRelative = (value - baseline) / baseline
        s.robustZ = (value - baseline) / scale
        s.volume = volume
        s.volumeBaseline = volume
        return s
    }

    let config = DetectionConfig(severities: [.init(level: "warning", threshold: 4), .init(level: "critical", threshold: 8)])

    @Test func highestSeverityReachedWins() {
        #expect(Verdict.judge(stats(value: 150, baseline: 100, scale: 10), config, lookback: 56).severity == "warning") // z 5
        #expect(Verdict.judge(stats(value: 190, baseline: 100, scale: 10), config, lookback: 56).severity == "critical") // z 9
        #expect(Verdict.judge(stats(value: 130, baseline: 100, scale: 10), config, lookback: 56).flagged == false) // z 3
    }

    @Test func directionFilterIgnoresTheOtherWay() {
        var up = config
        up.direction = .up
        #expect(Verdict.judge(stats(value: 20, baseline: 100, scale: 10), up, lookback: 56).flagged == false)
        #expect(Verdict.judge(stats(value: 180, baseline: 100, scale: 10), up, lookback: 56).direction == .up)
    }

    @Test func floorsOnVolumeAndChangeSuppress() {
        var c = config
        c.minVolume = 5000
        #expect(Verdict.judge(stats(value: 190, baseline: 100, scale: 10), c, lookback: 56).reason.contains("min_volume"))
        c = config
        c.minRelativeChange = 0.5
        #expect(Verdict.judge(stats(value: 140, baseline: 100, scale: 1), c, lookback: 56).flagged == false) // z 40 but only +40%
        c.minRelativeChange = 0
        c.minAbsoluteChange = 50
        #expect(Verdict.judge(stats(value: 140, baseline: 100, scale: 1), c, lookback: 56).flagged == false)
    }

    @Test func theNoiseScaleNeedsThreeWeeksOfChanges() {
        var s = stats(value: 190, baseline: 100, scale: 10)
        s.changePoints = 20
        #expect(Verdict.judge(s, config, lookback: 56).outcome == .shortHistory(requiredChanges: 21))
        s.changePoints = 21
        #expect(Verdict.judge(s, config, lookback: 56).flagged)
        s.changePoints = 7
        #expect(Verdict.judge(s, config, lookback: 14).flagged) // a short lookback cannot hold more
    }

    @Test func percentChangeMethodThresholdsTheRelativeChange() {
        let c = DetectionConfig(method: .percentChange, severities: [.init(level: "warning", threshold: 0.2)])
        let v = Verdict.judge(stats(value: 75, baseline: 100, scale: 100), c, lookback: 56)
        #expect(v.flagged)
        #expect(v.statistic == -0.25)
    }
}
