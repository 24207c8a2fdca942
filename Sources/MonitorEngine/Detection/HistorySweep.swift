import Dispatch
import Synchronization

/// Evaluates many run dates in one pass over a panel, for backtests and rebuilds: each series' windows slide
/// a day at a time instead of being rebuilt for every date, on every core.
///
/// Every date is judged by the same ``DayJudge`` a daily run uses, from statistics that are bit-identical to
/// the daily run's (``CellEvaluator`` guarantees it), so each ``EngineResult`` equals, to the byte, what
/// ``Engine/evaluate(_:)`` gives for that date from the rows of the window.
public struct HistorySweep: Sendable {
    public let monitor: Monitor
    public let panel: Panel
    public let labels: [IncidentLabel]
    /// Days no run judged: out of every baseline.
    public let unjudged: [Day]
    /// Threads the series are split across; the output does not depend on it.
    public let threads: Int
    /// Dates per block: windows are filled fresh on a block's first date and slid after it.
    let blockDays: Int

    /// - Parameter panel: must start at least `monitor.historyDays` days before the first date evaluated.
    public init(
        monitor: Monitor, panel: Panel, labels: [IncidentLabel] = [], unjudged: [Day] = [], threads: Int, blockDays: Int = 8
    ) {
        self.monitor = monitor
        self.panel = panel
        self.labels = labels
        self.unjudged = unjudged
        self.threads = max(1, threads)
        self.blockDays = max(1, blockDays)
    }

    /// One series of the panel: a metric of one slice of one dimension.
    private struct Series: Sendable {
        let dimension: Int
        let metric: Int
        let slice: Int
    }

    /// Evaluates the panel dates `days` (ascending, each at least `monitor.historyDays`) and hands each result
    /// to `body` in date order.
    ///
    /// - Parameter keepingCells: whether each result lists every cell; without them (a backtest) the findings and
    ///   notes are the same, and the work of building 7 million cell values for a wide year is not done.
    public func run(days: [Int], keepingCells: Bool = true, _ body: (EngineResult) throws -> Void) rethrows {
        let builder = SeriesBuilder(panel: panel, monitor: monitor, labels: labels, unjudged: unjudged)
        var all: [Series] = []
        var firsts: [Int] = [] // (dimension, metric) → its first series
        for (d, dimension) in panel.dimensions.enumerated() {
            for m in monitor.metrics.indices {
                firsts.append(all.count)
                for s in dimension.slices.indices { all.append(Series(dimension: d, metric: m, slice: s)) }
            }
        }
        let series = all
        let first = firsts
        let carried = CarriedWindows(series: series.count, stride: 3 * monitor.lookbackDays)
        let computed = BlockStatistics(count: series.count * blockDays)
        defer {
            carried.deallocate()
            computed.deallocate()
        }
        var at = 0
        while at < days.count {
            var end = at
            while end + 1 < days.count, end + 1 - at < blockDays, days[end + 1] == days[end] + 1 { end += 1 }
            let block = days[at]...days[end]
            // A block that starts the day after the last one ended slides its windows on: never filled twice.
            let continuing = carried.day == block.lowerBound - 1 && block.lowerBound > monitor.historyDays
            statistics(series, block, builder, carried: carried, continuing: continuing, screening: !keepingCells, into: computed)
            carried.day = block.upperBound
            let width = block.count
            var from = 0
            while from < width {
                let group = from..<min(width, from + threads)
                let results = parallel(group.count) { k in
                    let offset = group.lowerBound + k
                    let judge = DayJudge(panel: panel, builder: builder, day: block.lowerBound + offset)
                    let at = { (d: Int, m: Int, s: Int) in (first[d * monitor.metrics.count + m] + s) * width + offset }
                    return judge.judge(keepingCells: keepingCells, flaggable: keepingCells ? nil : { computed.flaggable[at($0, $1, $2)] }) {
                        computed.cells[at($0, $1, $2)]
                    }
                }
                for result in results { try body(result) }
                from = group.upperBound
            }
            at = end + 1
        }
    }

    /// Series per parallel chunk: a few chunks per thread, so an uneven split still keeps every core busy.
    private func chunkSize(_ count: Int) -> Int { max(1, (count + threads * 4 - 1) / (threads * 4)) }

    /// The trailing windows of every series as the last block left them, so the next one slides them on.
    private final class CarriedWindows: @unchecked Sendable {
        // @unchecked: series k's slots are touched only by the task that computes k's chunk, one block at a time;
        // `day` only between blocks.
        let windows: UnsafeMutablePointer<Double>
        let counts: UnsafeMutablePointer<SIMD3<Int32>>
        let stride: Int
        /// The panel day whose windows are kept (the last block's last date), nil before the first block.
        var day: Int?

        init(series: Int, stride: Int) {
            self.stride = stride
            windows = .allocate(capacity: max(1, series * stride))
            counts = .allocate(capacity: max(1, series))
        }

