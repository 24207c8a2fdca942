import CanonicalJSON
import EventArchive

extension WhyLineage {
    /// `aa why --json` (`schemas/cli/why.schema.json`).
    package var json: JSONValue {
        [
            "anomaly_id": .string(anomalyId), "monitor": .string(monitor), "run_date": .string(runDate), "finding": finding.json,
            "listed_under": .optional(listedUnder?.anomalyId),
            "run": [
                "run_id": .string(run.runId), "trigger": .optional(run.trigger), "started_at": .string(run.startedAt),
                "status": .string(run.status), "code_version": .optional(run.codeVersion), "engine_version": .optional(run.engineVersion),
                "logic_version": .optional(run.logicVersion), "config_hash": .optional(run.configHash), "template": .optional(run.template),
                "template_hash": .optional(run.templateHash), "registry": .optional(run.registry),
            ],
            "query": queryJSON,
            "analysis": analysisJSON,
            "message": [
                "event_id": .optional(message.eventId), "type": .optional(message.type?.rawValue),
                "destination": .optional(message.record?.destination), "reason": .optional(message.record?.reason),
                "text": .optional(message.record?.fallbackText),
            ],
            "supersession": supersession.map { s in
                [
                    "superseded_by_run": .string(s.runId), "trigger": .optional(s.trigger), "logic_version": .optional(s.logicVersion),
                    "still_flagged": .bool(s.still != nil), "new_severity": .optional(s.still?.severity),
                    "new_statistic": .number(s.still?.statistic), "new_anomaly_id": .optional(s.still?.anomalyId),
                ]
            } ?? .null,
            "restatements": .array(
                restatements.map { r in
                    var object = r.value.quoting(Self.quotedChangeKeys)
                    object["event_id"] = .string(r.eventId)
                    object["day"] = .string(r.value.day)
                    object["baseline_day"] = .bool(r.baselineDay)
                    object["previous_run_id"] = .string(r.previousRunId)
                    return .object(object)
                }),
            "chain": .array(
                chain.map {
                    [
                        "event_id": .string($0.eventId), "type": .string($0.type.rawValue), "sequence": .int($0.sequence),
                        "hash": .string($0.hash), "this_finding": .bool($0.isThisFinding),
                    ]
                }),
        ]
    }

    /// The members of a restated change quoted as archived.
    static let quotedChangeKeys: Set<String> = ["column", "old", "new", "relative_change"]

    var queryJSON: JSONValue {
        let pull = query.pull
        return [
            "event_id": .optional(query.eventId), "source": pull?.source ?? .null, "sql": .optional(pull?.sql),
            "parameters": pull.map { .array($0.parameters) } ?? .null, "job_id": .optional(pull?.jobId),
            "bytes_processed": pull?.bytesProcessed.map { .int($0) } ?? .null, "row_count": pull.map { .int($0.rowCount) } ?? .null,
            "result_hash": .optional(pull?.resultHash), "columns": .strings(pull?.columnNames ?? []),
            "slice_rows": .array(query.sliceRows.map { .array($0) }),
        ]
    }

    var analysisJSON: JSONValue {
        let produced = analysis.produced
        let trace = produced?.agentTrace
        return [
            "event_id": .optional(analysis.eventId), "model": .optional(produced?.model),
            "prompt_version": .optional(produced?.promptVersion),
            "summary": .optional(produced?.narrative.summary), "statement": .optional(produced?.narrative.statement(about: anomalyId)),
            "hypotheses": produced?.narrative.hypothesesJSON ?? .null, "builtin": produced.map { .bool($0.builtin) } ?? .null,
            "input_digest": .optional(produced?.inputDigest), "endpoint": .optional(trace?.endpoint),
            "prompt_hash": .optional(trace?.promptHash), "usage": trace?.usageJSON ?? .null,
            "latency_ms": trace?.latencyMs.map { .int(Int64($0)) } ?? .null, "turns": .array(trace?.turnsJSON ?? []),
            "tool_calls": .array(trace?.toolCallsJSON ?? []),
            "failed": analysis.failed.map {
                ["model": .string($0.model), "reason": .string($0.reason), "turns": .array(AnalysisTrace($0.trace).turnsJSON)]
            } ?? .null,
            "reanalyses": .array(
                analysis.reanalyses.map { again in
                    [
                        "event_id": .string(again.eventId), "run_id": .string(again.runId), "model": .optional(again.analysis?.model),
                        "prompt_version": .optional(again.analysis?.promptVersion),
                        "summary": .optional(again.analysis?.narrative.summary),
                        "statement": .optional(again.analysis?.narrative.statement(about: anomalyId)),
                    ]
                }),
        ]
    }
}
