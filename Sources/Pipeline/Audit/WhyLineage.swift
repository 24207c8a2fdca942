import CanonicalJSON
import Context
import EventArchive

/// The full chain behind one alert: run, config and template hashes, SQL, rows, baseline, rule, drill-down,
/// what the analyst said and what was sent — assembled from archived events only, typed; ``json`` is
/// `aa why --json`.
package struct WhyLineage {
    /// The run that flagged the finding and the versions and hashes it ran with.
    package struct Run {
        package let runId: String
        package let trigger: String?
        package let startedAt: String
        /// `run.completed`, `run.failed` or `incomplete`.
        package let status: String
        package let codeVersion: String?
        package let engineVersion: String?
        package let logicVersion: String?
        package let configHash: String?
        package let template: String?
        package let templateHash: String?
        package let registry: String?
    }

    /// The archived pull the slice's rows came from, and those rows.
    package struct Query {
        package let eventId: String?
        package let pull: DataPulled?
        /// The rows of the finding's slice, each as the pull's columns.
        package let sliceRows: [[JSONValue]]
    }

    /// What the analyst said about the finding, how, and what later re-analyses said.
    package struct Analysis {
        /// A later re-analysis of the run's findings.
        package struct Again {
            package let eventId: String
            package let runId: String
            package let analysis: AnalysisProduced?
        }

        package let eventId: String?
        package let produced: AnalysisProduced?
        package let failed: AnalysisFailed?
        package let reanalyses: [Again]
    }

    /// What was delivered (or skipped, or failed) for the run.
    package struct Message {
        package let eventId: String?
        package let type: EventType?
        package let record: MessageRecord?
    }

    /// A later run that replaced the finding's report, and what it says of the finding.
    package struct Supersession {
        package let runId: String
        package let trigger: String?
        package let logicVersion: String?
        /// The later run's finding on the same cell, if it still flags it.
        package let still: AnomalyFlagged?
    }

    /// A value of the finding's slice its run pulled differently from the previous current run.
    package struct Restatement {
        package let eventId: String
        package let previousRunId: String
        package let value: RestatedValue
        /// Whether the day is one of the finding's baseline days (then the baseline it was judged against moved).
        package let baselineDay: Bool
    }

    /// One event of the run, in order.
    package struct Link {
        package let eventId: String
        package let type: EventType
        package let sequence: Int64
        package let hash: String
        package let isThisFinding: Bool
    }

    package let anomalyId: String
    package let monitor: String
    package let runDate: String
    package let finding: AnomalyFlagged
    /// For a `grouped` slice finding, the top-line finding it is listed under (whose alert it belongs to).
    package let listedUnder: AnomalyFlagged?
    package let run: Run
    package let query: Query
    package let analysis: Analysis
    package let message: Message
    package let supersession: Supersession?
    package let restatements: [Restatement]
    package let chain: [Link]

    package init(anomalyId: String, reader: ArchiveReader) throws(PipelineError) {
        let flaggedEvent = try reader.anomalyEvent(anomalyId)
        let finding = try flaggedEvent.typed(AnomalyFlagged.self)
        // The chain needs every event's id and hash; payloads only of the few events quoted (pulls and cells are large).
        let chainEvents = try reader.runEvents(flaggedEvent.runId, payloads: false)
        let events = try reader.runEvents(
            flaggedEvent.runId,
            types: [
                .runStarted, .analysisProduced, .analysisFailed, .messageSent, .messageFailed, .messageSkipped, .runCompleted, .runFailed,
            ])
        let started = try events.first(RunStarted.self)
        self.anomalyId = anomalyId
        monitor = flaggedEvent.monitor
        runDate = flaggedEvent.runDate
        self.finding = finding
        listedUnder =
            finding.status == "grouped"
            ? finding.listedUnder(in: try reader.runEvents(flaggedEvent.runId, types: [.anomalyFlagged]).all(AnomalyFlagged.self)) : nil
        run = Run(
            runId: flaggedEvent.runId, trigger: started?.trigger, startedAt: events.first?.occurredAt ?? "",
            status: events.first { $0.type.endsRun }?.type.rawValue ?? "incomplete", codeVersion: started?.codeVersion,
            engineVersion: started?.engineVersion, logicVersion: flaggedEvent.logicVersion, configHash: started?.configHash,
            template: started?.template, templateHash: started?.templateHash, registry: started?.registry)
        // A rebuild's findings cite the archived pull of the run they replayed.
        let pullEvent = try finding.pullEventId.flatMap { (id) throws(PipelineError) in try reader.event(id) }
        let pull = try pullEvent.map { (event) throws(PipelineError) in try reader.pulled(event) }
        let sliceColumn = 1
        let rows = (pull?.wholeRows ?? []).compactMap(\.arrayValue).filter {
            $0.count > sliceColumn && $0[sliceColumn].stringValue == finding.slice
        }
        query = Query(eventId: finding.pullEventId, pull: pull, sliceRows: rows)
        let analysisEvent = events.first { $0.type == .analysisProduced }
        let reanalyses = try reader.reanalyses(of: flaggedEvent.runId, monitor: flaggedEvent.monitor, date: flaggedEvent.runDate)
        analysis = Analysis(
            eventId: analysisEvent?.eventId, produced: try analysisEvent?.typed(AnalysisProduced.self),
            failed: try events.first(AnalysisFailed.self),
            reanalyses: reanalyses.map {
                Analysis.Again(eventId: $0.eventId, runId: $0.runId, analysis: try? $0.typed(AnalysisProduced.self))
            })
        let messageEvent = events.first { $0.type.isMessage }
        message = Message(eventId: messageEvent?.eventId, type: messageEvent?.type, record: try messageEvent?.typed(MessageRecord.self))
        supersession = try Self.supersession(of: finding, in: flaggedEvent, reader: reader)
        restatements = try Self.restatements(of: finding, run: flaggedEvent.runId, reader: reader)
        chain = chainEvents.map {
            Link(
                eventId: $0.eventId, type: $0.type, sequence: $0.sequence, hash: $0.hash, isThisFinding: $0.eventId == flaggedEvent.eventId)
        }
    }

    /// The chain's first event of `type`.
    package func link(_ type: EventType) -> Link? { chain.first { $0.type == type } }

    /// The finding's slice's values that its run pulled differently from the previous current run.
    static func restatements(of finding: AnomalyFlagged, run: String, reader: ArchiveReader) throws(PipelineError) -> [Restatement] {
        let baselineDays = Set(finding.window.days.map(\.date))
        var out: [Restatement] = []
        for event in try reader.runEvents(run, types: [.dataRestated]) {
            let restated = try event.typed(DataRestated.self)
            for value in restated.values where value.dimension == finding.dimension && value.slice == finding.slice {
                out.append(
                    Restatement(
                        eventId: event.eventId, previousRunId: restated.previousRunId, value: value,
                        baselineDay: baselineDays.contains(value.day)))
            }
        }
        return out
    }

    /// Whether a later run replaced the finding's report, and whether that run still flags it.
    static func supersession(of finding: AnomalyFlagged, in flagged: EventEnvelope, reader: ArchiveReader) throws(PipelineError)
        -> Supersession?
    {
        guard let current = try reader.currentRun(monitor: flagged.monitor, date: flagged.runDate), current != flagged.runId else {
            return nil
        }
        let newer = try reader.runEvents(current, types: [.runStarted, .anomalyFlagged])
        let newStarted = newer.first { $0.type == .runStarted }
        return Supersession(
            runId: current, trigger: try newStarted?.typed(RunStarted.self).trigger, logicVersion: newStarted?.logicVersion,
            still: try newer.all(AnomalyFlagged.self).first { $0.cellKey == finding.cellKey })
    }
}
