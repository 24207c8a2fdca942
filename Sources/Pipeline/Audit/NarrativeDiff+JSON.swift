import CanonicalJSON
import EventArchive

extension NarrativeDiff {
    /// `aa narratives diff --json` (`schemas/cli/narratives-diff.schema.json`).
    package var json: JSONValue {
        [
            "a": side(a), "b": side(b), "same_input": .bool(sameInput),
            "summary": [
                "a": .string(a.analysis.narrative.summary ?? ""), "b": .string(b.analysis.narrative.summary ?? ""),
                "words": .array(words.map { ["op": .string($0.op.rawValue), "text": .string($0.text)] }),
            ],
            "findings": .array(
                findings.map { f in
                    [
                        "change": .string(f.change.rawValue), "metric": .string(f.metric), "dimension": .string(f.dimension),
                        "slice": .string(f.slice), "a": .optional(f.a?.statement), "b": .optional(f.b?.statement),
                        "a_agrees": f.a?.agreesWithDetection.map { .bool($0) } ?? .null,
                        "b_agrees": f.b?.agreesWithDetection.map { .bool($0) } ?? .null,
                    ]
                }),
            "hypotheses": .array(
                hypotheses.map { h in
                    [
                        "change": .string(h.change.rawValue), "text": .string(h.text), "a_confidence": .optional(h.aConfidence),
                        "b_confidence": .optional(h.bConfidence),
                    ]
                }),
            "recommended_checks": list(recommendedChecks), "caveats": list(caveats),
        ]
    }

    func side(_ s: Side) -> JSONValue {
        [
            "analysis_id": .string(s.analysisId), "run_id": .string(s.runId), "run_date": .string(s.runDate),
            "model": .string(s.analysis.model), "prompt_version": .string(s.analysis.promptVersion),
            "builtin": .bool(s.analysis.builtin), "input_digest": .string(s.analysis.inputDigest),
        ]
    }

    func list(_ l: ListChange) -> JSONValue { ["added": .strings(l.added), "dropped": .strings(l.dropped)] }
}
