import Foundation

/// Computes ``CellStatistics`` for days of one series: the engine's inner loop, allocation-free.
///
/// ``evaluate(values:volume:excluded:at:)`` judges one day (a daily run); ``sweep(values:volume:excluded:from:_:)``
/// slides the windows a day at a time (a backtest). Both fill the same sorted windows and finish through the
/// same code, so they give bit-identical statistics.
///
/// The noise scale is in standard errors: week-over-week changes are standardised by the sampling noise their
/// volume implies (``SamplingNoise``), the series' own dispersion on top of it is learned from them — the larger of
/// a MAD and a tail quantile, so a heavy-tailed series is judged by its tails — and never below the sampling noise.
public final class CellEvaluator {
    let lookback: Int
    let weeks: Int
    let noise: SamplingNoise
    private var trailing: SortedWindow
    /// Week-over-week changes in the metric's units: their median is the trend.
    private var changes: SortedWindow
    /// The same changes standardised by their sampling noise: their spread is the series' dispersion.
    private var standardized: SortedWindow
    private var seasonal: SortedWindow
    private var seasonalVolume: SortedWindow

    /// - Parameters:
    ///   - lookback: trailing days used for mean, std, median, MAD, the trend and the noise scale.
    ///   - weeks: same-weekday points in the seasonal baseline.
    ///   - noise: the metric's sampling noise (Poisson for counts by default).
    public init(lookback: Int, weeks: Int, noise: SamplingNoise = .poisson) {
        self.lookback = lookback
        self.weeks = weeks
        self.noise = noise
        trailing = SortedWindow(capacity: lookback)
        changes = SortedWindow(capacity: lookback)
        standardized = SortedWindow(capacity: lookback)
        seasonal = SortedWindow(capacity: weeks)
        seasonalVolume = SortedWindow(capacity: weeks)
    }

    deinit {
        trailing.deallocate()
        changes.deallocate()
        standardized.deallocate()
        seasonal.deallocate()
        seasonalVolume.deallocate()
    }

    /// Statistics for window day `i` of `values`, skipping days where `excluded` is true or the value is NaN.
    public func evaluate(
        values: UnsafeBufferPointer<Double>, volume: UnsafeBufferPointer<Double>, excluded: UnsafeBufferPointer<Bool>, at i: Int
    ) -> CellStatistics {
        fillWindows(values: values, volume: volume, excluded: excluded, at: i)
        return finish(values: values, volume: volume, excluded: excluded, at: i)
    }

    private func fillWindows(
        values: UnsafeBufferPointer<Double>, volume: UnsafeBufferPointer<Double>, excluded: UnsafeBufferPointer<Bool>, at i: Int
    ) {
        trailing.removeAll()
        changes.removeAll()
        standardized.removeAll()
        for j in max(0, i - lookback)..<i {
            if !excluded[j], !values[j].isNaN { trailing.append(values[j]) }
            if let d = change(values, excluded, j, from: i) {
                changes.append(d)
                if let r = standardize(d, values, volume, j) { standardized.append(r) }
            }
        }
        trailing.sort()
        changes.sort()
        standardized.sort()
    }

