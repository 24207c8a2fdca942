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
        guard let started = events.first(where: { $0.type == "run.started" }) else {
            throw PipelineError(.notFound, "no run \(runId) in \(reader.store.path); list runs with `aa history --type run.started`")
        }
        let findings = events.filter { $0.type == "anomaly.flagged" }.map(\.payload)
        let analysis = events.first { $0.type == "analysis.produced" }?.payload ?? .null
        let computed = events.first { $0.type == "metrics.computed" }?.payload
        let message = events.first { $0.type.hasPrefix("message.") }
        let end = events.first { $0.type == "run.completed" || $0.type == "run.failed" }
        return [
            "monitor": .string(monitor), "run_date": .string(started.runDate), "run_id": .string(runId),
            "trigger": started.payload["trigger"] ?? .null, "logic_version": started.logicVersion.map { .string($0) } ?? .null,
            "status": end.map { .string($0.type) } ?? "incomplete", "error": end?.payload["error"] ?? .null,
            "started_at": .string(started.occurredAt), "cells": computed?["cell_count"] ?? .null,
            "notes": computed?["notes"] ?? .array([]),
            "findings": .array(findings), "analysis": analysis["output"] ?? .null, "analysis_model": analysis["model"] ?? .null,
            "message": message.map {
                ["type": .string($0.type), "destination": $0.payload["destination"] ?? .null, "reason": $0.payload["reason"] ?? .null]
            } ?? .null,
        ]
    }
}
