import CanonicalJSON
import Context
import EventArchive

/// The full chain behind one alert: run, config and template hashes, SQL, rows, baseline, rule, drill-down,
/// what the analyst said and what was sent — assembled from archived events only.
package enum WhyLineage {
    package static func build(anomalyId: String, reader: ArchiveReader) throws(PipelineError) -> JSONValue {
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
        // A rebuild's findings cite the archived pull of the run they replayed.
        let pullEvent = try finding.pullEventId.flatMap { (id) throws(PipelineError) in try reader.event(id) }
        let pull = try pullEvent.map { (event) throws(PipelineError) in try reader.pulled(event) }
        let rows = (pull?.wholeRows ?? []).filter { row in
            guard let values = row.arrayValue, values.count > 1 else { return false }
            return values[1].stringValue == finding.slice
        }
        let analysisEvent = events.first { $0.type == .analysisProduced }
        let analysis = try analysisEvent?.typed(AnalysisProduced.self)
        let failed = try events.first(AnalysisFailed.self)
        let reanalyses = try reader.reanalyses(of: flaggedEvent.runId, monitor: flaggedEvent.monitor, date: flaggedEvent.runDate)
        let messageEvent = events.first { $0.type.isMessage }
        let message = try messageEvent?.typed(MessageRecord.self)
        let completed = events.first { $0.type.endsRun }
        let restated = try restatements(of: finding, run: flaggedEvent.runId, reader: reader)
        return [
            "anomaly_id": .string(anomalyId), "monitor": .string(flaggedEvent.monitor), "run_date": .string(flaggedEvent.runDate),
            "finding": finding.json,
            "run": [
                "run_id": .string(flaggedEvent.runId), "trigger": .optional(started?.trigger),
                "started_at": .string(events.first?.occurredAt ?? ""),
                "status": completed.map { .string($0.type.rawValue) } ?? "incomplete", "code_version": .optional(started?.codeVersion),
                "engine_version": .optional(started?.engineVersion), "logic_version": .optional(flaggedEvent.logicVersion),
                "config_hash": .optional(started?.configHash), "template": .optional(started?.template),
                "template_hash": .optional(started?.templateHash), "registry": .optional(started?.registry),
            ],
            "query": [
                "event_id": .optional(finding.pullEventId), "source": pull?.source ?? .null, "sql": .optional(pull?.sql),
                "parameters": pull.map { .array($0.parameters) } ?? .null, "job_id": .optional(pull?.jobId),
                "bytes_processed": pull?.bytesProcessed.map { .int($0) } ?? .null, "row_count": pull.map { .int($0.rowCount) } ?? .null,
                "result_hash": .optional(pull?.resultHash), "columns": .array((pull?.schema ?? []).map { $0["name"] ?? .null }),
                "slice_rows": .array(rows),
            ],
            "analysis": analysisJSON(analysisEvent, analysis, failed: failed, reanalyses: reanalyses, anomalyId: anomalyId),
            "message": [
                "event_id": .optional(messageEvent?.eventId), "type": .optional(messageEvent?.type.rawValue),
                "destination": .optional(message?.destination), "reason": .optional(message?.reason),
                "text": message?.message["text"] ?? .null,
            ],
            "supersession": try supersession(of: finding, in: flaggedEvent, reader: reader),
            "restatements": .array(restated),
            "chain": .array(
                chainEvents.map {
                    [
                        "event_id": .string($0.eventId), "type": .string($0.type.rawValue), "sequence": .int($0.sequence),
                        "hash": .string($0.hash), "this_finding": .bool($0.eventId == flaggedEvent.eventId),
                    ]
                }),
        ]
    }

    /// What the analyst said about the finding, in the run and in later re-analyses.
    static func analysisJSON(
        _ event: EventEnvelope?, _ analysis: AnalysisProduced?, failed: AnalysisFailed?, reanalyses: [EventEnvelope], anomalyId: String
    ) -> JSONValue {
        func statement(_ output: JSONValue?) -> JSONValue {
            (output?["findings"]?.arrayValue ?? []).first { $0["anomaly_id"]?.stringValue == anomalyId }?["statement"] ?? .null
        }
        let trace = analysis?.trace
        return [
            "event_id": .optional(event?.eventId), "model": .optional(analysis?.model),
            "prompt_version": .optional(analysis?.promptVersion),
            "summary": analysis?.output["summary"] ?? .null, "statement": statement(analysis?.output),
            "hypotheses": analysis?.output["hypotheses"] ?? .null, "builtin": analysis.map { .bool($0.builtin) } ?? .null,
            "input_digest": .optional(analysis?.inputDigest), "endpoint": trace?["endpoint"] ?? .null,
            "prompt_hash": trace?["prompt_hash"] ?? .null, "usage": trace?["usage"] ?? .null, "latency_ms": trace?["latency_ms"] ?? .null,
            "turns": trace?["turns"] ?? .array([]), "tool_calls": trace?["tool_calls"] ?? .array([]),
            "failed": failed.map { ["model": .string($0.model), "reason": .string($0.reason), "turns": $0.trace["turns"] ?? .array([])] }
                ?? .null,
            "reanalyses": .array(
                reanalyses.map { e in
                    let again = try? e.decode(AnalysisProduced.self)
                    return [
                        "event_id": .string(e.eventId), "run_id": .string(e.runId), "model": .optional(again?.model),
                        "prompt_version": .optional(again?.promptVersion), "summary": again?.output["summary"] ?? .null,
                        "statement": statement(again?.output),
                    ]
                }),
        ]
    }

    /// The finding's slice's values that its run pulled differently from the previous current run, each saying
    /// whether the day is one of the finding's baseline days (then the baseline it was judged against moved).
    static func restatements(of finding: AnomalyFlagged, run: String, reader: ArchiveReader) throws(PipelineError) -> [JSONValue] {
        let baselineDays = Set((finding.baselineWindow["days"]?.arrayValue ?? []).compactMap { $0["date"]?.stringValue })
        var out: [JSONValue] = []
        for event in try reader.runEvents(run, types: [.dataRestated]) {
            let restated = try event.typed(DataRestated.self)
            for change in restated.changes
            where change["dimension"]?.stringValue == finding.dimension && change["slice"]?.stringValue == finding.slice {
                let day = change["day"]?.stringValue ?? ""
                out.append([
                    "event_id": .string(event.eventId), "day": .string(day), "column": change["column"] ?? .null,
                    "old": change["old"] ?? .null, "new": change["new"] ?? .null, "relative_change": change["relative_change"] ?? .null,
                    "baseline_day": .bool(baselineDays.contains(day)), "previous_run_id": .string(restated.previousRunId),
                ])
            }
        }
        return out
    }

    /// Whether a later run replaced the finding's report, and whether that run still flags it.
    static func supersession(of finding: AnomalyFlagged, in flagged: EventEnvelope, reader: ArchiveReader) throws(PipelineError)
        -> JSONValue
    {
        guard let current = try reader.currentRun(monitor: flagged.monitor, date: flagged.runDate), current != flagged.runId else {
            return .null
        }
        let newer = try reader.runEvents(current, types: [.runStarted, .anomalyFlagged])
        let still = try newer.all(AnomalyFlagged.self).first { $0.cellKey == finding.cellKey }
        let newStarted = newer.first { $0.type == .runStarted }
        return [
            "superseded_by_run": .string(current), "trigger": .optional(try newStarted?.typed(RunStarted.self).trigger),
            "logic_version": .optional(newStarted?.logicVersion), "still_flagged": .bool(still != nil),
            "new_severity": .optional(still?.severity), "new_statistic": .number(still?.statistic),
            "new_anomaly_id": .optional(still?.anomalyId),
        ]
    }
}
