import Dispatch
import Foundation
import MonitorEngine

/// Evaluates a large synthetic monitor on every day, all cores: sliding the windows a day at a time (`sweep`), or
/// rebuilding them for each day as `aa run`, rebuilds and backtests do (`evaluate`, one engine run per day).
struct EngineBench {
    let slices: Int
    let metrics: Int
    let days: Int
    var sliding = true

    func run() -> (rate: Double, cells: Int) {
        let lookback = 56
        let weeks = 6
        let config = DetectionConfig(baselineWeeks: weeks, minVolume: 50, minRelativeChange: 0.05)
        // Deterministic noisy weekly series, one per slice × metric.
        let series: [[Double]] = (0..<(slices * metrics)).map { s in
            var state = UInt64(s + 1) &* 0x9E37_79B9_7F4A_7C15
            return (0..<days).map { d in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let noise = Double(state >> 11) / Double(1 << 53) - 0.5
                return (100 + Double(s % 97)) * [1.0, 1.1, 1.05, 1.0, 0.95, 0.8, 0.85][d % 7] * (1 + 0.1 * noise)
            }
        }
        let excluded = [Bool](repeating: false, count: days)
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let flagged = Counter(workers)
        let started = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let evaluator = CellEvaluator(lookback: lookback, weeks: weeks)
            var count = 0
            excluded.withUnsafeBufferPointer { ex in
                for index in stride(from: worker, to: series.count, by: workers) {
                    series[index].withUnsafeBufferPointer { values in
                        if sliding {
                            evaluator.sweep(values: values, volume: values, excluded: ex, from: 0) { _, stats in
                                if Verdict.judge(stats, config, lookback: lookback).flagged { count += 1 }
                            }
                        } else {
                            for day in 0..<values.count {
                                let stats = evaluator.evaluate(values: values, volume: values, excluded: ex, at: day)
                                if Verdict.judge(stats, config, lookback: lookback).flagged { count += 1 }
                            }
                        }
                    }
                }
            }
            flagged.set(worker, count)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let cells = slices * metrics * days
        print("  engine (\(sliding ? "sliding" : "fresh windows")): \(cells) cells in \(String(format: "%.2f", seconds)) s on \(workers) threads, \(flagged.total) flagged")
        return (Double(cells) / seconds, cells)
    }
}

/// Per-worker results, written once each from `concurrentPerform`.
final class Counter: @unchecked Sendable {
    // @unchecked: each worker writes only its own slot, and reads happen after concurrentPerform returns.
    private var slots: [Int]
    init(_ n: Int) { slots = [Int](repeating: 0, count: n) }
    func set(_ i: Int, _ v: Int) { slots[i] = v }
    var total: Int { slots.reduce(0, +) }
}
