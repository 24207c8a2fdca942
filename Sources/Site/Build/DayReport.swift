import CanonicalJSON
import Context
import EventArchive
import MonitorEngine
import Pipeline

/// One monitor's current report for one day, read from the run's events, with a chart of every finding:
/// what the day page and the alert pages draw.
package struct DayReport: Sendable {
    package let run: ArchivedRun
    package let started: RunStarted
    package let day: Day
    package let findings: [AnomalyFlagged]
    package let charts: [String: SeriesChart]
    package let notes: [String]
    package let analysisEventId: String?
    package let analysis: AnalysisProduced?
    package let messageType: EventType?
    package let message: MessageRecord?
    package let monitor: Monitor
    /// What a forced run judged past (`data.incomplete` with `judged`), and the past values it found restated.
    package let incomplete: DataIncomplete?
    package let restated: DataRestated?

    /// The unit a metric's values are shown in (`usd`, `ratio` or a count).
    package func unit(of metric: String) -> String { Self.unit(monitor, metric) }

    static func unit(_ monitor: Monitor, _ metric: String) -> String {
        monitor.metrics.first { $0.name == metric }?.unit ?? ""
    }

    /// Reads `run` (a current report) and draws its findings over the monitor's lookback from the archived pulls.
    package static func load(_ run: ArchivedRun, reader: ArchiveReader, labels: [LatestLabel]) throws(PipelineError) -> DayReport {
        guard let day = Day(run.runDate) else { throw PipelineError(.runtime, "run \(run.runId) has no valid run date") }
        let events = try reader.runEvents(
            run.runId, types: [.runStarted, .metricsComputed, .anomalyFlagged, .analysisProduced, .dataIncomplete, .dataRestated])
        guard let started = try events.first(RunStarted.self) else {
            throw PipelineError(.runtime, "run \(run.runId) has no run.started event; run `aa verify`")
        }
        let monitor: Monitor
        do { monitor = try Monitor.archived(started.config) } catch {
            throw PipelineError(.runtime, "the configuration archived with run \(run.runId) cannot be read: \(error.message)")
        }
        let findings = try events.all(AnomalyFlagged.self)
        let rows = try ArchivedPulls.locate(reader, monitor: monitor, date: day).map { location throws(PipelineError) in
            try ArchivedPulls.load(reader, location, monitor: monitor).rows
        }
        let excludedDays = Dictionary(
            monitor.expectedDays.map { ($0.day, $0.reason) }, uniquingKeysWith: { first, _ in first })
        var charts: [String: SeriesChart] = [:]
        for finding in findings {
            guard let rows,
                let points = MetricHistory.points(
                    monitor: monitor, rows: rows, runDate: day, metric: finding.metric, dimension: finding.dimension,
                    slice: finding.slice, days: monitor.lookbackDays)
            else { continue }
            var excluded = excludedDays
            for label in labels
            where label.label == "true_positive" && label.metric == finding.metric
                && label.dimension == finding.dimension && label.slice == finding.slice && label.runDate != run.runDate
            {
                if let labelled = Day(label.runDate) { excluded[labelled] = "labelled incident" }
            }
            let window = finding.baselineWindow["days"]?.arrayValue ?? []
            charts[finding.anomalyId] = SeriesChart(
                id: "c-" + finding.anomalyId,
                title:
                    "\(Vocabulary.cell(finding.metric, finding.dimension, finding.slice)), \(points.first?.day.description ?? "") to \(day)",
                unit: unit(monitor, finding.metric), points: points.map { SeriesChart.Point(day: $0.day, value: $0.value) },
                judged: day, baseline: finding.stats.baseline.isFinite ? finding.stats.baseline : nil,
                band: NormalBand(rule: finding.ruleSummary, stats: finding.stats), excluded: excluded,
                baselineDays: Set(window.compactMap { $0["date"]?.stringValue.flatMap(Day.init) }),
                persistingSince: finding.status == "persisting" ? finding.since.flatMap(Day.init) : nil)
        }
        let messages = try reader.runEvents(run.runId, types: [.messageSent, .messageFailed, .messageSkipped])
        let analysisEvent = events.first { $0.type == .analysisProduced }
        return DayReport(
            run: run, started: started, day: day, findings: findings, charts: charts,
            notes: try events.first(MetricsComputed.self)?.notes ?? [], analysisEventId: analysisEvent?.eventId,
            analysis: try analysisEvent?.typed(AnalysisProduced.self), messageType: messages.last?.type,
            message: try messages.last?.typed(MessageRecord.self), monitor: monitor, incomplete: try events.first(DataIncomplete.self),
            restated: try events.first(DataRestated.self))
    }
}