    /// Statistics for every day from `first` on, in order, sliding the windows instead of rebuilding them.
    ///
    /// - Parameter continuing: the windows already hold day `first - 1`'s (``restore(from:)`` of what ``save(to:)``
    ///   kept when a sweep ended there, over the same days): they slide on instead of being filled for `first`.
    ///   Day `first - 1 - lookback - 7` must then be in `values`.
    /// - Parameter screen: when given, a day its rules rule out is left without its noise scale and trailing
    ///   summary (mean, std, median, MAD): it cannot be flagged, and only a caller that wants findings, not cells,
    ///   may pass one.
    public func sweep(
        values: UnsafeBufferPointer<Double>, volume: UnsafeBufferPointer<Double>, excluded: UnsafeBufferPointer<Bool>, from first: Int,
        continuing: Bool = false, screen: FlagScreen? = nil, _ body: (Int, CellStatistics) -> Void
    ) {
        guard first < values.count else { return }
        var i = first
        if !continuing {
            fillWindows(values: values, volume: volume, excluded: excluded, at: first)
            body(first, finish(values: values, volume: volume, excluded: excluded, at: first, screen: screen))
            i += 1
        }
        while i < values.count {
            let entering = i - 1
            let leaving = i - 1 - lookback
            // Out before in: a full window has no room for the entering day until the leaving one is gone.
            if leaving >= 0, !excluded[leaving], !values[leaving].isNaN { trailing.remove(values[leaving]) }
            if !excluded[entering], !values[entering].isNaN { trailing.insert(values[entering]) }
            if leaving >= 0, let d = change(values, excluded, leaving, from: i - 1) {
                changes.remove(d)
                if let r = standardize(d, values, volume, leaving) { standardized.remove(r) }
            }
            if let d = change(values, excluded, entering, from: i) {
                changes.insert(d)
                if let r = standardize(d, values, volume, entering) { standardized.insert(r) }
            }
            body(i, finish(values: values, volume: volume, excluded: excluded, at: i, screen: screen))
            i += 1
        }
    }

    /// Doubles ``save(to:)`` writes: the three trailing windows, each at its capacity.
    var savedSize: Int { 3 * lookback }

    /// Copies the trailing windows (what a sweep slides) into `buffer` (``savedSize`` doubles); returns their counts.
    func save(to buffer: UnsafeMutablePointer<Double>) -> SIMD3<Int32> {
        trailing.copy(to: buffer)
        changes.copy(to: buffer + lookback)
        standardized.copy(to: buffer + 2 * lookback)
        return SIMD3(Int32(trailing.count), Int32(changes.count), Int32(standardized.count))
    }

    /// Puts back windows ``save(to:)`` kept.
    func restore(from buffer: UnsafePointer<Double>, counts: SIMD3<Int32>) {
        trailing.copy(from: buffer, count: Int(counts.x))
        changes.copy(from: buffer + lookback, count: Int(counts.y))
        standardized.copy(from: buffer + 2 * lookback, count: Int(counts.z))
    }

    /// The week-over-week change ending on day `j`, when it counts for day `i`'s window.
    @inline(__always)
    private func change(_ values: UnsafeBufferPointer<Double>, _ excluded: UnsafeBufferPointer<Bool>, _ j: Int, from i: Int) -> Double? {
        guard j >= 7, j >= i - lookback, !excluded[j], !excluded[j - 7] else { return nil }
        let d = values[j] - values[j - 7]
        return d.isNaN ? nil : d
    }

    /// The change `d` ending on day `j` in standard errors of its two days' sampling noise (at their midpoint).
    @inline(__always)
    private func standardize(
        _ d: Double, _ values: UnsafeBufferPointer<Double>, _ volume: UnsafeBufferPointer<Double>, _ j: Int
    ) -> Double? {
        let middle = (values[j] + values[j - 7]) / 2
        let variance = noise.variance(of: middle, volume: volume[j]) + noise.variance(of: middle, volume: volume[j - 7])
        guard variance > 0 else { return nil }
        return d / variance.squareRoot()
    }

