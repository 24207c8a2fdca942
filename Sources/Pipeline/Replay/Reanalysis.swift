import Analyst
import CanonicalJSON
import Context
import EventArchive
import MonitorEngine

/// What re-analysing one day came to.
package struct ReanalysisDay: Sendable {
    package let runDate: String
    /// The run whose archived findings were analysed.
    package let analyzedRunId: String
    /// The `reanalyze` run appended (nil for a dry run).
    package let runId: String?
    package let model: String
    package let findings: Int
    /// The new `analysis.produced` event, when the model answered.
    package let analysisId: String?
    package let failure: String?
    package let turns: Int
    package let tokens: Int64
}

/// `aa reanalyze`: runs the AI analyst again over the archived findings of a day's current run — never the
/// warehouse, never the engine — and appends the answer as a `reanalyze` run whose `analysis.produced` names the
/// run it analysed. The report keeps its run; `aa narratives` shows both analyses. It never posts to Slack.
package struct Reanalysis {
    package let pipeline: RunPipeline
    package let analyst: AgentAnalyst

    package init(pipeline: RunPipeline, analyst: AgentAnalyst) {
        self.pipeline = pipeline
        self.analyst = analyst
    }

    /// Re-analyses every day of `monitor` in `from...to` that has a current run.
    ///
    /// - Throws: ``PipelineError`` (not found) when no day in the range has an archived run, before anything is appended.
    package func run(monitor: Monitor, from: Day, to: Day, store: ArchiveStore) throws(PipelineError) -> [ReanalysisDay] {
        let reader = ArchiveReader(store: store)
        var runs: [(Day, String)] = []
        var day = from
        while day <= to {
            if let runId = try reader.currentRun(monitor: monitor.name, date: day.description) { runs.append((day, runId)) }
            day = day.adding(1)
        }
        guard !runs.isEmpty else {
            throw PipelineError(
                .notFound,
                "no archived run of \(monitor.name) between \(from) and \(to) in \(store.path); run `aa run` for those days first, or "
                    + "widen --from/--to"
            )
        }
        var results: [ReanalysisDay] = []
        for (index, (date, runId)) in runs.enumerated() {
            pipeline.context.progress("[\(index + 1)/\(runs.count)] re-analysing \(monitor.name) \(date) (run \(runId))")
            let evidence = try evidence(monitor: monitor, date: date, runId: runId, reader: reader)
            let result = analyst.consult(evidence)
            let run = RunContext(
                monitor: monitor, date: date, options: RunOptions(trigger: "reanalyze", ai: true), delivery: pipeline.delivery)
            var recorder = pipeline.start(run)
            recorder.noteSource(runId: runId)
            recorder.noteOption("model", .string(result.model))
            let started = recorder.drafts[0].eventId
            var analysisId: String?
            if let output = result.output {
                let outcome = AnalysisOutcome(
                    model: result.model, promptVersion: AnalystPrompt.version, builtin: false, output: output, trace: result.trace)
                analysisId = AnalysisRecord.append(
                    outcome, findings: evidence.findings, cause: started, analyzedRunId: runId, to: &recorder)
            } else {
                AnalysisRecord.appendFailure(
                    AnalysisFailed(
                        model: result.model, promptVersion: AnalystPrompt.version, reason: result.failure ?? "no answer",
                        inputDigest: result.inputDigest, trace: result.trace), cause: started, to: &recorder)
            }
            let analysed = evidence.findings.compactMap { try? AnomalyFlagged(json: $0) }
            recorder.record(
                RunCompleted(
                    findings: Int64(analysed.count), alerts: Int64(analysed.filter(\.alerts).count), anomalyIds: analysed.map(\.anomalyId),
                    notes: evidence.notes, becomesCurrent: false),
                cause: recorder.drafts.last?.eventId)
            do { _ = try store.append(recorder.drafts) } catch {
                throw PipelineError(.runtime, "the re-analysis of \(date) could not be archived: \(error.message)")
            }
            results.append(
                ReanalysisDay(
                    runDate: date.description, analyzedRunId: runId, runId: recorder.runId, model: result.model,
                    findings: evidence.findings.count,
                    analysisId: analysisId, failure: result.failure, turns: result.trace["turns"]?.arrayValue?.count ?? 0,
                    tokens: result.trace["usage"]?["total_tokens"]?.intValue ?? 0))
        }
        return results
    }

    /// The run's archived findings, cells and pulled rows, as the analyst saw them the first time.
    func evidence(monitor: Monitor, date: Day, runId: String, reader: ArchiveReader) throws(PipelineError) -> AnalysisEvidence {
        let events = try reader.runEvents(runId, types: [.metricsComputed, .anomalyFlagged])
        let computed = try events.first { $0.type == .metricsComputed }.map { (event) throws(PipelineError) in
            try event.typed(MetricsComputed.self)
        }
        let pulls = try ArchivedPulls.pulled(reader, ids: computed?.pullEventIds ?? [])
        let rows = try ArchivedPulls.decode(pulls, monitor: monitor).0
        let store = reader.store
        return AnalysisEvidence(
            monitor: monitor, runDate: date, runId: runId,
            findings: try events.all(AnomalyFlagged.self).map(\.json),
            cells: CellColumns.objects(computed?.cells ?? .null), rows: rows, notes: computed?.notes ?? [],
            previousAnalyses: { days in PreviousAnalyses(store: store).load(monitor: monitor.name, before: date, days: days) })
    }
}
