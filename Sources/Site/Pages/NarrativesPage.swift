import CanonicalJSON
import EventArchive
import MonitorEngine

/// A monitor's analyses across days side by side, newest first, each with what changed since the day before
/// (`aa narratives diff`): findings and hypotheses added or dropped, confidence changes, the summary's word diff.
package enum NarrativesPage {
    /// One analysed day: the entry and its diff against the previous one (nil for the first).
    package struct Day: Sendable {
        package let entry: NarrativeEntry
        package let diff: JSONValue?
        package init(entry: NarrativeEntry, diff: JSONValue?) {
            self.entry = entry
            self.diff = diff
        }
    }

    package static func render(monitor: String, days: [Day], frame: PageFrame) -> String {
        let path = SitePaths.narratives(monitor)
        let root = SitePaths.root(of: path)
        var body = "<p>\(days.count) analyses of current reports, newest first.</p>"
        for day in days.reversed() {
            let e = day.entry
            body += "<section class=\"card\"><h2>\(HTML.link(root + SitePaths.day(monitor, e.runDate), e.runDate))</h2>"
            body += "<p class=\"muted\">\(HTML.escape(e.builtin ? "built-in" : "AI")) · \(HTML.escape(e.model)) · "
            body += "\(HTML.escape(e.promptVersion)) · \(e.alerts.map { "\($0) alert(s)" } ?? "")</p>"
            body += "<div class=\"columns\"><div><h3>What it said</h3><p>\(HTML.escape(e.summary))</p></div>"
            body += "<div><h3>Since the previous analysis</h3>\(day.diff.map(diff) ?? "<p class=\"muted\">The first analysis.</p>")</div>"
            body += "</div></section>"
        }
        return frame.page(
            title: "Narratives of \(monitor)", root: root, breadcrumb: [(monitor, nil), ("narratives", nil)],
            source: "\(days.count) analyses to \(days.last?.entry.runDate ?? "-")", body: body)
    }

    /// A narratives diff as HTML: the summary with insertions and deletions marked, then the changed lists.
    static func diff(_ d: JSONValue) -> String {
        var out = d["same_input"] == true ? "<p class=\"muted\">Same findings analysed.</p>" : ""
        let words = (d["summary"]?["words"]?.arrayValue ?? []).map { w -> String in
            let text = HTML.escape(w["text"]?.stringValue ?? "")
            switch w["op"]?.stringValue {
            case "+": return "<ins>\(text)</ins>"
            case "-": return "<del>\(text)</del>"
            default: return text
            }
        }
        out += "<p>\(words.joined(separator: " "))</p>"
        var items: [String] = []
        for f in d["findings"]?.arrayValue ?? [] {
            let subject = "\(AlertPage.text(f["metric"])) · \(AlertPage.text(f["dimension"]))=\(AlertPage.text(f["slice"]))"
            switch f["change"]?.stringValue {
            case "added": items.append("<li><ins>added</ins> \(subject): \(AlertPage.text(f["b"]))</li>")
            case "dropped": items.append("<li><del>dropped</del> \(subject): \(AlertPage.text(f["a"]))</li>")
            default: items.append("<li>changed \(subject): \(AlertPage.text(f["b"]))</li>")
            }
        }
        for h in d["hypotheses"]?.arrayValue ?? [] {
            let text = AlertPage.text(h["text"])
            switch h["change"]?.stringValue {
            case "added": items.append("<li><ins>new hypothesis</ins> \(text) (\(AlertPage.text(h["b_confidence"])))</li>")
            case "dropped": items.append("<li><del>hypothesis dropped</del> \(text)</li>")
            default:
                items.append(
                    "<li>confidence \(AlertPage.text(h["a_confidence"])) → \(AlertPage.text(h["b_confidence"])): \(text)</li>")
            }
        }
        return out + (items.isEmpty ? "<p class=\"muted\">No finding or hypothesis changed.</p>" : "<ul>\(items.joined())</ul>")
    }
}
