import CanonicalJSON
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

    @Test func noiselessWeeklyPatternUsesTheSamplingNoiseAsItsFloor() {
        // 100…106 repeating by weekday; the run day (index 21, a Monday) jumps to 130.
        var values = (0..<21).map { 100 + Double($0 % 7) }
        values.append(130)
        let s = evaluate(values, at: 21)
        #expect(s.seasonalMedian == 100) // days 14 and 7
        #expect(s.trendPerWeek == 0)
        #expect(s.baseline == 100)
        #expect(s.mean == 103)
        #expect(s.median == 103)
        #expect(s.mad == 2) // |v-103| over two weeks: 0,0,1,1,1,1,2,2,2,2,3,3,3,3
        #expect(abs(s.std - (56.0 / 13).squareRoot()) < 1e-12)
        // No week-over-week noise: the floor is a count's own (Poisson) noise at the midpoint of value and baseline,
        // widened for the error of a median of two same-weekday values.
        let scale = (115.0).squareRoot() * (1 + Double.pi / 4).squareRoot()
        #expect(abs(s.scale - scale) < 1e-12)
        #expect(abs(s.robustZ - 30 / scale) < 1e-12)
        #expect(s.deltaAbsolute == 30)
        #expect(abs(s.deltaRelative - 0.3) < 1e-12)
        #expect(s.previous == 106)
        #expect(s.lastWeek == 100)
        #expect(s.isJudgeable(weeks: 2, lookback: 14))
    }

    @Test func steadyTrendIsNotAnAnomaly() {
        // +2 a day: every week-over-week change is 14; the baseline is moved forward by 14 × (2+1)/2.
        let values = (0..<22).map { 100 + 2 * Double($0) }
        let s = evaluate(values, at: 21)
        #expect(s.seasonalMedian == 121) // median(128, 114)
        #expect(s.trendPerWeek == 14)
        #expect(s.baseline == 142)
        #expect(s.deltaAbsolute == 0)
        #expect(s.robustZ == 0)
    }

    @Test func aTrendNeverCarriesTheBaselineMoreThanAWeekPastItsEvidence() {
        // Mondays stay at 100 while every other weekday grows by 20 a week: the typical change (+20) is clear, but
        // the Monday baseline may go no further than one week of it beyond its own values.
        let values: [Double] = (0..<22).map { (d: Int) -> Double in d % 7 == 0 ? 100 : 100 + 20 * Double(d / 7) }
        let s = evaluate(values, at: 21)
        #expect(s.trendPerWeek == 20)
        #expect(s.seasonalMedian == 100)
        #expect(s.baseline == 120) // not 100 + 20 × 1.5
    }

    /// Days of a count around `level` with the spread of a Poisson count (a fixed pseudo-random sequence).
    func poissonLike(_ level: Double, days: Int, seed: UInt64 = 3) -> [Double] {
        var state = seed
        return (0..<days).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let uniform = Double(state >> 11) / Double(1 << 53)
            return (level + level.squareRoot() * 1.7 * (uniform - 0.5)).rounded()
        }
    }

    @Test func aSmallSlicesDropIsMeasuredInItsOwnStandardErrors() {
        // 200 a day with a count's noise; the day falls 35 %. Its z is the fall over the count's standard error.
        var values = poissonLike(200, days: 56)
        values.append(130)
        let s = evaluate(values, at: 56, lookback: 49, weeks: 6)
        #expect(s.isJudgeable(weeks: 6, lookback: 49))
        let sampling = ((130 + s.baseline) / 2).squareRoot()
        #expect(s.scale >= sampling)
        #expect(s.scale < 1.6 * sampling) // the slice is no noisier than its volume
        #expect(s.robustZ < -4)
    }

    @Test func aVolatileSeriesLearnsItsTailsAndAQuietOneDoesNot() {
        // The same spike (×2.5) on a quiet series and on one that spikes like it on one day in nine.
        let quiet = poissonLike(2_000, days: 63)
        var volatile = quiet
        for d in stride(from: 4, to: 63, by: 9) { volatile[d] *= 2.5 }
        let spiked = evaluate(quiet + [5_000], at: 63, lookback: 56, weeks: 6)
        let usual = evaluate(volatile + [5_000], at: 63, lookback: 56, weeks: 6)
        #expect(spiked.robustZ > 20)
        #expect(usual.robustZ < 4.5) // under the shipped warning threshold
        #expect(usual.scale > 5 * spiked.scale)
    }

    @Test func aSpikesOwnVolumeDoesNotMakeItLookMoreCertain() {
        // Revenue (a sum: relative noise) over 100 hires a day, then a day three times as large. Whether that day came
        // with three times the hires or the usual hundred, its standard error averages the day's and the baseline's
        // variance: √((1/300 + 1/100) / 2) against √(1/100), so z differs by √1.5 — not by √3, as it would if the
        // spike's own volume alone set its noise.
        let history = poissonLike(20_000, days: 63)
        let values = history + [60_000]
        func z(hires: Double) -> Double {
            let volume = Array(repeating: 100.0, count: 63) + [hires]
            let mask = Array(repeating: false, count: 64)
            return values.withUnsafeBufferPointer { v in
                volume.withUnsafeBufferPointer { n in
                    mask.withUnsafeBufferPointer { m in
                        CellEvaluator(lookback: 56, weeks: 6, noise: .relative).evaluate(values: v, volume: n, excluded: m, at: 63).robustZ
                    }
                }
            }
        }
        #expect(abs(z(hires: 300) / z(hires: 100) - 1.5.squareRoot()) < 1e-9)
    }

    @Test func normalQuantilesMatchTheTables() {
        #expect(abs(NormalQuantile.of(0.975) - 1.959_963_985) < 1e-8)
        #expect(abs(NormalQuantile.of(0.5)) < 1e-12)
        #expect(abs(NormalQuantile.of(0.001) + 3.090_232_306) < 1e-8)
        #expect(abs(NormalQuantile.absolute(0.9) - 1.644_853_627) < 1e-8)
    }

    @Test func excludedDaysLeaveTheBaseline() {
        var values = (0..<21).map { 100 + Double($0 % 7) }
        values[14] = 10 // an incident on the previous Monday
        values.append(100)
        let polluted = evaluate(values, at: 21)
        let clean = evaluate(values, at: 21, excluded: [14])
        #expect(polluted.seasonalMedian == 55) // median(10, 100)
        #expect(clean.seasonalMedian == 100)
        #expect(clean.baselinePoints == 1)
        #expect(!clean.isJudgeable(weeks: 2, lookback: 14)) // one same-weekday point is not enough
    }

    @Test func shortHistoryIsNotJudged() {
        let values: [Double] = [100, 101, 102, 103, 104, 105, 106, 100, 120]
        let s = evaluate(values, at: 8)
        #expect(s.baselinePoints == 1)
        #expect(!s.isJudgeable(weeks: 2, lookback: 14))
        #expect(Verdict.judge(s, DetectionConfig(), lookback: 14).flagged == false)
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

@Suite struct SweepTests {
    /// With gaps (NaN days, excluded days) and without: a clean series fills the windows to capacity, where a
    /// slide must make room before it adds the entering day.
    @Test(arguments: [true, false]) func slidingWindowsGiveBitIdenticalStatisticsToFreshOnes(gaps: Bool) {
        var state: UInt64 = 42
        let values: [Double] = (0..<200).map { d in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Double(state >> 11) / Double(1 << 53)
            if gaps && d % 37 == 5 { return .nan }
            return (1000 + 3 * Double(d)) * [1.0, 1.1, 1.05, 1.0, 0.95, 0.8, 0.85][d % 7] * (0.9 + 0.2 * noise) + (d % 50 == 0 ? -0.0 : 0)
        }
        let excluded = values.indices.map { gaps && $0 % 29 == 3 }
        let volume = values.map { $0 * 2 }
        let fresh = CellEvaluator(lookback: 56, weeks: 6)
        let sliding = CellEvaluator(lookback: 56, weeks: 6)
        var checked = 0
        values.withUnsafeBufferPointer { v in
            volume.withUnsafeBufferPointer { vol in
                excluded.withUnsafeBufferPointer { ex in
                    sliding.sweep(values: v, volume: vol, excluded: ex, from: 0) { i, stats in
                        let expected = fresh.evaluate(values: v, volume: vol, excluded: ex, at: i)
                        #expect(stats.json.canonicalString == expected.json.canonicalString, "day \(i)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 200)
    }
}

@Suite struct SortedWindowTests {
    /// MAD the slow, obvious way.
    func referenceMAD(_ values: [Double], _ center: Double) -> Double {
        let d = values.map { abs($0 - center) }.sorted()
        return d.count % 2 == 1 ? d[d.count / 2] : (d[d.count / 2 - 1] + d[d.count / 2]) / 2
    }

    @Test func madMatchesTheDefinitionForEveryShape() {
        let samples: [[Double]] = [
            [5], [1, 2], [1, 2, 3], [1, 1, 1, 1], [0, 0, 10, 10], [-3, -1, 0, 2, 9, 9, 9], [1, 2, 3, 4, 100, 200],
            (0..<57).map { Double(($0 * 37) % 23) - 11 }, (0..<56).map { Double(($0 * 13) % 17) * 0.5 },
        ]
        for values in samples {
            var window = SortedWindow(capacity: values.count)
            for v in values { window.insert(v) }
            for center in [window.median, 0, -5, 50] {
                #expect(window.mad(around: center) == referenceMAD(values, center), "\(values) around \(center)")
            }
            window.deallocate()
        }
    }

    /// Appending then sorting leaves exactly what inserting one by one leaves, bit for bit, for every length around
    /// the sort's runs of eight and merges, with duplicates and both zeros.
    @Test func appendThenSortEqualsInsertingOneByOne() {
        var state: UInt64 = 7
        for length in 0...70 {
            let values: [Double] = (0..<length).map { k in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                switch state >> 61 {
                case 0: return -0.0
                case 1: return 0.0
                case 2: return 42
                default: return Double(Int64(bitPattern: state >> 20) % 1000) / 7 - Double(k)
                }
            }
            var inserted = SortedWindow(capacity: 64)
            var sorted = SortedWindow(capacity: 64)
            for v in values {
                inserted.insert(v)
                sorted.append(v)
            }
            sorted.sort()
            let a = (0..<inserted.count).map { inserted.storage[$0].bitPattern }
            let b = (0..<sorted.count).map { sorted.storage[$0].bitPattern }
            #expect(a == b, "length \(length)")
            #expect(sorted.count == min(length, 64))
            inserted.deallocate()
            sorted.deallocate()
        }
    }

    @Test func insertAndRemoveKeepOrder() {
        var window = SortedWindow(capacity: 8)
        for v in [5.0, 1, 4, 1, 3] { window.insert(v) }
        window.remove(1)
        window.remove(42)
        #expect((0..<window.count).map { window.storage[$0] } == [1, 3, 4, 5])
        #expect(window.median == 3.5)
        #expect(window.sums.sum == 13)
        #expect(window.sums.squares == 51)
        window.deallocate()
    }
}
