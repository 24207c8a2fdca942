import Testing
@testable import MonitorEngine

@Suite struct CellEvaluatorTests {
    func evaluate(_ values: [Double], at i: Int, lookback: Int = 14, weeks: Int = 2, excluded: [Int] = []) -> CellStatistics {
        let mask = values.indices.map { excluded.contains($0) }
        return values.withUnsafeBufferPointer { v in
            mask.withUnsafeBufferPointer { m in
                CellEvaluator(lookback: lookback, weeks: weeks).evaluate(values: v, volume: v, excluded: m, at: i)
            }
        }
    }

    @Test func noiselessWeeklyPatternUsesScaleFloor() {
        // 100…106 repeating by weekday; the run day (index 21, a Monday) jumps to 130.
        var values = (0..<21).map { 100 + Double($0 % 7) }
        values.append(130)
        let s = evaluate(values, at: 21)
        #expect(s.seasonalMedian == 100)  // days 14 and 7
        #expect(s.trendPerWeek == 0)
        #expect(s.baseline == 100)
        #expect(s.mean == 103)
        #expect(s.median == 103)
        #expect(s.mad == 2)  // |v-103| over two weeks: 0,0,1,1,1,1,2,2,2,2,3,3,3,3
        #expect(abs(s.std - (56.0 / 13).squareRoot()) < 1e-12)
        #expect(s.scale == 1)  // no week-over-week noise: floor of 1% of the baseline
        #expect(s.robustZ == 30)
        #expect(s.deltaAbsolute == 30)
        #expect(abs(s.deltaRelative - 0.3) < 1e-12)
        #expect(s.previous == 106)
        #expect(s.lastWeek == 100)
        #expect(s.isJudgeable(weeks: 2))
    }

    @Test func steadyTrendIsNotAnAnomaly() {
        // +2 a day: every week-over-week change is 14; the baseline is moved forward by 14 × (2+1)/2.
        let values = (0..<22).map { 100 + 2 * Double($0) }
        let s = evaluate(values, at: 21)
        #expect(s.seasonalMedian == 121)  // median(128, 114)
        #expect(s.trendPerWeek == 14)
        #expect(s.baseline == 142)
        #expect(s.deltaAbsolute == 0)
        #expect(s.robustZ == 0)
    }

    @Test func excludedDaysLeaveTheBaseline() {
        var values = (0..<21).map { 100 + Double($0 % 7) }
        values[14] = 10  // an incident on the previous Monday
        values.append(100)
        let polluted = evaluate(values, at: 21)
        let clean = evaluate(values, at: 21, excluded: [14])
        #expect(polluted.seasonalMedian == 55)  // median(10, 100)
        #expect(clean.seasonalMedian == 100)
        #expect(clean.baselinePoints == 1)
        #expect(!clean.isJudgeable(weeks: 2))  // one same-weekday point is not enough
    }

    @Test func shortHistoryIsNotJudged() {
        let values: [Double] = [100, 101, 102, 103, 104, 105, 106, 100, 120]
        let s = evaluate(values, at: 8)
        #expect(s.baselinePoints == 1)
        #expect(!s.isJudgeable(weeks: 2))
        #expect(Verdict.judge(s, DetectionConfig()).flagged == false)
    }

    @Test func missingValuesAreSkippedNotZero() {
        var values = (0..<22).map { 100 + Double($0 % 7) }
        values[7] = .nan
        let s = evaluate(values, at: 21)
        #expect(s.baselinePoints == 1)
        #expect(s.seasonalMedian == 100)
        #expect(s.trailingPoints == 13)
    }
}