    /// Everything but the trailing windows, which the caller has filled for day `i`; with a `screen`, the scale and
    /// the trailing summary only for a day it does not rule out.
    private func finish(
        values: UnsafeBufferPointer<Double>, volume: UnsafeBufferPointer<Double>, excluded: UnsafeBufferPointer<Bool>, at i: Int,
        screen: FlagScreen? = nil
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
        s.changePoints = standardized.count
        // A series that was zero all along (a slice seen for the first time) has no noise to learn: not judged.
        let seenBefore = trailing.count > 0 && (trailing.lowest != 0 || trailing.highest != 0)
        if changes.count >= 7, standardized.count >= 7, !s.seasonalMedian.isNaN, seenBefore {
            // The median of the last W same weekdays sits (W+1)/2 weeks back on average; move it forward by the
            // typical weekly change so a steady trend is not mistaken for an anomaly — only when that change is
            // clear of its own error (two standard errors of a median), and never further than one week of it
            // beyond the same-weekday values it came from: a trend the evidence does not show is not extrapolated.
            let center = changes.median
            let error = 1.2533 * 1.4826 * changes.mad(around: center) / Double(changes.count).squareRoot()
            let trended = abs(center) > 2 * error
            s.trendPerWeek = trended ? center : 0
            let reach = abs(s.trendPerWeek)
            s.baseline = min(
                max(s.seasonalMedian + s.trendPerWeek * Double(weeks + 1) / 2, seasonal.lowest - reach), seasonal.highest + reach)
            if screen?.rulesOut(s) == true { return s.derivingChanges() }
            s.scale = scale(
                value: s.value, baseline: s.baseline, volume: s.volume, volumeBaseline: s.volumeBaseline, points: s.baselinePoints,
                trended: trended)
        } else {
            s.baseline = s.seasonalMedian
            // No scale, so not judgeable: a screened sweep has nothing more to work out.
            if screen != nil { return s.derivingChanges() }
        }
        summarizeTrailing(into: &s)
        return s.derivingChanges()
    }

    /// The trailing window's mean, standard deviation, median and MAD.
    private func summarizeTrailing(into s: inout CellStatistics) {
        guard trailing.count > 0 else { return }
        let n = Double(trailing.count)
        let (sum, squares) = trailing.sums
        s.mean = sum / n
        if trailing.count > 1 { s.std = (max(0, squares - sum * sum / n) / (n - 1)).squareRoot() }
        s.median = trailing.median
        s.mad = trailing.mad(around: s.median)
    }

    /// One standard error of the day against its baseline: the sampling noise at the midpoint of the two — the unit
    /// the past changes were standardised in, which weighs a spike by the noise of its high level and a drop by that
    /// of its low one — times the series' dispersion (at least 1: a series is never quieter than its volume allows),
    /// widened for the error of the baseline itself.
    private func scale(value: Double, baseline: Double, volume: Double, volumeBaseline: Double, points: Int, trended: Bool) -> Double {
        let center = standardized.median
        let n = standardized.count
        // Never the largest two: one isolated incident in the window (its change and the change back) does not
        // make a quiet series look volatile; recurring spikes do.
        let rank = n - 3
        let tail = standardized.deviation(around: center, rank: rank) / NormalQuantile.absolute((Double(rank) + 0.5) / Double(n))
        let bulk = max(1, 1.4826 * standardized.mad(around: center))
        // A tail heavier than the bulk is made of isolated spikes, each a single day's deviation as large as the
        // change it makes (Gaussian noise makes changes √2 times a day's): the excess counts √2 times in a day's
        // noise.
        let dispersion = tail > bulk ? bulk + 2.squareRoot() * (tail - bulk) : bulk
        // Like a change, the day and its baseline each bring their own volume: a spike's higher volume does not make
        // it look more certain than the changes it is compared with.
        let middle = (value + baseline) / 2
        let today = volume > 0 ? volume : volumeBaseline
        let usual = volumeBaseline > 0 ? volumeBaseline : today
        let sampling = ((noise.variance(of: middle, volume: today) + noise.variance(of: middle, volume: usual)) / 2).squareRoot()
        // The baseline's own error: a median of `points` values (π/2 / points of a day's variance), and the trend
        // it was moved by, if any — (W+1)/2 weeks of a median of the changes (each of twice a day's variance).
        let shift = trended ? Double(weeks + 1) / 2 : 0
        let baselineError = Double.pi / (2 * Double(max(1, points))) + shift * shift * Double.pi / Double(max(1, changes.count))
        let scale = dispersion * sampling * (1 + baselineError).squareRoot()
        return scale > 0 ? scale : .nan
    }
}