        func deallocate() {
            windows.deallocate()
            counts.deallocate()
        }
    }

    /// Every series' statistics on every date of the block being judged, `[series * block width + date]`: written in
    /// place by the chunks (each its own series), read by the judges, reused by every block.
    private final class BlockStatistics: @unchecked Sendable {
        // @unchecked: written by disjoint chunks, then only read, one block at a time.
        let cells: UnsafeMutablePointer<CellStatistics>
        /// Whether each cell's verdict flags it, worked out where its statistics were: a judge that wants findings
        /// reads only those cells.
        let flaggable: UnsafeMutablePointer<Bool>
        let count: Int

        init(count: Int) {
            self.count = max(1, count)
            cells = .allocate(capacity: self.count)
            cells.initialize(repeating: CellStatistics(), count: self.count)
            flaggable = .allocate(capacity: self.count)
            flaggable.initialize(repeating: true, count: self.count)
        }

        func deallocate() {
            cells.deinitialize(count: count)
            cells.deallocate()
            flaggable.deallocate()
        }
    }

    /// Statistics of every series on every date of `block`, into `computed`.
    ///
    /// - Parameters:
    ///   - continuing: `carried` holds every series' windows for the day before the block; they slide on (the view
    ///     then starts a day earlier, for the change that leaves the window on the block's first date).
    ///   - screening: only findings are wanted: cells outside the top dimension that a ``FlagScreen`` rules out are
    ///     left without their scale (the top line's are read whole by notes and drill-downs).
    private func statistics(
        _ series: [Series], _ block: ClosedRange<Int>, _ builder: SeriesBuilder, carried: CarriedWindows, continuing: Bool,
        screening: Bool, into computed: BlockStatistics
    ) {
        let size = chunkSize(series.count)
        let history = monitor.historyDays + (continuing ? 1 : 0)
        let view = (block.lowerBound - history)...block.upperBound
        let width = block.count
        let lookback = monitor.lookbackDays
        let metrics = monitor.metrics
        let configs = metrics.map { monitor.detection(for: $0.name) }
        let common = builder.commonExclusions(view)
        perform((series.count + size - 1) / size) { chunk in
            // One evaluator per metric and one set of buffers, reused by every series of the chunk.
            var evaluators = [CellEvaluator?](repeating: nil, count: metrics.count)
            var values = [Double](repeating: .nan, count: view.count)
            var volume = [Double](repeating: .nan, count: view.count)
            var excluded = common
            for k in (chunk * size)..<min(series.count, (chunk + 1) * size) {
                let cell = series[k]
                let metric = metrics[cell.metric]
                let config = configs[cell.metric]
                let evaluator =
                    evaluators[cell.metric] ?? CellEvaluator(lookback: lookback, weeks: config.baselineWeeks, noise: SamplingNoise(metric))
                evaluators[cell.metric] = evaluator
                values.withUnsafeMutableBufferPointer {
                    builder.write(values: metric, panel.dimensions[cell.dimension], cell.slice, view, into: $0)
                }
                volume.withUnsafeMutableBufferPointer {
                    builder.write(volume: metric, panel.dimensions[cell.dimension], cell.slice, view, into: $0)
                }
                excluded.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: common) }
                builder.addLabelled(metric, panel.dimensions[cell.dimension], cell.slice, config, view, to: &excluded)
                let screen = screening && cell.dimension > 0 ? FlagScreen(config) : nil
                let slot = carried.windows + k * carried.stride
                if continuing { evaluator.restore(from: slot, counts: carried.counts[k]) }
                values.withUnsafeBufferPointer { v in
                    volume.withUnsafeBufferPointer { vol in
                        excluded.withUnsafeBufferPointer { ex in
                            var at = k * width
                            evaluator.sweep(
                                values: v, volume: vol, excluded: ex, from: history, continuing: continuing, screen: screen
                            ) { _, stats in
                                computed.cells[at] = stats
                                if screening { computed.flaggable[at] = Verdict.judge(stats, config, lookback: lookback).flagged }
                                at += 1
                            }
                        }
                    }
                }
                carried.counts[k] = evaluator.save(to: slot)
            }
        }
    }

    /// `work(0..<count)` spread over the threads, for work that leaves its results in place.
    private func perform(_ count: Int, _ work: @Sendable (Int) -> Void) {
        guard count > 1, threads > 1 else { return (0..<count).forEach(work) }
        DispatchQueue.concurrentPerform(iterations: count, execute: work)
    }

    /// `work(0..<count)` spread over the threads, results in index order whatever the scheduling.
    private func parallel<T: Sendable>(_ count: Int, _ work: @Sendable (Int) -> T) -> [T] {
        guard count > 1, threads > 1 else { return (0..<count).map(work) }
        let results = Mutex<[T?]>(Array(repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let value = work(i)
            results.withLock { $0[i] = value }
        }
        // concurrentPerform returns once every index has run, so every slot is filled.
        return results.withLock { $0.compactMap { $0 } }
    }
}
