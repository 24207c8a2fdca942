/// Attaches drill-downs to top-line findings and top-line shares to slice findings.
///
/// A day's contributions per (metric, dimension, top-line change) are worked out once and shared by every
/// finding that needs them: on a wide dimension, each slice finding would otherwise walk every slice again.
final class DrillDownBuilder {
    let panel: Panel
    let builder: SeriesBuilder
    let monitor: Monitor
    /// The statistics of (dimension, metric, slice) on the run date, as the day was judged from.
    let statistics: (Int, Int, Int) -> CellStatistics
    /// The run's window in the panel; its last day is the run date.
    let window: ClosedRange<Int>
    /// Per panel dimension, the slices the run sees.
    let slices: [[Int]]

    /// Contributors listed per dimension; the rest are counted.
    static let listed = 5

    private typealias Contributions = (contributors: [DrillDown.Contributor], mix: Double, rate: Double)
    private var computed: [String: Contributions] = [:]

    init(
        panel: Panel, builder: SeriesBuilder, monitor: Monitor, statistics: @escaping (Int, Int, Int) -> CellStatistics,
        window: ClosedRange<Int>, slices: [[Int]]
    ) {
        self.panel = panel
        self.builder = builder
        self.monitor = monitor
        self.statistics = statistics
        self.window = window
        self.slices = slices
    }

    private var topDimension: String? { panel.dimensions.first?.name }
    /// The run date's index within the window.
    private var at: Int { window.count - 1 }

    func attach(to finding: Finding) -> Finding {
        guard finding.status != .noData, let top = topDimension,
            let metric = monitor.metrics.first(where: { $0.name == finding.metric })
        else { return finding }
        if finding.dimension == top {
            let breakdowns = panel.dimensions.indices.dropFirst().map { d in
                let dimension = panel.dimensions[d]
                let all = contributions(metric, d, topChange: finding.stats.deltaAbsolute)
                let sign = finding.stats.deltaAbsolute >= 0 ? 1.0 : -1.0
                let ranked = all.contributors.sorted {
                    ($0.contribution * sign, $1.slice) > ($1.contribution * sign, $0.slice)
                }
                return DrillDown.Breakdown(
                    dimension: dimension.name, mixEffect: all.mix, rateEffect: all.rate, contributors: Array(ranked.prefix(Self.listed)),
                    omitted: max(0, ranked.count - Self.listed))
            }
            return finding.with(drillDown: DrillDown(totalChange: finding.stats.deltaAbsolute, breakdowns: breakdowns), topLine: nil)
        }
        // The top line's cell: the first slice the run sees of the first dimension, when that dimension has rows.
        guard panel.dimensions.first?.hasRows(on: window.upperBound) == true, let topSlice = slices.first?.first,
            let m = monitor.metrics.firstIndex(where: { $0.name == finding.metric }),
            let d = panel.dimensions.firstIndex(where: { $0.name == finding.dimension })
        else { return finding }
        let topStats = statistics(0, m, topSlice)
        let topFlagged = Verdict.judge(topStats, monitor.detection(for: metric.name), lookback: monitor.lookbackDays).flagged
        let change = topStats.deltaAbsolute
        let all = contributions(metric, d, topChange: change)
        let mine = all.contributors.first { $0.slice == finding.slice }
        return finding.with(
            drillDown: nil,
            topLine: TopLineShare(
                topLineChange: change, topLineRelativeChange: topStats.deltaRelative, share: mine?.share ?? .nan,
                topLineFlagged: topFlagged))
    }

    /// Every slice's contribution to the top-line change; for ratios the mix/rate split.
    private func contributions(_ metric: MetricDefinition, _ d: Int, topChange: Double) -> Contributions {
        let key = "\(metric.name)|\(d)|\(topChange.bitPattern)"
        if let known = computed[key] { return known }
        let result = contributionsOnce(metric, d, topChange: topChange)
        computed[key] = result
        return result
    }

