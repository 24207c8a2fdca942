import CanonicalJSON
import Context
import EventArchive

/// What changed between two analyses (two days, or one day under two models or prompt versions): findings added,
/// dropped and restated (matched by metric, dimension and slice, so two days compare), hypotheses by text, checks,
/// caveats, and a word diff of the summary. ``json`` is `aa narratives diff --json`.
package struct NarrativeDiff {
    /// One of the two analyses compared.
    package struct Side {
        package let analysisId: String
        package let runId: String
        package let runDate: String
        package let analysis: AnalysisProduced
    }

    /// How an item differs between the two sides.
    package enum Change: String {
        case added, dropped, changed
    }

    /// A finding whose statement appears, disappears or changes.
    package struct FindingChange {
        package let change: Change
        package let metric: String
        package let dimension: String
        package let slice: String
        package let a: AnalysisNarrative.Statement?
        package let b: AnalysisNarrative.Statement?
    }

    /// A hypothesis that appears, disappears or changes its confidence.
    package struct HypothesisChange {
        package let change: Change
        package let text: String
        package let aConfidence: String?
        package let bConfidence: String?
    }

    /// Items of a list (checks, caveats) only one side has.
    package struct ListChange: Equatable {
        package let added: [String]
        package let dropped: [String]
    }

    package let a: Side
    package let b: Side
    /// Whether both analysed the same findings (then a change is the analyst's, not the data's).
    package let sameInput: Bool
    package let words: [WordDiff.Piece]
    package let findings: [FindingChange]
    package let hypotheses: [HypothesisChange]
    package let recommendedChecks: ListChange
    package let caveats: ListChange

    /// Compares two `analysis.produced` events.
    package init(_ a: EventEnvelope, _ b: EventEnvelope, reader: ArchiveReader) throws(PipelineError) {
        let analysisA = try a.typed(AnalysisProduced.self)
        let analysisB = try b.typed(AnalysisProduced.self)
        // Anomaly ids are run-specific, so two runs of the same findings digest differently: compare what was found.
        var same = analysisA.inputDigest == analysisB.inputDigest
        if !same {
            let findingsA = try reader.findingsFingerprint(of: analysisA.analyzedRunId ?? a.runId)
            same = try findingsA == reader.findingsFingerprint(of: analysisB.analyzedRunId ?? b.runId)
        }
        self.init(
            Side(analysisId: a.eventId, runId: a.runId, runDate: a.runDate, analysis: analysisA),
            Side(analysisId: b.eventId, runId: b.runId, runDate: b.runDate, analysis: analysisB), sameInput: same)
    }

    /// The diff of two analyses.
    package init(_ a: Side, _ b: Side, sameInput: Bool) {
        self.a = a
        self.b = b
        self.sameInput = sameInput
        let x = a.analysis.narrative
        let y = b.analysis.narrative
        words = WordDiff.diff(x.summary ?? "", y.summary ?? "")
        findings = Self.findings(x, y)
        hypotheses = Self.hypotheses(x, y)
        recommendedChecks = Self.list(x.recommendedChecks, y.recommendedChecks)
        caveats = Self.list(x.caveats, y.caveats)
    }

    static func findings(_ a: AnalysisNarrative, _ b: AnalysisNarrative) -> [FindingChange] {
        let before = Dictionary(a.statements.map { ($0.cellKey, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(b.statements.map { ($0.cellKey, $0) }, uniquingKeysWith: { first, _ in first })
        var out: [FindingChange] = []
        for key in Set(before.keys).union(after.keys).sorted() {
            let (x, y) = (before[key], after[key])
            let change: Change
            switch (x, y) {
            case (nil, _?): change = .added
            case (_?, nil): change = .dropped
            case (let x?, let y?) where x.statement != y.statement || x.agreesWithDetection != y.agreesWithDetection: change = .changed
            default: continue
            }
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            out.append(FindingChange(change: change, metric: parts[0], dimension: parts[1], slice: parts[2], a: x, b: y))
        }
        return out
    }

    /// A hypothesis's text as it is matched: lowercased, punctuation and spacing ignored.
    static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
    }

    static func hypotheses(_ a: AnalysisNarrative, _ b: AnalysisNarrative) -> [HypothesisChange] {
        let afterByText = Dictionary(b.hypotheses.map { (normalized($0.text), $0) }, uniquingKeysWith: { first, _ in first })
        let beforeTexts = Set(a.hypotheses.map { normalized($0.text) })
        var out: [HypothesisChange] = []
        for h in a.hypotheses {
            if let match = afterByText[normalized(h.text)] {
                if match.confidence != h.confidence {
                    out.append(HypothesisChange(change: .changed, text: h.text, aConfidence: h.confidence, bConfidence: match.confidence))
                }
            } else {
                out.append(HypothesisChange(change: .dropped, text: h.text, aConfidence: h.confidence, bConfidence: nil))
            }
        }
        for h in b.hypotheses where !beforeTexts.contains(normalized(h.text)) {
            out.append(HypothesisChange(change: .added, text: h.text, aConfidence: nil, bConfidence: h.confidence))
        }
        return out
    }

    static func list(_ a: [String], _ b: [String]) -> ListChange {
        ListChange(added: b.filter { !a.contains($0) }, dropped: a.filter { !b.contains($0) })
    }
}
