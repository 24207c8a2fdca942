import CanonicalJSON
import Context
import EventArchive

/// The report for one monitor and day: a projection of the current run's events (or of a given run).
package enum RunReport {
    package static func build(monitor: String, date: String, runId explicitRun: String?, reader: ArchiveReader) throws(PipelineError)
        -> JSONValue
    {
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
        let started = try startedEvent.typed(RunStarted.self)
        let findings = try events.all(AnomalyFlagged.self)
        let analysis = try events.first(AnalysisProduced.self)
        let computed = try events.first(MetricsComputed.self)
        let messageEvent = events.first { $0.type.isMessage }
        let message = try messageEvent?.typed(MessageRecord.self)
        let end = events.first { $0.type.endsRun }
        let failed = try events.first(RunFailed.self)
        return [
            "monitor": .string(monitor), "run_date": .string(startedEvent.runDate), "run_id": .string(runId),
            "trigger": .string(started.trigger), "logic_version": .optional(startedEvent.logicVersion),
            "status": end.map { .string($0.type.rawValue) } ?? "incomplete", "error": .optional(failed?.error),
            "started_at": .string(startedEvent.occurredAt), "cells": computed.map { .int($0.cellCount) } ?? .null,
            "notes": .strings(computed?.notes ?? []),
            "findings": .array(findings.map(\.json)), "analysis": analysis?.output ?? .null,
            "analysis_model": .optional(analysis?.model),
            "message": message.map { record in
                [
                    "type": .optional(messageEvent?.type.rawValue), "destination": .string(record.destination),
                    "reason": .string(record.reason),
                ]
            } ?? .null,
        ]
    }
}
