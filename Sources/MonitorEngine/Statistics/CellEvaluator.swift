import Foundation

/// Computes ``CellStatistics`` for days of one series: the engine's inner loop, allocation-free.
///
/// ``evaluate(values:volume:excluded:at:)`` judges one day (a daily run); ``sweep(values:volume:excluded:from:_:)``
/// slides the windows a day at a time (a backtest). Both fill the same sorted windows and finish through the
/// same code, so they give bit-identical statistics.
public final class CellEvaluator {
    let lookback: Int
    let weeks: Int
    private var trailing: SortedWindow
    private var changes: SortedWindow
    private var seasonal: SortedWindow
    private var seasonalVolume: SortedWindow

    /// - Parameters:
    ///   - lookback: trailing days used for mean, std, median, MAD, the trend and the noise scale.
    ///   - weeks: same-weekday points in the seasonal baseline.
    public init(lookback: Int, weeks: Int) {
        self.lookback = lookback
        self.weeks = weeks
        trailing = SortedWindow(capacity: lookback)
        changes = SortedWindow(capacity: lookback)
        seasonal = SortedWindow(capacity: weeks)
        seasonalVolume = SortedWindow(capacity: weeks)
    }

    deinit {
        trailing.deallocate()
        changes.deallocate()
        seasonal.deallocate()
        seasonalVolume.deallocate()
    }

    /// Statistics for window day `i` of `values`, skipping days where `excluded` is true or the value is NaN.
    public func evaluate(
        values: UnsafeBufferPointer<Double>, volume: UnsafeBufferPointer<Double>, excluded: UnsafeBufferPointer<Bool>, at i: Int
    ) -> CellStatistics {
        fillWindows(values: values, excluded: excluded, at: i)
        return finish(values: values, volume: volume, excluded: excluded, at: i)
    }

    private func fillWindows(values: UnsafeBufferPointer<Double>, excluded: UnsafeBufferPointer<Bool>, at i: Int) {
        trailing.removeAll()
        changes.removeAll()
        for j in max(0, i - lookback)..<i {
            if !excluded[j], !values[j].isNaN { trailing.append(values[j]) }
            if let d = change(values, excluded, j, from: i) { changes.append(d) }
        }
        trailing.sort()
        changes.sort()
    }

    /// Statistics for every day from `first` on, in order, sliding the windows instead of rebuilding them.
    public func sweep(
        values: UnsafeBufferPointer<Double>, volume: UnsafeBufferPointer<Double>, excluded: UnsafeBufferPointer<Bool>, from first: Int,
        _ body: (Int, CellStatistics) -> Void
    ) {
        guard first < values.count else { return }
        fillWindows(values: values, excluded: excluded, at: first)
        body(first, finish(values: values, volume: volume, excluded: excluded, at: first))
        var i = first + 1
        while i < values.count {
            let entering = i - 1
            let leaving = i - 1 - lookback
            // Out before in: a full window has no room for the entering day until the leaving one is gone.
            if leaving >= 0, !excluded[leaving], !values[leaving].isNaN { trailing.remove(values[leaving]) }
            if !excluded[entering], !values[entering].isNaN { trailing.insert(values[entering]) }
            if leaving >= 0, let d = change(values, excluded, leaving, from: i - 1) { changes.remove(d) }
            if let d = change(values, excluded, entering, from: i) { changes.insert(d) }
            body(i, finish(values: values, volume: volume, excluded: excluded, at: i))
            i += 1
        }
    }

    /// The week-over-week change ending on day `j`, when it counts for day `i`'s window.
    @inline(__always)
    private func change(_ values: UnsafeBufferPointer<Double>, _ excluded: UnsafeBufferPointer<Bool>, _ j: Int, from i: Int) -> Double? {
        guard j >= 7, j >= i - lookback, !excluded[j], !excluded[j - 7] else { return nil }
        let d = values[j] - values[j - 7]
        return d.isNaN ? nil : d
    }

    /// Everything but the trailing windows, which the caller has filled for day `i`.
    private func finish(
        values: UnsafeBufferPointer<Double>, volume: UnsafeBufferPointer<Double>, excluded: UnsafeBufferPointer<Bool>, at i: Int
    ) -> CellStatistics {
        var s = CellStatistics()
        s.value = values[i]
        s.volume = volume[i]
        if i >= 1 { s.previous = values[i - 1] }
        if i >= 7 { s.lastWeek = values[i - 7] }

        seasonal.removeAll()
        seasonalVolume.removeAll()
        let sameSeries = volume.baseAddress == values.baseAddress
        var k = 1
        while k <= weeks, i - 7 * k >= 0 {
            let j = i - 7 * k
            if !excluded[j] {
                if !values[j].isNaN { seasonal.insert(values[j]) }
                if !sameSeries, !volume[j].isNaN { seasonalVolume.insert(volume[j]) }
            }
            k += 1
        }
        s.baselinePoints = seasonal.count
        s.seasonalMedian = seasonal.median
        s.volumeBaseline = sameSeries ? s.seasonalMedian : seasonalVolume.median

        s.trailingPoints = trailing.count
        if trailing.count > 0 {
            let n = Double(trailing.count)
            let (sum, squares) = trailing.sums
            s.mean = sum / n
            if trailing.count > 1 { s.std = (max(0, squares - sum * sum / n) / (n - 1)).squareRoot() }
            s.median = trailing.median
            s.mad = trailing.mad(around: s.median)
        }

        s.changePoints = changes.count
        if changes.count >= 7, !s.seasonalMedian.isNaN {
            // The median of the last W same weekdays sits (W+1)/2 weeks back on average; move it forward by the
            // typical weekly change so a steady trend is not mistaken for an anomaly.
            let center = changes.median
            s.trendPerWeek = center
            s.baseline = s.seasonalMedian + center * Double(weeks + 1) / 2
            let sigma = 1.4826 * changes.mad(around: center) / 2.0.squareRoot()
            let widened = sigma * (1 + Double.pi / (2 * Double(max(1, s.baselinePoints)))).squareRoot()
            let scale = max(widened, 0.01 * abs(s.baseline))
            s.scale = scale > 0 ? scale : .nan
        } else {
            s.baseline = s.seasonalMedian
        }
        s.deriveChanges()
        return s
    }
}
