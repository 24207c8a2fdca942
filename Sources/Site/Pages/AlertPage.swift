import CanonicalJSON
import EventArchive
import Foundation
import MonitorEngine
import Pipeline

/// The chain behind one alert (`aa why`), readable: the finding and its chart, the run with its versions and
/// hashes, the rendered SQL and parameters, the slice's rows, the baseline, the rule, the analyst's turns and
/// tool calls, what was delivered, and later runs; each step links to the archived event it comes from.
package enum AlertPage {
    package static func render(_ l: WhyLineage, chart: SeriesChart?, unit: String, frame: PageFrame) -> String {
        let f = l.finding
        let path = SitePaths.alert(f.anomalyId)
        let root = SitePaths.root(of: path)
        let run = l.run
        var body = "<p>" + HTML.link(root + SitePaths.day(l.monitor, l.runDate), "← the day's report") + "</p>"
        if let s = l.supersession {
            body += "<section class=\"card\"><h2>Superseded</h2><p>A later \(HTML.text(s.trigger)) run <code>"
            body += "\(HTML.escape(s.runId))</code> (logic \(HTML.text(s.logicVersion))) is now current; "
            body +=
                s.still.map {
                    "it still flags this: severity \(HTML.escape($0.severity)), statistic \(HTML.value($0.statistic)).</p></section>"
                } ?? "it no longer flags this finding.</p></section>"
        }
        if let top = l.listedUnder {
            body += "<p>Listed under " + HTML.link(top.anomalyId + ".html", top.anomalyId) + " ("
            body += HTML.escape(Vocabulary.cell(top.metric, top.dimension, top.slice)) + ", \(HTML.escape(top.status))): "
            body += "one incident, one alert.</p>"
        }
        body += FindingSection.render(f, chart: chart, unit: unit, alertHref: nil)
        body += heading("Run", l.link(.runStarted)?.eventId)
        body += HTML.table(
            ["field", "value"],
            [
                ("run", run.runId), ("trigger", run.trigger), ("started", run.startedAt), ("status", run.status),
                ("aa", run.codeVersion), ("engine", run.engineVersion), ("logic version", run.logicVersion), ("registry", run.registry),
                ("config sha256", run.configHash), ("template", run.template), ("template sha256", run.templateHash),
            ].map { ["<strong>\($0.0)</strong>", "<code>\(HTML.text($0.1))</code>"] })
        body += query(l.query)
        body += baseline(f)
        body += heading("Analyst", l.analysis.eventId) + analyst(l.analysis, anomalyId: l.anomalyId)
        let message = l.message
        body += heading("Message", message.eventId)
        body += "<p>\(HTML.text(message.type?.rawValue)) to \(HTML.text(message.record?.destination)): "
        body += "\(HTML.text(message.record?.reason))</p>"
        body += "<h2>Event chain</h2>"
        body += HTML.table(
            ["#", "type", "event", "hash"],
            l.chain.map { e in
                [
                    "<span id=\"ev-\(HTML.escape(e.eventId))\">\(e.sequence)</span>", HTML.escape(e.type.rawValue),
                    "<code>\(HTML.escape(e.eventId))</code>", "<code>\(HTML.escape(String(e.hash.prefix(16))))…</code>",
                ]
            })
        return frame.page(
            title: "\(f.metric) · \(f.dimension)=\(f.slice) on \(l.runDate)", root: root,
            breadcrumb: [(l.monitor, nil), (l.runDate, SitePaths.day(l.monitor, l.runDate)), (f.anomalyId, nil)],
            source: "anomaly \(f.anomalyId) of run \(run.runId)", body: body)
    }

    /// A section heading that links to the row of `eventId` in the chain table.
    static func heading(_ title: String, _ eventId: String?) -> String {
        guard let eventId else { return "<h2>\(title)</h2>" }
        return "<h2>\(title) <a class=\"muted\" href=\"#ev-\(HTML.escape(eventId))\">event \(HTML.escape(eventId))</a></h2>"
    }

    /// The archived query: where it ran, its parameters and SQL, the slice's rows.
    static func query(_ query: WhyLineage.Query) -> String {
        let pull = query.pull
        var out = heading("Query", query.eventId)
        out += "<p>\(HTML.text(pull?.sourceKind)) · job <code>\(HTML.text(pull?.jobId))</code> · "
        out += "\(HTML.text(pull.map { "\($0.rowCount)" })) rows · result sha256 <code>\(HTML.text(pull?.resultHash))</code></p>"
        out += HTML.table(
            ["parameter", "type", "value"],
            (pull?.boundParameters ?? []).map { ["@" + HTML.escape($0.name), HTML.escape($0.type), cell($0.value)] })
        out += "<pre class=\"sql\">\(HTML.text(pull?.sql))</pre>"
        let rows = query.sliceRows.map { $0.map(cell) }
        out += "<details><summary>The \(rows.count) rows of this slice</summary>"
        return out + HTML.table((pull?.columnNames ?? []).map(HTML.escape), rows) + "</details>"
    }

    /// A JSON value from a row or a parameter as escaped text.
    static func cell(_ v: JSONValue) -> String { v == .null ? "n/a" : HTML.escape(AnalysisSection.text(v)) }

    static func baseline(_ f: AnomalyFlagged) -> String {
        let s = f.stats
        let window = f.window
        let rule = f.ruleSummary
        var out = "<h2>Baseline and rule</h2><p>Same-weekday median \(HTML.value(s.seasonalMedian)) over "
        out += window.days.map { "\(HTML.escape($0.date)) = \(HTML.value($0.value))" }.joined(separator: ", ")
        out += "; moved by a trend of \(HTML.value(s.trendPerWeek)) a week to a trend-adjusted baseline of "
        out += "\(HTML.value(s.baseline)).</p>"
        out += "<p>Trailing window \(HTML.text(window.trailingFrom)) to \(HTML.text(window.trailingTo)): mean "
        out += "\(HTML.value(s.mean)), median \(HTML.value(s.median)), MAD \(HTML.value(s.mad)), noise scale \(HTML.value(s.scale)).</p>"
        let levels = rule.levels.map { "\(HTML.escape($0.level)) ≥ \(setting($0.threshold))" }
        out +=
            "<p>Rule \(HTML.text(rule.method)): \(HTML.escape(Vocabulary.statistic(f.statisticName))) = \(HTML.value(f.statistic)) reached "
        out += "\(HTML.escape(f.severity)) (levels \(levels.joined(separator: ", ")); direction \(HTML.text(rule.direction)); "
        out += "min_volume \(setting(rule.minVolume)), min_relative_change \(setting(rule.minRelativeChange))).</p>"
        return out
    }

    /// A rule's setting as the registry writes it (`4.5`, `9`, `0.08`).
    static func setting(_ v: Double?) -> String { v.map { String(format: "%g", $0) } ?? "n/a" }

    /// The analyst's statement, turns and tool calls, failure and re-analyses.
    static func analyst(_ a: WhyLineage.Analysis, anomalyId: String) -> String {
        let produced = a.produced
        let trace = produced?.agentTrace
        var out = "<p class=\"muted\">\(HTML.text(produced?.model)) · \(HTML.text(produced?.promptVersion))"
        if let produced, !produced.builtin {
            out += " · \(HTML.text(trace?.endpoint)) · \(HTML.text(trace?.totalTokens.map { "\($0)" })) tokens"
        }
        out += "</p><p>\(HTML.text(produced?.narrative.statement(about: anomalyId)))</p>"
        out += "<p>\(HTML.text(produced?.narrative.summary))</p>"
        if let failed = a.failed {
            out += "<p>The AI analysis by \(HTML.escape(failed.model)) failed: \(HTML.escape(failed.reason)); the built-in "
            out += "narrative stood in.</p>"
        }
        let calls = (trace?.toolCalls ?? []).map { c in
            ["\(c.turn)", "<code>\(HTML.escape(c.name))(\(HTML.escape(c.arguments)))</code>", c.ok ? "ok" : "error"]
        }
        if !calls.isEmpty { out += HTML.table(["turn", "tool call", "result"], calls, caption: "Tool calls") }
        for again in a.reanalyses {
            out += "<p>Re-analysed by \(HTML.text(again.analysis?.model)) (\(HTML.text(again.analysis?.promptVersion))): "
            out += "\(HTML.text(again.analysis?.narrative.summary))</p>"
        }
        return out
    }
}
