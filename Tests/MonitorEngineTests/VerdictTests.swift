import Testing
@testable import MonitorEngine

@Suite struct VerdictTests {
    func stats(value: Double, baseline: Double, scale: Double, volume: Double = 1000) -> CellStatistics {
        var s = CellStatistics()
        s.value = value
        s.baseline = baseline
        s.seasonalMedian = baseline
        s.baselinePoints = 4
        s.changePoints = 20
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
        #expect(Verdict.judge(stats(value: 150, baseline: 100, scale: 10), config).severity == "warning")  // z 5
        #expect(Verdict.judge(stats(value: 190, baseline: 100, scale: 10), config).severity == "critical")  // z 9
        #expect(Verdict.judge(stats(value: 130, baseline: 100, scale: 10), config).flagged == false)  // z 3
    }

    @Test func directionFilterIgnoresTheOtherWay() {
        var up = config
        up.direction = .up
        #expect(Verdict.judge(stats(value: 20, baseline: 100, scale: 10), up).flagged == false)
        #expect(Verdict.judge(stats(value: 180, baseline: 100, scale: 10), up).direction == .up)
    }

    @Test func floorsOnVolumeAndChangeSuppress() {
        var c = config
        c.minVolume = 5000
        #expect(Verdict.judge(stats(value: 190, baseline: 100, scale: 10), c).reason.contains("min_volume"))
        c = config
        c.minRelativeChange = 0.5
        #expect(Verdict.judge(stats(value: 140, baseline: 100, scale: 1), c).flagged == false)  // z 40 but only +40%
        c.minRelativeChange = 0
        c.minAbsoluteChange = 50
        #expect(Verdict.judge(stats(value: 140, baseline: 100, scale: 1), c).flagged == false)
    }

    @Test func percentChangeMethodThresholdsTheRelativeChange() {
        let c = DetectionConfig(method: .percentChange, severities: [.init(level: "warning", threshold: 0.2)])
        let v = Verdict.judge(stats(value: 75, baseline: 100, scale: 100), c)
        #expect(v.flagged)
        #expect(v.statistic == -0.25)
    }
}
