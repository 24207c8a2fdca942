import Foundation

/// Computes ``CellStatistics`` for one day of one series: the engine's inner loop, allocation-free.
public final class CellEvaluator {
    let lookback: Int
    let weeks: Int
    private let scratch: UnsafeMutablePointer<Double>

    /// - Parameters:
    ///   - lookback: trailing days used for mean, std, median, MAD and the noise scale.
    ///   - weeks: same-weekday points in the seasonal baseline.
    public init(lookback: Int, weeks: Int) {
        self.lookback = lookback
        self.weeks = weeks
        scratch = .allocate(capacity: max(lookback, weeks) + 8)
    }

    deinit { scratch.deallocate() }

    /// Statistics for window day `i` of `values`, skipping days where `excluded` is true or the value is NaN.
    public func evaluate(
        values: UnsafeBufferPointer<Double>, volume: UnsafeBufferPointer<Double>, excluded: UnsafeBufferPointer<Bool>, at i: Int
    ) -> CellStatistics {
        var s = CellStatistics()
        s.value = values[i]
        s.volume = volume[i]
        if i >= 1 { s.previous = values[i - 1] }
        if i >= 7 { s.lastWeek = values[i - 7] }

        var n = 0
        var k = 1
        while k <= weeks, i - 7 * k >= 0 {
            let j = i - 7 * k
            if !excluded[j], !values[j].isNaN { scratch[n] = values[j]; n += 1 }
            k += 1
        }
        s.baselinePoints = n
        s.seasonalMedian = SmallStatistics.median(scratch, n)
        n = 0
        k = 1
        while k <= weeks, i - 7 * k >= 0 {
            let j = i - 7 * k
            if !excluded[j], !volume[j].isNaN { scratch[n] = volume[j]; n += 1 }
            k += 1
        }
        s.volumeBaseline = SmallStatistics.median(scratch, n)

        let from = max(0, i - lookback)
        var sum = 0.0
        var sumSquares = 0.0
        n = 0
        for j in from..<i where !excluded[j] && !values[j].isNaN {
            let v = values[j]
            scratch[n] = v
            n += 1
            sum += v
            sumSquares += v * v
        }
        s.trailingPoints = n
        if n > 0 {
            s.mean = sum / Double(n)
            if n > 1 { s.std = (max(0, sumSquares - sum * sum / Double(n)) / Double(n - 1)).squareRoot() }
            s.median = SmallStatistics.median(scratch, n)
            s.mad = SmallStatistics.mad(scratch, n, center: s.median)
        }

        n = 0
        for j in max(7, from)..<max(7, i) where !excluded[j] && !excluded[j - 7] {
            let d = values[j] - values[j - 7]
            if !d.isNaN { scratch[n] = d; n += 1 }
        }
        s.changePoints = n
        if n >= 7, !s.seasonalMedian.isNaN {
            // The median of the last W same weekdays sits (W+1)/2 weeks back on average; move it forward by the
            // typical weekly change so a steady trend is not mistaken for an anomaly.
            let center = SmallStatistics.median(scratch, n)
            s.trendPerWeek = center
            s.baseline = s.seasonalMedian + center * Double(weeks + 1) / 2
            let sigma = 1.4826 * SmallStatistics.mad(scratch, n, center: center) / 2.0.squareRoot()
            let widened = sigma * (1 + Double.pi / (2 * Double(max(1, s.baselinePoints)))).squareRoot()
            let scale = max(widened, 0.01 * abs(s.baseline))
            s.scale = scale > 0 ? scale : .nan
        } else {
            s.baseline = s.seasonalMedian
        }
        if !s.value.isNaN, !s.baseline.isNaN {
            s.deltaAbsolute = s.value - s.baseline
            if s.baseline != 0 { s.deltaRelative = s.deltaAbsolute / abs(s.baseline) }
            if !s.scale.isNaN { s.robustZ = s.deltaAbsolute / s.scale }
        }
        if !s.previous.isNaN, s.previous != 0, !s.value.isNaN { s.deltaPreviousRelative = (s.value - s.previous) / abs(s.previous) }
        if !s.lastWeek.isNaN, s.lastWeek != 0, !s.value.isNaN { s.deltaLastWeekRelative = (s.value - s.lastWeek) / abs(s.lastWeek) }
        return s
    }
}
