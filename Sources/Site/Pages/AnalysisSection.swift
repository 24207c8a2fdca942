import CanonicalJSON
import EventArchive
import MonitorEngine

/// What the analyst said: summary, its statements about findings, hypotheses with confidence, the checks it
/// recommends and its doubts (caveats).
package enum AnalysisSection {
    package static func render(_ analysis: AnalysisProduced?, failedReason: String? = nil) -> String {
        guard let analysis else { return "<p class=\"muted\">No analysis was archived for this run.</p>" }
        let out = analysis.output
        var html = "<p class=\"muted\">\(HTML.escape(analysis.builtin ? "Built-in narrative" : "AI analysis")) · model "
        html += "\(HTML.escape(analysis.model)) · prompt \(HTML.escape(analysis.promptVersion))</p>"
        html += "<p>\(HTML.escape(out["summary"]?.stringValue ?? ""))</p>"
        let statements = (out["findings"]?.arrayValue ?? []).map { f -> String in
            let agrees = f["agrees_with_detection"]?.boolValue == false ? " <em>(disagrees with detection)</em>" : ""
            return "<li><strong>\(HTML.escape(f["metric"]?.stringValue ?? "")) · \(HTML.escape(f["dimension"]?.stringValue ?? ""))="
                + "\(HTML.escape(f["slice"]?.stringValue ?? ""))</strong>: \(HTML.escape(f["statement"]?.stringValue ?? ""))\(agrees)</li>"
        }
        if !statements.isEmpty { html += "<h4>Findings</h4><ul>\(statements.joined())</ul>" }
        let hypotheses = (out["hypotheses"]?.arrayValue ?? []).map { h in
            "<li>\(HTML.escape(h["text"]?.stringValue ?? "")) <span class=\"muted\">(confidence "
                + "\(HTML.escape(h["confidence"].map(Self.text) ?? "n/a")))</span></li>"
        }
        if !hypotheses.isEmpty { html += "<h4>Hypotheses</h4><ul>\(hypotheses.joined())</ul>" }
        html += list("Recommended checks", out["recommended_checks"])
        html += list("Doubts", out["caveats"])
        return html
    }

    static func list(_ title: String, _ items: JSONValue?) -> String {
        let texts = (items?.arrayValue ?? []).compactMap(\.stringValue)
        guard !texts.isEmpty else { return "" }
        return "<h4>\(HTML.escape(title))</h4><ul>" + texts.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
    }

    /// A JSON scalar as plain text.
    static func text(_ v: JSONValue) -> String {
        v.stringValue ?? v.intValue.map { "\($0)" } ?? v.doubleValue.map { "\($0)" } ?? v.canonicalString
    }
}
