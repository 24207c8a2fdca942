import Analyst
import CanonicalJSON
import Context
import Digest
import EventArchive
import Foundation
import MonitorEngine
import Slack

/// One monitor on one day, end to end: render → pull → compute → flag → analyse → deliver, every step an event.
package struct RunPipeline {
    package let context: PipelineContext
    package let registry: LoadedRegistry
    package let analyst: any Analyst
    package let delivery: any Delivery
    package let warehouses: any WarehouseSource

    package init(
        context: PipelineContext, registry: LoadedRegistry, analyst: any Analyst, delivery: any Delivery, warehouses: any WarehouseSource
    ) {
        self.context = context
        self.registry = registry
        self.analyst = analyst
        self.delivery = delivery
        self.warehouses = warehouses
    }

    /// Runs `monitor` for `date`, appending the run's events to `store` unless it is a dry run.
    ///
    /// - Throws: ``PipelineError`` for problems found before the run starts (nothing is appended then).
    /// - Returns: the summary; a failure during the run is a `failed` summary with `run.failed` archived.
    /// - Parameter warehouse: the monitor's warehouse when the caller resolved it already (to refuse before any run).
    package func run(monitor: Monitor, date: Day, options: RunOptions, store: ArchiveStore?, warehouse: (any Warehouse)? = nil)
        throws(PipelineError) -> RunSummary
    {
        let resolved: any Warehouse
        if let warehouse { resolved = warehouse } else { resolved = try warehouses.warehouse(for: monitor) }
        let metered = MeteredWarehouse(resolved)
        let queries: [RenderedQuery]
        do { queries = try registry.renderer(for: monitor).render(runDate: date) } catch { throw PipelineError(.config, error.description) }
        let exclusions =
            try store.map { (s) throws(PipelineError) in try BaselineExclusions.load(from: s, monitor: monitor.name) }
            ?? BaselineExclusions()
        var run = RunContext(monitor: monitor, date: date, options: options, delivery: delivery, archive: store)
        run.reportLink = try ReportLink(environment: context.environment)
        (run.prior, run.unresolved) = try MessageDispatch.earlier(run)
        var recorder = start(run)
        let started = recorder.drafts[0].eventId
        var findings: [AnalystFinding] = []
        var failure: String?
        var incomplete: CompletenessVerdict?
        var restated: [Restatement] = []
        var archivedJobs = Set<String>()
        do {
            let gate = CompletenessGate(
                monitor: monitor, date: date, warehouse: metered, queries: queries, runId: recorder.runId, force: options.force,
                progress: context.progress)
            let outcome = try gate.pass()
            CrashPoint.reach("after-pull")
            // One reader, so the previous pulls rebuilt for the restatement check are the bases the new pulls reuse.
            let reader = store.map(ArchiveReader.init)
            let previous = try RestatementCheck.previous(monitor: monitor, date: date, reader: reader)
            let storage = PullStorage(reader: reader, previous: previous)
            var pulls: [(dimension: String, eventId: String)] = []
            for pull in outcome.pulls {
                let payload = try storage.payload(pull.query, pull.result)
                archivedJobs.insert(pull.result.jobId)
                pulls.append((pull.query.dimension, recorder.record(payload, subject: pull.query.dimension, cause: started)))
            }
            if let verdict = outcome.verdict, !verdict.complete, let rule = monitor.completeness {
                incomplete = verdict
                // A revisit judges a day whose numbers stopped moving for the rule's settle time as it is.
                let settled = options.revisit?.settled(verdict, now: context.clock.now(), settle: rule.settleSeconds) ?? false
                if settled { run.lateNote = Revisit.note(date, settled: verdict, settle: rule.settleSeconds) }
                let event = recorder.record(
                    DataIncomplete(
                        check: rule.check.rawValue, metric: rule.check == .volume ? rule.metric : nil, seen: verdict.seen,
                        expected: verdict.expected, share: verdict.share, loadedThrough: verdict.loadedThrough, sentence: verdict.sentence,
                        rule: monitor.config["completeness"] ?? .null, attempts: Int64(outcome.attempts),
                        waitedSeconds: Int64(outcome.waited), judged: options.force || settled),
                    cause: pulls.last?.eventId ?? started)
                if !options.force && !settled {
                    leaveUnjudged(run, verdict, cause: event, &recorder)
                    var summary = finish(recorder, run, findings: [], failure: nil, store: store)
                    summary.incomplete = verdict.sentence
                    if summary.status == "completed" { summary.status = "incomplete" }
                    return summary
                }
            }
            if options.revisit != nil, run.lateNote == nil { run.lateNote = Revisit.note(date, settled: nil, settle: 0) }
            restated = RestatementCheck.record(
                monitor: monitor, date: date, rows: outcome.pulls.map(\.rows), pulls: pulls, previous: previous, recorder: &recorder)
            run.restated = restated.filter { RestatementCheck.isMaterial($0, monitor) }
            findings = derive(run, rows: outcome.pulls.map(\.rows), pulls: pulls, exclusions: exclusions, recorder: &recorder)
        } catch {
            // A refusal (no data at all in the window): the run never started as far as the archive is concerned.
            if error.kind == .usage { throw error }
            failure = error.message
            let failed = recorder.record(
                RunFailed(error: error.message, jobs: metered.jobs(except: archivedJobs)), cause: recorder.drafts.last?.eventId)
            noticeFailure(run, error.message, cause: failed, &recorder)
        }
        var summary = finish(recorder, run, findings: findings, failure: failure, store: store)
        summary.incomplete = incomplete?.sentence
        summary.restated = restated
        summary.deliveryNote = recorder.deliveryNote
        summary.lateNote = run.lateNote
        return summary
    }

    /// Ends a run whose data did not look complete without judging it: one message saying so (once per day and
    /// destination), and a `run.completed` that does not become the day's report, so a later run can.
    func leaveUnjudged(_ run: RunContext, _ verdict: CompletenessVerdict, cause: String, _ recorder: inout RunRecorder) {
        let sentence =
            "data for \(run.date) looks incomplete (\(verdict.sentence)) — not judged; "
            + (run.monitor.completeness?.waitSeconds ?? 0 > 0 ? "waited, will retry" : "will retry")
        let runId = recorder.runId
        let messageId = MessageDispatch(run: run).send(
            keys: [Self.incompleteKey], quiet: false, cause: cause, &recorder,
            render: { _ in SlackMessageRenderer().renderNotice(monitor: run.monitor, runDate: run.date, runId: runId, text: sentence) })
        recorder.record(
            RunCompleted(findings: 0, alerts: 0, anomalyIds: [], notes: [sentence], becomesCurrent: false), cause: messageId)
    }

    /// The alert key an incomplete day's message is about, so a re-run that finds it still incomplete posts nothing.
    static let incompleteKey = "data.incomplete"

    /// Says that a monitor's run failed: one notice to its channel per day and destination (a retry that fails again
    /// posts nothing more), naming the error and, on Databricks, the job run (`AA_JOB_RUN_URL`, set by the notebook).
    func noticeFailure(_ run: RunContext, _ message: String, cause: String, _ recorder: inout RunRecorder) {
        var text = "the run for \(run.date) failed: \(message)"
        if let given = context.environment["AA_JOB_RUN_URL"], case .success(let url) = EnvironmentURL.parse(given) {
            text += " (job run: \(url.absoluteString))"
        }
        let runId = recorder.runId
        _ = MessageDispatch(run: run).send(
            keys: [Self.failureKey], quiet: false, cause: cause, &recorder,
            render: { _ in
                SlackMessageRenderer().renderNotice(monitor: run.monitor, runDate: run.date, runId: runId, text: text, icon: "❌")
            })
    }

    /// The alert key of a failed run's notice, so a retry that fails again posts nothing.
    static let failureKey = "run.failed"

    /// A recorder holding the run's `run.started`, with the config and template hashes in force.
    func start(_ run: RunContext) -> RunRecorder {
        let (monitor, date, options) = (run.monitor, run.date, run.options)
        let runId = "run_\(date)_\(monitor.name)_\(context.makeId().filter { $0.isHexDigit }.prefix(8))"
        var recorder = RunRecorder(
            runId: runId, monitor: monitor.name, runDate: date.description,
            logicVersion: registry.logicVersion(monitor), clock: context.clock)
        recorder.record(
            RunStarted(
                trigger: options.trigger, options: options.json, config: monitor.config, configHash: registry.configHash(monitor),
                template: monitor.template, templateHash: registry.templateHash(monitor), registry: registry.path,
                codeVersion: PipelineContext.codeVersion, engineVersion: Engine.version))
        return recorder
    }

    /// An anomaly's id: the same for the same finding (monitor, day, cell and direction) in every run that flags it
    /// — a re-run, a rebuild under other logic, a backtest — so saved links, Slack's `aa why` hints and labels keep
    /// pointing at it.
    package static func anomalyId(monitor: String, date: Day, finding: Finding) -> String {
        "an_" + SHA256Digest.hex("\(monitor)|\(date)|\(finding.key)|\(finding.direction.rawValue)").prefix(12)
    }

    /// Everything derived from the rows: metrics, findings, analysis, message and completion.
    ///
    /// - Parameter pulls: the `data.pulled` events the rows came from, by dimension (in this run or an archived one).
    func derive(
        _ run: RunContext, rows: [DimensionRows], pulls: [(dimension: String, eventId: String)], exclusions: BaselineExclusions,
        recorder: inout RunRecorder
    ) -> [AnalystFinding] {
        let (monitor, date, archive) = (run.monitor, run.date, run.archive)
        let pullIds = Dictionary(pulls.map { ($0.dimension, $0.eventId) }, uniquingKeysWith: { first, _ in first })
        let input = exclusions.input(monitor, date, rows)
        let result = Engine.evaluate(input, threads: ProcessInfo.processInfo.activeProcessorCount)
        let computed = recorder.record(
            MetricsComputed(
                engineVersion: Engine.version, cells: CellColumns.encode(result.cells), cellCount: Int64(result.cells.count),
                notes: result.notes, labelsExcluded: Int64(exclusions.labels.count), pullEventIds: pulls.map(\.eventId)),
            derived: true, cause: pulls.first?.eventId)
        var findings: [AnalystFinding] = []
        var payloads: [JSONValue] = []
        for finding in result.findings {
            let id = Self.anomalyId(monitor: monitor.name, date: date, finding: finding)
            findings.append(AnalystFinding(anomalyId: id, finding: finding))
            let flagged = AnomalyFlagged(finding: finding, anomalyId: id, pullEventId: pullIds[finding.dimension])
            payloads.append(flagged.json)
            recorder.record(flagged, subject: finding.key, derived: true, cause: computed)
        }
        let evidence =
            analyst.readsEvidence
            ? AnalysisEvidence(
                monitor: monitor, runDate: date, runId: recorder.runId, findings: payloads, cells: result.cells.map(\.json), rows: rows,
                notes: result.notes,
                previousAnalyses: { days in
                    archive.map { PreviousAnalyses(store: $0).load(monitor: monitor.name, before: date, days: days) } ?? []
                })
            : nil
        let request = AnalysisRequest(monitor: monitor, runDate: date, findings: findings, notes: result.notes, evidence: evidence)
        let analysis = analyst.analyze(request)
        let analysisId = AnalysisRecord.append(analysis, findings: payloads, cause: computed, to: &recorder)
        let messageId = deliver(run, findings: findings, analysis: analysis, cause: analysisId, &recorder)
        recorder.record(
            RunCompleted(
                findings: Int64(findings.count), alerts: Int64(findings.filter { $0.finding.alerts }.count),
                anomalyIds: findings.map(\.anomalyId), notes: result.notes, becomesCurrent: true),
            cause: messageId)
        return findings
    }

    /// Appends the run's events (unless a dry run) and summarises it.
    func finish(_ recorder: RunRecorder, _ run: RunContext, findings: [AnalystFinding], failure: String?, store: ArchiveStore?)
        -> RunSummary
    {
        let (monitor, date, options) = (run.monitor, run.date, run.options)
        var appended = 0
        if !options.dryRun, let store {
            do { appended = recorder.committed + (try store.append(recorder.pending)).count } catch {
                return RunSummary(
                    monitor: monitor.name, runDate: date, runId: recorder.runId, status: "failed", findings: findings,
                    error: "the run finished but could not be archived: \(error.message)", eventsAppended: recorder.committed)
            }
        }
        var summary = RunSummary(
            monitor: monitor.name, runDate: date, runId: recorder.runId,
            status: options.dryRun ? "dry-run" : (failure == nil ? "completed" : "failed"), findings: findings, error: failure,
            eventsAppended: appended)
        summary.messageFailed = recorder.drafts.contains { $0.type == .messageFailed }
        return summary
    }

    /// Renders and delivers the run's message exactly once per (monitor, day, destination, findings): an unchanged
    /// re-run is skipped, a changed one posts an update that says what changed.
    private func deliver(
        _ run: RunContext, findings: [AnalystFinding], analysis: AnalysisOutcome, cause: String, _ recorder: inout RunRecorder
    ) -> String {
        let alerting = findings.filter { $0.finding.alerts }
        let runId = recorder.runId
        return MessageDispatch(run: run).send(
            keys: alerting.map { "\($0.finding.key)|\($0.finding.severity)" }, quiet: alerting.isEmpty && run.lateNote == nil,
            cause: cause, &recorder,
            render: { update in
                SlackMessageRenderer(reportLink: run.reportLink).render(
                    monitor: run.monitor, runDate: run.date, runId: runId, findings: findings, analysis: analysis, update: update,
                    restated: run.restated, note: run.lateNote)
            })
    }
}
