import Analyst
import Context
import EventArchive
import MonitorEngine

/// `aa demo`: writes the demo warehouse, then runs the demo monitors over its recent history so the archive has a past.
package struct DemoSession {
    package let pipeline: RunPipeline
    package let builder: DemoWarehouseBuilder
    /// Days of history to run, ending on the warehouse's last day.
    package let historyDays: Int
    /// One line per day run (the pipeline's own per-query progress is too fine-grained for 60 runs).
    package let progress: @Sendable (String) -> Void

    package init(pipeline: RunPipeline, builder: DemoWarehouseBuilder, historyDays: Int, progress: @escaping @Sendable (String) -> Void) {
        self.pipeline = pipeline
        self.builder = builder
        self.historyDays = historyDays
        self.progress = progress
    }

    /// Writes the warehouse and runs every `sqlite` monitor for each history day; returns the run summaries.
    ///
    /// The last day is first run while its partition is still loading (a run at 07:00 finding 60 % of the rows):
    /// a monitor with a completeness rule archives it as incomplete and does not judge it; the load then finishes
    /// and the day is run again. Three days before the end a backfill corrects a past day, which that run archives
    /// as `data.restated`.
    package func run(store: ArchiveStore) throws(PipelineError) -> [RunSummary] {
        try builder.write(to: pipeline.context.warehousePath)
        let monitors = pipeline.registry.registry.monitors.filter { $0.source == .sqlite }
        guard !monitors.isEmpty else {
            throw PipelineError(.config, "\(pipeline.registry.path) has no monitor with source \"sqlite\" to run on the demo warehouse")
        }
        var summaries: [RunSummary] = []
        for offset in stride(from: historyDays - 1, through: 0, by: -1) {
            let day = builder.end.adding(-offset)
            // Three days before the end, a backfill corrects a past day: that run finds the restatement.
            if offset == 3 && historyDays > 10 { try builder.backfill(at: pipeline.context.warehousePath) }
            if offset == 0 && monitors.contains(where: { $0.completeness != nil }) {
                let path = pipeline.context.warehousePath
                try builder.holdBackLastDay(at: path)
                for monitor in monitors where monitor.completeness != nil {
                    let early = try pipeline.run(
                        monitor: monitor, date: day, options: RunOptions(trigger: "schedule", ai: false), store: store)
                    progress("[\(historyDays)/\(historyDays)] \(monitor.name) \(day) before its load finished: \(early.status)")
                    summaries.append(early)
                }
                try builder.finishLoading(at: path)
            }
            for monitor in monitors {
                let options = RunOptions(trigger: "schedule", ai: false, dryRun: false)
                let summary = try pipeline.run(monitor: monitor, date: day, options: options, store: store)
                progress("[\(historyDays - offset)/\(historyDays)] \(monitor.name) \(day): \(summary.alerts.count) alert(s)")
                summaries.append(summary)
            }
        }
        return summaries
    }

    /// Which injected incidents the runs found: on the incident's day, a finding on its metric and slice,
    /// or a top-line finding whose drill-down names the slice; a slice finding grouped under a top-line alert is
    /// found by that alert (the id a person is told to look at is the one that alerted).
    package func recall(_ summaries: [RunSummary]) -> [(incident: DemoIncident, foundBy: String?)] {
        builder.incidents.map { incident in
            let label = LabelSet.Entry(
                day: incident.day, metric: incident.metric, dimension: incident.dimension, slice: incident.slice, label: "true_positive")
            let day = summaries.filter { $0.runDate == incident.day }.flatMap(\.findings)
            // Prefer the incident's own cell over a top-line finding that names it in its drill-down.
            let direct = day.first {
                $0.finding.metric == incident.metric && $0.finding.dimension == incident.dimension && $0.finding.slice == incident.slice
            }
            guard let found = direct ?? day.first(where: { label.matches($0.finding, on: incident.day) }) else { return (incident, nil) }
            let archived = day.map { AnomalyFlagged(finding: $0.finding, anomalyId: $0.anomalyId, pullEventId: nil) }
            let flagged = AnomalyFlagged(finding: found.finding, anomalyId: found.anomalyId, pullEventId: nil)
            return (incident, (flagged.listedUnder(in: archived) ?? flagged).anomalyId)
        }
    }
}
