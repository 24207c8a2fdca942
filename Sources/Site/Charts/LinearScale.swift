import CanonicalJSON
import Foundation
import MonitorEngine

/// Maps a data interval onto a pixel interval, and picks round tick values for its axis.
package struct LinearScale: Sendable {
    package let domain: (low: Double, high: Double)
    package let range: (from: Double, to: Double)

    /// A scale over `values` padded by 6 % each side (one unit when they are all equal), mapped onto `range`.
    package init(covering values: [Double], range: (from: Double, to: Double), includeZero: Bool = false) {
        var finite = values.filter(\.isFinite)
        if includeZero { finite.append(0) }
        var low = finite.min() ?? 0
        var high = finite.max() ?? 1
        let pad = high > low ? (high - low) * 0.06 : max(1, abs(high) * 0.06)
        if !(includeZero && low == 0) { low -= pad }
        high += pad
        domain = (low, high)
        self.range = range
    }

    /// The pixel position of `v`.
    package func callAsFunction(_ v: Double) -> Double {
        range.from + (v - domain.low) / (domain.high - domain.low) * (range.to - range.from)
    }

    /// About `count` round values inside the domain: 1, 2 or 5 times a power of ten apart, whichever gives the count
    /// nearest to `count`.
    package func ticks(_ count: Int = 4) -> [Double] {
        let span = domain.high - domain.low
        guard span > 0, span.isFinite else { return [domain.low] }
        let raw = span / Double(max(1, count))
        let magnitude = pow(10, floor(log10(raw)))
        let step =
            [1.0, 2, 5, 10].map { $0 * magnitude }.min { abs(span / $0 - Double(count)) < abs(span / $1 - Double(count)) }
            ?? magnitude
        var out: [Double] = []
        var v = ceil(domain.low / step) * step
        while v <= domain.high + step * 1e-9 {
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return out
    }
}
