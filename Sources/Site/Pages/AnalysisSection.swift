import CanonicalJSON
import EventArchive
import MonitorEngine

/// What the analyst said: summary, its statements about findings, hypotheses with confidence, the checks it
/// recommends and its doubts (caveats).
package enum AnalysisSection {
    package static func render(_ analysis: AnalysisProduced?, failedReason: String? = nil) -> String {
        guard let analysis else { return "<p class=\"muted\">No analysis was archived for this run.</p>" }
        let out = analysis.narrative
        var html = "<p class=\"muted\">\(HTML.escape(analysis.builtin ? "Built-in narrative" : "AI analysis")) · model "
        html += "\(HTML.escape(analysis.model)) · prompt \(HTML.escape(analysis.promptVersion))</p>"
        html += "<p>\(HTML.escape(out.summary ?? ""))</p>"
        let statements = out.statements.map { f -> String in
            let agrees = f.agreesWithDetection == false ? " <em>(disagrees with detection)</em>" : ""
            return "<li><strong>\(HTML.escape(f.metric)) · \(HTML.escape(f.dimension))=\(HTML.escape(f.slice))</strong>: "
                + "\(HTML.escape(f.statement ?? ""))\(agrees)</li>"
        }
        if !statements.isEmpty { html += "<h4>Findings</h4><ul>\(statements.joined())</ul>" }
        let hypotheses = out.hypotheses.map { h in
            "<li>\(HTML.escape(h.text)) <span class=\"muted\">(confidence \(HTML.text(h.confidence)))</span></li>"
        }
        if !hypotheses.isEmpty { html += "<h4>Hypotheses</h4><ul>\(hypotheses.joined())</ul>" }
        html += list("Recommended checks", out.recommendedChecks)
        html += list("Doubts", out.caveats)
        return html
    }

    static func list(_ title: String, _ texts: [String]) -> String {
        guard !texts.isEmpty else { return "" }
        return "<h4>\(HTML.escape(title))</h4><ul>" + texts.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
    }

    /// A JSON scalar as plain text.
    static func text(_ v: JSONValue) -> String {
        v.stringValue ?? v.intValue.map { "\($0)" } ?? v.doubleValue.map { "\($0)" } ?? v.canonicalString
    }
}
