import CanonicalJSON
import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline

/// `aa precision`: how often alerts were right, from the labels people gave.
enum PrecisionCommand {
    static let spec = CommandSpec(
        name: "precision", summary: "Precision of labelled alerts by metric and rule.",
        usage: "aa precision --monitor M [--since D] [--json]",
        options: [.monitor.explained("monitor (required)"), .since],
        examples: ["aa precision --monitor revenue_funnel_demo --since 90d"], run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let given = try Options(invocation)
        let name = given.monitor
        let loaded = try invocation.registry()
        let monitor = try loaded.monitor(name)
        let since = given.since?.description ?? "0000-00-00"
        let store = try invocation.readArchive()
        let labels: [LatestLabel]
        do { labels = try store.latestLabels(monitor: name, since: since) } catch { throw PipelineError(error) }
        var counts: [String: [String: Int]] = [:]
        for l in labels { counts[l.metric, default: [:]][l.label, default: 0] += 1 }
        let table = counts.keys.sorted().map { metric -> (String, String, Int, Int, Int, Double) in
            let c = counts[metric] ?? [:]
            let tp = c["true_positive"] ?? 0
            let fp = c["false_positive"] ?? 0
            return (
                metric, monitor.detection(for: metric).method.rawValue, tp, fp, c["expected"] ?? 0,
                tp + fp == 0 ? .nan : Double(tp) / Double(tp + fp)
            )
        }
        if invocation.json {
            console.json(
                .array(
                    table.map { m, rule, tp, fp, ex, p in
                        [
                            "metric": .string(m), "rule": .string(rule), "true_positive": .int(Int64(tp)),
                            "false_positive": .int(Int64(fp)),
                            "expected": .int(Int64(ex)), "precision": .number(p),
                        ]
                    }), as: .precision)
        } else if table.isEmpty {
            console.out("no labelled alerts for \(name); label them with `aa label <anomaly-id> --as …`")
        } else {
            console.table(
                ["metric", "rule", "true_pos", "false_pos", "expected", "precision"],
                table.map { m, rule, tp, fp, ex, p in
                    [
                        m, rule, String(tp), String(fp), String(ex),
                        p.isNaN ? "n/a" : Format.percent(p).replacingOccurrences(of: "+", with: ""),
                    ]
                })
        }
        return 0
    }

    /// `aa precision`'s options, read once.
    struct Options {
        let monitor: String
        /// Only alerts of run dates on or after this (nil: every labelled alert).
        let since: Day?

        init(_ invocation: Invocation) throws(PipelineError) {
            monitor = try invocation.arguments.required(.monitor, for: "precision")
            since = try invocation.bound(.since)
        }
    }
}
