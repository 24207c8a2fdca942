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
        let exclusions = try BaselineExclusions.load(from: store, monitor: monitor.name)
        let options = RunOptions(trigger: "rebuild", ai: false, dryRun: dryRun)
        var results: [RebuildDay] = []
        // A day's rows are decoded in the background while the day before is evaluated.
        func decoding(_ location: ArchivedPulls.Location) throws(PipelineError) -> Background<ArchivedPulls> {
            let pulled = try ArchivedPulls.pulled(reader, location)
            return Background { () throws(PipelineError) in try ArchivedPulls.decode(pulled, at: location, monitor: monitor) }
        }
        var next = try decoding(days[0])
        for index in days.indices {
            let pulls = try next.value()
            if index + 1 < days.count { next = try decoding(days[index + 1]) }
            defer { progress(index + 1, days.count) }
            let replaced = try reader.runEvents(pulls.currentRunId, types: [.anomalyFlagged, .runCompleted])
            let old = try replaced.all(AnomalyFlagged.self)
            // A replay's pipeline delivers to a preview that never posts: rebuilds never notify.
            let run = RunContext(monitor: monitor, date: pulls.runDate, options: options, delivery: pipeline.delivery)
            var recorder = pipeline.start(run)
            recorder.noteSource(runId: pulls.sourceRunId)
            let findings = pipeline.derive(run, rows: pulls.rows, pulls: pulls.pulls, exclusions: exclusions, recorder: &recorder)
            // A day judged under the same logic as its current report, with the same findings byte for byte, gains
            // nothing from a new run: a rebuild that changes nothing appends nothing.
            let flagged = recorder.drafts.filter { $0.type == .anomalyFlagged }.map(\.payload.canonicalString)
            let sameLogic = replaced.last { $0.type == .runCompleted }?.logicVersion == recorder.logicVersion
            let unchanged = sameLogic && flagged == replaced.filter { $0.type == .anomalyFlagged }.map(\.payloadText)
            var newRunId: String?
            if !unchanged {
                let summary = pipeline.finish(recorder, run, findings: findings, failure: nil, store: store)
                if let error = summary.error { throw PipelineError(.runtime, error) }
                newRunId = dryRun ? nil : summary.runId
            }
            CrashPoint.reach("mid-rebuild-day")
            results.append(
                RebuildDay(
                    runDate: pulls.runDate.description, replacedRunId: pulls.currentRunId, sourceRunId: pulls.sourceRunId,
                    newRunId: newRunId, unchanged: unchanged, oldAlerts: old.filter(\.alerts).count,
                    newAlerts: findings.filter(\.finding.alerts).count, changes: Self.compare(old: old, new: findings)))
        }
        return results
    }

    /// Alerts that appear, vanish, or change between the replaced report and the replay's findings.
    static func compare(old: [AnomalyFlagged], new: [AnalystFinding]) -> [AlertChange] {
        AlertChange.between(
            old: old.map(AlertChange.Side.init),
            new: new.map {
                AlertChange.Side(
                    key: $0.finding.key, severity: $0.finding.severity, statistic: $0.finding.statistic, anomalyId: $0.anomalyId,
                    alerts: $0.finding.alerts)
            })
    }
}
