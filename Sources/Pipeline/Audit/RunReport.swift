import CanonicalJSON
import Context
import EventArchive

/// The report for one monitor and day: a projection of the current run's events (or of a given run), typed;
/// ``json`` is `aa report --format json`.
package struct RunReport {
    package let monitor: String
    package let runDate: String
    package let runId: String
    package let startedAt: String
    package let started: RunStarted
    package let logicVersion: String?
    /// `run.completed`, `run.failed` or `incomplete`.
    package let status: String
    package let failed: RunFailed?
    package let computed: MetricsComputed?
    package let findings: [AnomalyFlagged]
    package let analysis: AnalysisProduced?
    package let messageType: EventType?
    package let message: MessageRecord?

    package init(monitor: String, date: String, runId explicitRun: String?, reader: ArchiveReader) throws(PipelineError) {
        var runId = explicitRun
        if runId == nil { runId = try reader.currentRun(monitor: monitor, date: date) }
        guard let runId else {
            throw PipelineError(
                .notFound,
                "no completed run of \(monitor) for \(date) in \(reader.store.path); run `aa run --monitors \(monitor) --date \(date)` "
                    + "first"
            )
        }
        let events = try reader.runEvents(runId)
        guard let startedEvent = events.first(where: { $0.type == .runStarted }) else {
            throw PipelineError(.notFound, "no run \(runId) in \(reader.store.path); list runs with `aa history --type run.started`")
        }
        self.monitor = monitor
        self.runId = runId
        runDate = startedEvent.runDate
        startedAt = startedEvent.occurredAt
        started = try startedEvent.typed(RunStarted.self)
        logicVersion = startedEvent.logicVersion
        status = events.first { $0.type.endsRun }?.type.rawValue ?? "incomplete"
        failed = try events.first(RunFailed.self)
        computed = try events.first(MetricsComputed.self)
        findings = try events.all(AnomalyFlagged.self)
        analysis = try events.first(AnalysisProduced.self)
        let messageEvent = events.first { $0.type.isMessage }
        messageType = messageEvent?.type
        message = try messageEvent?.typed(MessageRecord.self)
    }

    /// `aa report --format json` (`schemas/cli/report.schema.json`).
    package var json: JSONValue {
        [
            "monitor": .string(monitor), "run_date": .string(runDate), "run_id": .string(runId),
            "trigger": .string(started.trigger), "logic_version": .optional(logicVersion), "status": .string(status),
            "error": .optional(failed?.error), "started_at": .string(startedAt), "cells": computed.map { .int($0.cellCount) } ?? .null,
            "notes": .strings(computed?.notes ?? []), "findings": .array(findings.map(\.json)), "analysis": analysis?.output ?? .null,
            "analysis_model": .optional(analysis?.model),
            "message": message.map { record in
                [
                    "type": .optional(messageType?.rawValue), "destination": .string(record.destination),
                    "reason": .string(record.reason),
                ]
            } ?? .null,
        ]
    }
}
