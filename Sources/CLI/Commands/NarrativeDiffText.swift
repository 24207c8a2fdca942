import CanonicalJSON

/// The text form of `aa narratives diff`: both sides, the summary as a word diff, then what was added, dropped and changed.
enum NarrativeDiffText {
    static func render(_ d: JSONValue) -> String {
        var out: [String] = []
        for (mark, side) in [("---", d["a"]), ("+++", d["b"])] {
            out.append(
                "\(mark) \(Format.json(side?["run_date"])) \(Format.json(side?["model"])) · \(Format.json(side?["prompt_version"])) · "
                    + "\(Format.json(side?["analysis_id"]))"
            )
        }
        out.append(d["same_input"] == true ? "(same findings analysed)" : "(different findings analysed)")
        out.append("\nSummary")
        let pieces = (d["summary"]?["words"]?.arrayValue ?? []).map { p -> String in
            switch p["op"]?.stringValue {
            case "-": return "[-\(Format.json(p["text"]))-]"
            case "+": return "{+\(Format.json(p["text"]))+}"
            default: return Format.json(p["text"])
            }
        }
        out.append("  " + pieces.joined(separator: " "))
        let findings = d["findings"]?.arrayValue ?? []
        out.append("\nFindings" + (findings.isEmpty ? ": no change" : ""))
        for f in findings {
            let subject = "\(Format.json(f["metric"])) [\(Format.json(f["dimension"]))=\(Format.json(f["slice"]))]"
            switch f["change"]?.stringValue {
            case "added": out.append("  + \(subject): \(Format.json(f["b"]))")
            case "dropped": out.append("  - \(subject): \(Format.json(f["a"]))")
            default:
                out.append("  ~ \(subject)")
                out.append("      was: \(Format.json(f["a"]))")
                out.append("      now: \(Format.json(f["b"]))")
            }
        }
        let hypotheses = d["hypotheses"]?.arrayValue ?? []
        out.append("\nHypotheses" + (hypotheses.isEmpty ? ": no change" : ""))
        for h in hypotheses {
            switch h["change"]?.stringValue {
            case "added": out.append("  + \(Format.json(h["text"])) (\(Format.json(h["b_confidence"])))")
            case "dropped": out.append("  - \(Format.json(h["text"])) (\(Format.json(h["a_confidence"])))")
            default:
                out.append(
                    "  ~ \(Format.json(h["text"])): confidence \(Format.json(h["a_confidence"])) → \(Format.json(h["b_confidence"]))")
            }
        }
        for (title, key) in [("Recommended checks", "recommended_checks"), ("Caveats", "caveats")] {
            let added = d[key]?["added"]?.arrayValue ?? []
            let dropped = d[key]?["dropped"]?.arrayValue ?? []
            guard !added.isEmpty || !dropped.isEmpty else { continue }
            out.append("\n\(title)")
            out += dropped.map { "  - " + Format.json($0) } + added.map { "  + " + Format.json($0) }
        }
        return out.joined(separator: "\n")
    }
}
