import CanonicalJSON
import Context
import EventArchive

/// What changed between two analyses (two days, or one day under two models or prompt versions): findings added,
/// dropped and restated (matched by metric, dimension and slice, so two days compare), hypotheses by text, checks,
/// caveats, and a word diff of the summary.
package enum NarrativeDiff {
    package static func compare(_ a: EventEnvelope, _ b: EventEnvelope, reader: ArchiveReader) throws(PipelineError) -> JSONValue {
        let analysisA = try a.typed(AnalysisProduced.self)
        let analysisB = try b.typed(AnalysisProduced.self)
        // Anomaly ids are run-specific, so two runs of the same findings digest differently: compare what was found.
        var same = analysisA.inputDigest == analysisB.inputDigest
        if !same {
            let findingsA = try reader.findingsFingerprint(of: analysisA.analyzedRunId ?? a.runId)
            same = try findingsA == reader.findingsFingerprint(of: analysisB.analyzedRunId ?? b.runId)
        }
        return compare(side(a, analysisA), analysisA, side(b, analysisB), analysisB, sameInput: same)
    }

    /// The diff of two `analysis.produced` payloads, each described by `side` (ids, date, model).
    static func compare(_ sideA: JSONValue, _ a: AnalysisProduced, _ sideB: JSONValue, _ b: AnalysisProduced, sameInput: Bool) -> JSONValue
    {
        let outA = a.output
        let outB = b.output
        let summaryA = outA["summary"]?.stringValue ?? ""
        let summaryB = outB["summary"]?.stringValue ?? ""
        return [
            "a": sideA, "b": sideB,
            "same_input": .bool(sameInput),
            "summary": [
                "a": .string(summaryA), "b": .string(summaryB),
                "words": .array(WordDiff.diff(summaryA, summaryB).map { ["op": .string($0.op.rawValue), "text": .string($0.text)] }),
            ],
            "findings": .array(findings(outA, outB)),
            "hypotheses": .array(hypotheses(outA, outB)),
            "recommended_checks": lists(outA["recommended_checks"], outB["recommended_checks"]),
            "caveats": lists(outA["caveats"], outB["caveats"]),
        ]
    }

    static func side(_ e: EventEnvelope, _ analysis: AnalysisProduced) -> JSONValue {
        [
            "analysis_id": .string(e.eventId), "run_id": .string(e.runId), "run_date": .string(e.runDate),
            "model": .string(analysis.model), "prompt_version": .string(analysis.promptVersion), "builtin": .bool(analysis.builtin),
            "input_digest": .string(analysis.inputDigest),
        ]
    }

    static func key(_ f: JSONValue) -> String {
        [f["metric"], f["dimension"], f["slice"]].map { $0?.stringValue ?? "" }.joined(separator: "|")
    }

    static func findings(_ a: JSONValue, _ b: JSONValue) -> [JSONValue] {
        let before = Dictionary((a["findings"]?.arrayValue ?? []).map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary((b["findings"]?.arrayValue ?? []).map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        var out: [JSONValue] = []
        for k in Set(before.keys).union(after.keys).sorted() {
            let (x, y) = (before[k], after[k])
            let change: String
            switch (x, y) {
            case (nil, _?): change = "added"
            case (_?, nil): change = "dropped"
            case (let x?, let y?) where x["statement"] != y["statement"] || x["agrees_with_detection"] != y["agrees_with_detection"]:
                change = "changed"
            default: continue
            }
            let parts = k.split(separator: "|", omittingEmptySubsequences: false).map { JSONValue.string(String($0)) }
            out.append([
                "change": .string(change), "metric": parts[0], "dimension": parts[1], "slice": parts[2],
                "a": x?["statement"] ?? .null, "b": y?["statement"] ?? .null,
                "a_agrees": x?["agrees_with_detection"] ?? .null, "b_agrees": y?["agrees_with_detection"] ?? .null,
            ])
        }
        return out
    }

    static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
    }

    static func hypotheses(_ a: JSONValue, _ b: JSONValue) -> [JSONValue] {
        let before = a["hypotheses"]?.arrayValue ?? []
        let after = b["hypotheses"]?.arrayValue ?? []
        let afterByText = Dictionary(after.map { (normalized($0["text"]?.stringValue ?? ""), $0) }, uniquingKeysWith: { first, _ in first })
        let beforeTexts = Set(before.map { normalized($0["text"]?.stringValue ?? "") })
        var out: [JSONValue] = []
        for h in before {
            let text = normalized(h["text"]?.stringValue ?? "")
            if let match = afterByText[text] {
                if match["confidence"] != h["confidence"] {
                    out.append([
                        "change": "changed", "text": h["text"] ?? .null, "a_confidence": h["confidence"] ?? .null,
                        "b_confidence": match["confidence"] ?? .null,
                    ])
                }
            } else {
                out.append([
                    "change": "dropped", "text": h["text"] ?? .null, "a_confidence": h["confidence"] ?? .null, "b_confidence": .null,
                ])
            }
        }
        for h in after where !beforeTexts.contains(normalized(h["text"]?.stringValue ?? "")) {
            out.append(["change": "added", "text": h["text"] ?? .null, "a_confidence": .null, "b_confidence": h["confidence"] ?? .null])
        }
        return out
    }

    static func lists(_ a: JSONValue?, _ b: JSONValue?) -> JSONValue {
        let x = (a?.arrayValue ?? []).compactMap(\.stringValue)
        let y = (b?.arrayValue ?? []).compactMap(\.stringValue)
        return [
            "added": .array(y.filter { !x.contains($0) }.map { .string($0) }),
            "dropped": .array(x.filter { !y.contains($0) }.map { .string($0) }),
        ]
    }
}
