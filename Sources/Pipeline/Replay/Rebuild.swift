import Analyst
import CanonicalJSON
import Context
import EventArchive
import MonitorEngine
import Slack

/// `aa rebuild`: replays archived pulls through the current engine and registry, appends the new derived
/// events as a `rebuild` run (never querying the warehouse, never notifying), and reports which alerts
/// appear, vanish or change.
package struct Rebuild {
    package let pipeline: RunPipeline

    package init(pipeline: RunPipeline) { self.pipeline = pipeline }

    /// Replays every archived day of `monitor` in `from...to`, reading one day's rows at a time.
    ///
    /// - Parameter progress: days done and the total, as the replay goes.
    /// - Throws: ``PipelineError`` when the range holds no archived pulls, before anything is appended.
    package func run(
        monitor: Monitor, from: Day, to: Day, dryRun: Bool, store: ArchiveStore, progress: (Int, Int) -> Void = { _, _ in }
    ) throws(PipelineError) -> [RebuildDay] {
        let reader = ArchiveReader(store: store)
        let days = try ArchivedPulls.locate(reader, monitor: monitor, from: from, to: to)
        guard !days.isEmpty else {
            throw PipelineError(
                .notFound,
                "no archived pulls of \(monitor.name) between \(from) and \(to) in \(store.path); run `aa run` "
                    + "for those days first, or widen --from/--to")
        }
        let labels = try IncidentLabels.load(from: store, monitor: monitor.name)
        let options = RunOptions(trigger: "rebuild", ai: false, dryRun: dryRun)
        var results: [RebuildDay] = []
        // A day's rows are parsed in the background while the day before is evaluated.
        func decoding(_ location: ArchivedPulls.Location) throws(PipelineError) -> Background<ArchivedPulls> {
            let events = try ArchivedPulls.events(reader, location)
            return Background { () throws(PipelineError) in try ArchivedPulls.decode(events, at: location, monitor: monitor) }
        }
        var next = try decoding(days[0])
        for index in days.indices {
            let pulls = try next.value()
            if index + 1 < days.count { next = try decoding(days[index + 1]) }
            defer { progress(index + 1, days.count) }
            let old = try reader.runEvents(pulls.currentRunId, types: [.anomalyFlagged]).all(AnomalyFlagged.self)
            // A replay's pipeline delivers to a preview that never posts: rebuilds never notify.
            let run = RunContext(monitor: monitor, date: pulls.runDate, options: options, delivery: pipeline.delivery)
            var recorder = pipeline.start(run)
            recorder.noteSource(runId: pulls.sourceRunId)
            let findings = pipeline.derive(run, rows: pulls.rows, pulls: pulls.pulls, labels: labels, recorder: &recorder)
            let summary = pipeline.finish(
                recorder, monitor: monitor, date: pulls.runDate, findings: findings, failure: nil, options: options, store: store)
            if let error = summary.error { throw PipelineError(.runtime, error) }
            results.append(
                RebuildDay(
                    runDate: pulls.runDate.description, sourceRunId: pulls.sourceRunId, newRunId: dryRun ? nil : summary.runId,
                    oldAlerts: old.filter(\.alerts).count, newAlerts: summary.alerts.count,
                    changes: Self.compare(old: old, new: findings)))
        }
        return results
    }

    /// Alerts that appear, vanish, or change severity or statistic, keyed by metric, dimension and slice.
    static func compare(old: [AnomalyFlagged], new: [AnalystFinding]) -> [AlertChange] {
        let before = Dictionary(old.filter(\.alerts).map { ($0.cellKey, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.filter { $0.finding.alerts }.map { ($0.finding.key, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [AlertChange] = []
        for key in Set(before.keys).union(after.keys).sorted() {
            let o = before[key]
            let n = after[key]
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let kind: AlertChange.Kind
            switch (o, n) {
            case (nil, _?): kind = .appeared
            case (_?, nil): kind = .vanished
            case (let o?, let n?):
                let sameSeverity = o.severity == n.finding.severity
                let sameStatistic = abs((o.statistic ?? .nan) - n.finding.statistic) < 1e-9
                if sameSeverity && sameStatistic { continue }
                kind = .changed
            default: continue
            }
            changes.append(
                AlertChange(
                    kind: kind, metric: parts[0], dimension: parts.count > 1 ? parts[1] : "", slice: parts.count > 2 ? parts[2] : "",
                    oldSeverity: o?.severity, newSeverity: n?.finding.severity, oldStatistic: o?.statistic,
                    newStatistic: n?.finding.statistic, oldAnomalyId: o?.anomalyId, newAnomalyId: n?.anomalyId))
        }
        return changes
    }
}
