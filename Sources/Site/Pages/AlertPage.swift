import CanonicalJSON
import EventArchive
import MonitorEngine

/// The chain behind one alert (`aa why`), readable: the finding and its chart, the run with its versions and
/// hashes, the rendered SQL and parameters, the slice's rows, the baseline, the rule, the analyst's turns and
/// tool calls, what was delivered, and later runs; each step links to the archived event it comes from.
package enum AlertPage {
    package static func render(_ l: JSONValue, finding f: AnomalyFlagged, chart: SeriesChart?, unit: String, frame: PageFrame) -> String {
        let path = SitePaths.alert(f.anomalyId)
        let root = SitePaths.root(of: path)
        let monitor = l["monitor"]?.stringValue ?? ""
        let date = l["run_date"]?.stringValue ?? ""
        let run = l["run"] ?? .null
        let query = l["query"] ?? .null
        var body = "<p>" + HTML.link(root + SitePaths.day(monitor, date), "← the day's report") + "</p>"
        if let s = l["supersession"], s != .null {
            body += "<section class=\"card\"><h2>Superseded</h2><p>A later \(text(s["trigger"])) run <code>"
            body += "\(text(s["superseded_by_run"]))</code> (logic \(text(s["logic_version"]))) is now current; "
            body +=
                s["still_flagged"]?.boolValue == true
                ? "it still flags this: severity \(text(s["new_severity"])), statistic \(text(s["new_statistic"])).</p></section>"
                : "it no longer flags this finding.</p></section>"
        }
        body += FindingSection.render(f, chart: chart, unit: unit, alertHref: nil)
        body += heading("Run", chainId(l, "run.started"))
        body += HTML.table(
            ["field", "value"],
            [
                ("run", run["run_id"]), ("trigger", run["trigger"]), ("started", run["started_at"]), ("status", run["status"]),
                ("aa", run["code_version"]), ("engine", run["engine_version"]), ("logic version", run["logic_version"]),
                ("registry", run["registry"]), ("config sha256", run["config_hash"]), ("template", run["template"]),
                ("template sha256", run["template_hash"]),
            ].map { ["<strong>\($0.0)</strong>", "<code>\(text($0.1))</code>"] })
        body += heading("Query", query["event_id"]?.stringValue)
        body += "<p>\(text(query["source"]?["kind"])) · job <code>\(text(query["job_id"]))</code> · \(text(query["row_count"])) rows · "
        body += "result sha256 <code>\(text(query["result_hash"]))</code></p>"
        body += HTML.table(
            ["parameter", "type", "value"],
            (query["parameters"]?.arrayValue ?? []).map { ["@" + text($0["name"]), text($0["type"]), text($0["value"])] })
        body += "<pre class=\"sql\">\(text(query["sql"]))</pre>"
        let columns = (query["columns"]?.arrayValue ?? []).map { AnalysisSection.text($0) }
        let rows = (query["slice_rows"]?.arrayValue ?? []).map { row in (row.arrayValue ?? []).map { text($0) } }
        body += "<details><summary>The \(rows.count) rows of this slice</summary>" + HTML.table(columns, rows) + "</details>"
        body += baseline(f)
        body += heading("Analyst", l["analysis"]?["event_id"]?.stringValue) + analyst(l["analysis"] ?? .null)
        let message = l["message"] ?? .null
        body += heading("Message", message["event_id"]?.stringValue)
        body += "<p>\(text(message["type"])) to \(text(message["destination"])): \(text(message["reason"]))</p>"
        body += "<h2>Event chain</h2>"
        body += HTML.table(
            ["#", "type", "event", "hash"],
            (l["chain"]?.arrayValue ?? []).map { e in
                let id = e["event_id"]?.stringValue ?? ""
                return [
                    "<span id=\"ev-\(HTML.escape(id))\">\(text(e["sequence"]))</span>", text(e["type"]), "<code>\(HTML.escape(id))</code>",
                    "<code>\(HTML.escape(String((e["hash"]?.stringValue ?? "").prefix(16))))…</code>",
                ]
            })
        return frame.page(
            title: "\(f.metric) · \(f.dimension)=\(f.slice) on \(date)", root: root,
            breadcrumb: [(monitor, nil), (date, SitePaths.day(monitor, date)), (f.anomalyId, nil)],
            source: "anomaly \(f.anomalyId) of run \(run["run_id"]?.stringValue ?? "?")", body: body)
    }

    /// A section heading that links to the row of `eventId` in the chain table.
    static func heading(_ title: String, _ eventId: String?) -> String {
        guard let eventId else { return "<h2>\(title)</h2>" }
        return "<h2>\(title) <a class=\"muted\" href=\"#ev-\(HTML.escape(eventId))\">event \(HTML.escape(eventId))</a></h2>"
    }

    static func chainId(_ l: JSONValue, _ type: String) -> String? {
        (l["chain"]?.arrayValue ?? []).first { $0["type"]?.stringValue == type }?["event_id"]?.stringValue
    }

    /// A JSON value as escaped text.
    static func text(_ v: JSONValue?) -> String {
        guard let v, v != .null else { return "n/a" }
        return HTML.escape(AnalysisSection.text(v))
    }

    static func baseline(_ f: AnomalyFlagged) -> String {
        let s = f.stats
        var out = "<h2>Baseline and rule</h2><p>Same-weekday median over "
        out +=
            (f.baselineWindow["days"]?.arrayValue ?? []).map { "\(text($0["date"])) = \(HTML.value($0["value"]?.doubleValue))" }
            .joined(separator: ", ")
        out += "; moved by a trend of \(HTML.value(s.trendPerWeek)) a week to \(HTML.value(s.baseline)).</p>"
        out += "<p>Trailing window \(text(f.baselineWindow["trailing_from"])) to \(text(f.baselineWindow["trailing_to"])): mean "
        out += "\(HTML.value(s.mean)), median \(HTML.value(s.median)), MAD \(HTML.value(s.mad)), noise scale \(HTML.value(s.scale)).</p>"
        let levels = (f.rule["severity"]?.arrayValue ?? []).map { "\(text($0["level"])) ≥ \(text($0["threshold"]))" }
        out += "<p>Rule \(text(f.rule["method"])): \(HTML.escape(f.statisticName)) = \(HTML.value(f.statistic)) reached "
        out += "\(HTML.escape(f.severity)) (levels \(levels.joined(separator: ", ")); direction \(text(f.rule["direction"])); "
        out += "min_volume \(text(f.rule["min_volume"])), min_relative_change \(text(f.rule["min_relative_change"]))).</p>"
        return out
    }

    /// The analyst's statement, turns and tool calls, failure and re-analyses.
    static func analyst(_ a: JSONValue) -> String {
        var out = "<p class=\"muted\">\(text(a["model"])) · \(text(a["prompt_version"]))"
        if a["builtin"] == false { out += " · \(text(a["endpoint"])) · \(text(a["usage"]?["total_tokens"])) tokens" }
        out += "</p><p>\(text(a["statement"]))</p><p>\(text(a["summary"]))</p>"
        if let failed = a["failed"], failed != .null {
            out += "<p>The AI analysis by \(text(failed["model"])) failed: \(text(failed["reason"])); the built-in narrative stood in.</p>"
        }
        let calls = (a["tool_calls"]?.arrayValue ?? []).map { c in
            [text(c["turn"]), "<code>\(text(c["name"]))(\(text(c["arguments"])))</code>", c["ok"] == true ? "ok" : "error"]
        }
        if !calls.isEmpty { out += HTML.table(["turn", "tool call", "result"], calls, caption: "Tool calls") }
        for again in a["reanalyses"]?.arrayValue ?? [] {
            out += "<p>Re-analysed by \(text(again["model"])) (\(text(again["prompt_version"]))): \(text(again["summary"]))</p>"
        }
        return out
    }
}