    private func contributionsOnce(_ metric: MetricDefinition, _ d: Int, topChange: Double) -> Contributions {
        let dimension = panel.dimensions[d]
        let m = monitor.metrics.firstIndex { $0.name == metric.name } ?? 0
        // A dimension that returned no rows on the run date has no cells that day: its slices count as empty.
        let judged = dimension.hasRows(on: window.upperBound)
        let stats = slices[d].map { judged ? statistics(d, m, $0) : CellStatistics() }
        guard metric.kind == .ratio, let denominator = metric.denominator else {
            let baselineTotal = stats.reduce(0.0) { sum, s in sum + (s.baseline.isNaN ? 0 : s.baseline) }
            return (
                zip(slices[d], stats).map { slice, s in
                    let baseline = s.baseline.isNaN ? 0 : s.baseline
                    let value = s.value.isNaN ? 0 : s.value
                    let contribution = value - baseline
                    return DrillDown.Contributor(
                        slice: dimension.slices[slice], value: value, baseline: baseline, contribution: contribution,
                        share: topChange != 0 ? contribution / topChange : .nan,
                        weight: baselineTotal != 0 ? baseline / baselineTotal : .nan,
                        mixEffect: .nan, rateEffect: .nan)
                }, .nan, .nan
            )
        }
        let config = monitor.detection(for: metric.name)
        let denominatorIndex = builder.columnIndex(denominator)
        var rows: [(slice: String, d1: Double, d0: Double, r1: Double, r0: Double)] = []
        for (slice, s) in zip(slices[d], stats) {
            let den = Array(dimension.column(denominatorIndex, slice: slice, window))
            let excluded = builder.excluded(metric, dimension, slice, config, window)
            let d1 = den[at].isNaN ? 0 : den[at]
            let d0 = seasonalMedian(den, excluded, weeks: config.baselineWeeks)
            let r0 = s.baseline.isNaN ? (s.value.isNaN ? 0 : s.value) : s.baseline
            let r1 = s.value.isNaN ? r0 : s.value
            rows.append((dimension.slices[slice], d1, d0.isNaN ? 0 : d0, r1, r0))
        }
        let total1 = rows.reduce(0) { $0 + $1.d1 }
        let total0 = rows.reduce(0) { $0 + $1.d0 }
        let baselineRate = total0 > 0 ? rows.reduce(0) { $0 + $1.d0 / total0 * $1.r0 } : 0
        var mixTotal = 0.0
        var rateTotal = 0.0
        var parts: [(String, Double, Double, Double, Double, Double)] = []
        for row in rows {
            let w1 = total1 > 0 ? row.d1 / total1 : 0
            let w0 = total0 > 0 ? row.d0 / total0 : 0
            let mix = (w1 - w0) * (row.r0 - baselineRate)
            let rate = w1 * (row.r1 - row.r0)
            mixTotal += mix
            rateTotal += rate
            parts.append((row.slice, row.r1, row.r0, mix, rate, w0))
        }
        let explained = mixTotal + rateTotal
        let contributors = parts.map { slice, r1, r0, mix, rate, w0 in
            DrillDown.Contributor(
                slice: slice, value: r1, baseline: r0, contribution: mix + rate,
                share: explained != 0 ? (mix + rate) / explained : .nan, weight: w0, mixEffect: mix, rateEffect: rate)
        }
        return (contributors, mixTotal, rateTotal)
    }

    private func seasonalMedian(_ series: [Double], _ excluded: [Bool], weeks: Int) -> Double {
        var points: [Double] = []
        for k in 1...max(1, weeks) where at - 7 * k >= 0 {
            let j = at - 7 * k
            if !excluded[j], !series[j].isNaN { points.append(series[j]) }
        }
        guard !points.isEmpty else { return .nan }
        points.sort()
        let n = points.count
        return n % 2 == 1 ? points[n / 2] : (points[n / 2 - 1] + points[n / 2]) / 2
    }
}
