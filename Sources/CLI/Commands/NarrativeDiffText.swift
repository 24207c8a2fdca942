import CanonicalJSON
import EventArchive
import Pipeline

/// The text form of `aa narratives diff`: both sides, the summary as a word diff, then what was added, dropped and changed.
enum NarrativeDiffText {
    static func render(_ d: NarrativeDiff) -> String {
        var out: [String] = []
        for (mark, side) in [("---", d.a), ("+++", d.b)] {
            out.append(
                "\(mark) \(side.runDate) \(side.analysis.model) · \(side.analysis.promptVersion) · \(side.analysisId)")
        }
        out.append(d.sameInput ? "(same findings analysed)" : "(different findings analysed)")
        out.append("\nSummary")
        let pieces = d.words.map { p -> String in
            switch p.op {
            case .removed: return "[-\(p.text)-]"
            case .added: return "{+\(p.text)+}"
            case .same: return p.text
            }
        }
        out.append("  " + pieces.joined(separator: " "))
        out.append("\nFindings" + (d.findings.isEmpty ? ": no change" : ""))
        for f in d.findings {
            let subject = "\(f.metric) [\(f.dimension)=\(f.slice)]"
            switch f.change {
            case .added: out.append("  + \(subject): \(Format.text(f.b?.statement))")
            case .dropped: out.append("  - \(subject): \(Format.text(f.a?.statement))")
            case .changed:
                out.append("  ~ \(subject)")
                out.append("      was: \(Format.text(f.a?.statement))")
                out.append("      now: \(Format.text(f.b?.statement))")
            }
        }
        out.append("\nHypotheses" + (d.hypotheses.isEmpty ? ": no change" : ""))
        for h in d.hypotheses {
            switch h.change {
            case .added: out.append("  + \(h.text) (\(Format.text(h.bConfidence)))")
            case .dropped: out.append("  - \(h.text) (\(Format.text(h.aConfidence)))")
            case .changed:
                out.append("  ~ \(h.text): confidence \(Format.text(h.aConfidence)) → \(Format.text(h.bConfidence))")
            }
        }
        for (title, list) in [("Recommended checks", d.recommendedChecks), ("Caveats", d.caveats)]
        where !list.added.isEmpty || !list.dropped.isEmpty {
            out.append("\n\(title)")
            out += list.dropped.map { "  - " + $0 } + list.added.map { "  + " + $0 }
        }
        return out.joined(separator: "\n")
    }
}
