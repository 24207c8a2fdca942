import CanonicalJSON
import Context
import EventArchive

/// The full chain behind one alert: run, config and template hashes, SQL, rows, baseline, rule, drill-down,
/// what the analyst said and what was sent — assembled from archived events only.
package enum WhyLineage {
    package static func build(anomalyId: String, reader: ArchiveReader) throws(PipelineError) -> JSONValue {
        let flagged = try reader.anomalyEvent(anomalyId)
        let finding = flagged.payload
        // The chain needs every event's id and hash; payloads only of the few events quoted (pulls and cells are large).
        let chainEvents = try reader.runEvents(flagged.runId, payloads: false)
        let events = try reader.runEvents(
            flagged.runId,
            types: [
                "run.started", "analysis.produced", "analysis.failed", "message.sent", "message.failed", "message.skipped", "run.completed",
                "run.failed",
            ])
        let started = events.first { $0.type == "run.started" }?.payload ?? .null
        let pullId = finding["pull_event_id"]?.stringValue
        // A rebuild's findings cite the archived pull of the run they replayed.
        var pullEvent: EventEnvelope?
        if let pullId { pullEvent = try reader.event(pullId) }
        let pull = pullEvent.map(PayloadUpcaster.upcast) ?? .null
        let slice = finding["slice"]?.stringValue ?? ""
        let rows = (pull["rows"]?.arrayValue ?? []).filter { row in
            guard let values = row.arrayValue, values.count > 1 else { return false }
            return values[1].stringValue == slice
        }
        let analysisEvent = events.first { $0.type == "analysis.produced" }
        let analysis = analysisEvent?.payload ?? .null
        let statement = (analysis["output"]?["findings"]?.arrayValue ?? []).first { $0["anomaly_id"]?.stringValue == anomalyId }
        let failed = events.first { $0.type == "analysis.failed" }?.payload
        let reanalyses = try reader.reanalyses(of: flagged.runId, monitor: flagged.monitor, date: flagged.runDate)
        let message = events.first { $0.type.hasPrefix("message.") }
        let completed = events.first { $0.type == "run.completed" || $0.type == "run.failed" }
        let current = try reader.currentRun(monitor: flagged.monitor, date: flagged.runDate)
        var supersession: JSONValue = .null
        if let current, current != flagged.runId {
            let newer = try reader.runEvents(current, types: ["run.started", "anomaly.flagged"])
            let key = [finding["metric"], finding["dimension"], finding["slice"]].map { $0?.stringValue ?? "" }
            let still = newer.first { e in
                e.type == "anomaly.flagged"
                    && [e.payload["metric"], e.payload["dimension"], e.payload["slice"]].map { $0?.stringValue ?? "" } == key
            }
            let newStarted = newer.first { $0.type == "run.started" }
            supersession = [
                "superseded_by_run": .string(current), "trigger": newStarted?.payload["trigger"] ?? .null,
                "logic_version": newStarted.flatMap { $0.logicVersion }.map { .string($0) } ?? .null,
                "still_flagged": .bool(still != nil),
                "new_severity": still?.payload["severity"] ?? .null, "new_statistic": still?.payload["statistic"] ?? .null,
                "new_anomaly_id": still?.payload["anomaly_id"] ?? .null,
            ]
        }
        return [
            "anomaly_id": .string(anomalyId), "monitor": .string(flagged.monitor), "run_date": .string(flagged.runDate),
            "finding": finding,
            "run": [
                "run_id": .string(flagged.runId), "trigger": started["trigger"] ?? .null,
                "started_at": .string(events.first?.occurredAt ?? ""), "status": completed.map { .string($0.type) } ?? "incomplete",
                "code_version": started["code_version"] ?? .null, "engine_version": started["engine_version"] ?? .null,
                "logic_version": flagged.logicVersion.map { .string($0) } ?? .null,
                "config_hash": started["config_hash"] ?? .null, "template": started["template"] ?? .null,
                "template_hash": started["template_hash"] ?? .null, "registry": started["registry"] ?? .null,
            ],
            "query": [
                "event_id": pullId.map { .string($0) } ?? .null, "source": pull["source"] ?? .null, "sql": pull["sql"] ?? .null,
                "parameters": pull["parameters"] ?? .null, "job_id": pull["job_id"] ?? .null,
                "bytes_processed": pull["bytes_processed"] ?? .null, "row_count": pull["row_count"] ?? .null,
                "result_hash": pull["result_hash"] ?? .null,
                "columns": .array((pull["schema"]?.arrayValue ?? []).map { $0["name"] ?? .null }),
                "slice_rows": .array(rows),
            ],
            "analysis": [
                "event_id": analysisEvent.map { .string($0.eventId) } ?? .null, "model": analysis["model"] ?? .null,
                "prompt_version": analysis["prompt_version"] ?? .null, "summary": analysis["output"]?["summary"] ?? .null,
                "statement": statement?["statement"] ?? .null, "hypotheses": analysis["output"]?["hypotheses"] ?? .null,
                "builtin": analysis["builtin"] ?? .null, "input_digest": analysis["input_digest"] ?? .null,
                "endpoint": analysis["trace"]?["endpoint"] ?? .null, "prompt_hash": analysis["trace"]?["prompt_hash"] ?? .null,
                "usage": analysis["trace"]?["usage"] ?? .null, "latency_ms": analysis["trace"]?["latency_ms"] ?? .null,
                "turns": analysis["trace"]?["turns"] ?? .array([]), "tool_calls": analysis["trace"]?["tool_calls"] ?? .array([]),
                "failed": failed.map {
                    ["model": $0["model"] ?? .null, "reason": $0["reason"] ?? .null, "turns": $0["trace"]?["turns"] ?? .array([])]
                } ?? .null,
                "reanalyses": .array(
                    reanalyses.map { e in
                        [
                            "event_id": .string(e.eventId), "run_id": .string(e.runId), "model": e.payload["model"] ?? .null,
                            "prompt_version": e.payload["prompt_version"] ?? .null, "summary": e.payload["output"]?["summary"] ?? .null,
                            "statement": (e.payload["output"]?["findings"]?.arrayValue ?? []).first {
                                $0["anomaly_id"]?.stringValue == anomalyId
                            }?["statement"] ?? .null,
                        ]
                    }),
            ],
            "message": [
                "event_id": message.map { .string($0.eventId) } ?? .null, "type": message.map { .string($0.type) } ?? .null,
                "destination": message?.payload["destination"] ?? .null, "reason": message?.payload["reason"] ?? .null,
                "text": message?.payload["message"]?["text"] ?? .null,
            ],
            "supersession": supersession,
            "chain": .array(
                chainEvents.map {
                    ["event_id": .string($0.eventId), "type": .string($0.type), "sequence": .int($0.sequence), "hash": .string($0.hash)]
                }),
        ]
    }
}
