import CanonicalJSON
import EventArchive
import MonitorEngine
import Pipeline

/// A monitor's analyses across days side by side, newest first, each with what changed since the day before
/// (`aa narratives diff`): findings and hypotheses added or dropped, confidence changes, the summary's word diff.
package enum NarrativesPage {
    /// One analysed day: the entry and its diff against the previous one (nil for the first).
    package struct Day: Sendable {
        package let entry: NarrativeEntry
        package let diff: NarrativeDiff?
        package init(entry: NarrativeEntry, diff: NarrativeDiff?) {
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
    static func diff(_ d: NarrativeDiff) -> String {
        var out = d.sameInput ? "<p class=\"muted\">Same findings analysed.</p>" : ""
        let words = d.words.map { w -> String in
            switch w.op {
            case .added: return "<ins>\(HTML.escape(w.text))</ins>"
            case .removed: return "<del>\(HTML.escape(w.text))</del>"
            case .same: return HTML.escape(w.text)
            }
        }
        out += "<p>\(words.joined(separator: " "))</p>"
        var items: [String] = []
        for f in d.findings {
            let subject = "\(HTML.escape(f.metric)) · \(HTML.escape(f.dimension))=\(HTML.escape(f.slice))"
            switch f.change {
            case .added: items.append("<li><ins>added</ins> \(subject): \(HTML.text(f.b?.statement))</li>")
            case .dropped: items.append("<li><del>dropped</del> \(subject): \(HTML.text(f.a?.statement))</li>")
            case .changed: items.append("<li>changed \(subject): \(HTML.text(f.b?.statement))</li>")
            }
        }
        for h in d.hypotheses {
            let text = HTML.escape(h.text)
            switch h.change {
            case .added: items.append("<li><ins>new hypothesis</ins> \(text) (\(HTML.text(h.bConfidence)))</li>")
            case .dropped: items.append("<li><del>hypothesis dropped</del> \(text)</li>")
            case .changed: items.append("<li>confidence \(HTML.text(h.aConfidence)) → \(HTML.text(h.bConfidence)): \(text)</li>")
            }
        }
        return out + (items.isEmpty ? "<p class=\"muted\">No finding or hypothesis changed.</p>" : "<ul>\(items.joined())</ul>")
    }
}
