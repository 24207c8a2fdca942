import CanonicalJSON
import EventArchive
import Foundation
import MonitorEngine

/// Renders a why-lineage for a terminal, section by section.
enum WhyText {
    static func render(_ l: JSONValue) -> String {
        guard let f = try? AnomalyFlagged(json: l["finding"] ?? .null) else { return "the lineage has no readable finding" }
        let stats = f.stats
        let run = l["run"] ?? .null
        let query = l["query"] ?? .null
        var out: [String] = []
        out.append("Anomaly \(Format.json(l["anomaly_id"])) — \(Format.json(l["monitor"])) on \(Format.json(l["run_date"]))")
        out.append(
            "  \(f.metric) [\(f.dimension)=\(f.slice)] went "
                + "\(f.direction): "
                + "\(Format.json(.number(stats.value))) vs baseline \(Format.json(.number(stats.baseline))) "
                + "(\(Format.percent(stats.deltaRelative)))"
        )
        out.append(
            "  severity \(f.severity), status \(f.status)"
                + (f.since.map { " since \($0)" } ?? ""))
        if let s = l["supersession"], s != .null {
            out.append("\nSuperseded")
            out.append(
                s["trigger"] == "restatement"
                    ? "  the warehouse restated this day's data, and run \(Format.json(s["superseded_by_run"])) judged it again "
                        + "(logic \(Format.json(s["logic_version"]))); it is now current (aa restatements)"
                    : "  a later \(Format.json(s["trigger"])) run \(Format.json(s["superseded_by_run"])) (logic "
                        + "\(Format.json(s["logic_version"]))) is now current"
            )
            out.append(
                s["still_flagged"]?.boolValue == true
                    ? "  it still flags this: severity \(Format.json(s["new_severity"])), statistic "
                        + "\(Format.json(s["new_statistic"])), id \(Format.json(s["new_anomaly_id"]))"
                    : "  it no longer flags this finding")
        }
        out.append("\nRun")
        out.append(
            "  run \(Format.json(run["run_id"])) (\(Format.json(run["trigger"]))) started \(Format.json(run["started_at"])), "
                + "\(Format.json(run["status"]))"
        )
        out.append(
            "  aa \(Format.json(run["code_version"])), \(Format.json(run["engine_version"])), logic \(Format.json(run["logic_version"]))")
        out.append("  registry \(Format.json(run["registry"])) config sha256 \(Format.json(run["config_hash"]))")
        out.append("  template \(Format.json(run["template"])) sha256 \(Format.json(run["template_hash"]))")
        out.append(
            "\nQuery (\(Format.json(query["source"]?["kind"])), job \(Format.json(query["job_id"])), "
                + "\(Format.json(query["row_count"])) rows, result sha256 \(Format.json(query["result_hash"])))"
        )
        out.append(
            "  parameters: "
                + (query["parameters"]?.arrayValue ?? []).map {
                    "@\(Format.json($0["name"])) \(Format.json($0["type"])) = \(Format.json($0["value"]))"
                }.joined(separator: ", "))
        out.append((query["sql"]?.stringValue ?? "").split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        let columns = (query["columns"]?.arrayValue ?? []).map { Format.json($0) }
        let rows = query["slice_rows"]?.arrayValue ?? []
        out.append("  rows for this slice (\(rows.count)), last 8: " + columns.joined(separator: " | "))
        for row in rows.suffix(8) { out.append("    " + (row.arrayValue ?? []).map { Format.json($0) }.joined(separator: " | ")) }
        let window = f.baselineWindow
        out.append("\nBaseline")
        out.append(
            "  same-weekday median over: "
                + (window["days"]?.arrayValue ?? []).map { "\(Format.json($0["date"]))=\(Format.json($0["value"]))" }.joined(
                    separator: ", "))
        out.append(
            "  trailing window \(Format.json(window["trailing_from"])) … \(Format.json(window["trailing_to"])): mean "
                + "\(Format.json(.number(stats.mean))), "
                + "std \(Format.json(.number(stats.std))), median \(Format.json(.number(stats.median))), MAD \(Format.json(.number(stats.mad))), noise "
                + "scale \(Format.json(.number(stats.scale)))"
        )
        out.append("  previous day \(Format.json(.number(stats.previous))), same weekday last week \(Format.json(.number(stats.lastWeek)))")
        let restated = l["restatements"]?.arrayValue ?? []
        if !restated.isEmpty {
            out.append("\nRestated since the previous run (\(restated.count))")
            for r in restated {
                out.append(
                    "  \(Format.json(r["day"])) \(Format.json(r["column"])): \(Format.json(r["old"])) → \(Format.json(r["new"])) "
                        + "(\(Format.percent(r["relative_change"]?.doubleValue)))"
                        + (r["baseline_day"] == true ? " — a baseline day: the baseline moved" : ""))
            }
        }
        let rule = f.rule
        out.append("\nRule")
        out.append(
            "  \(Format.json(rule["method"])): \(f.statisticName) = \(Format.json(.number(f.statistic))) reached "
                + "\(f.severity) threshold \(Format.json(.number(f.threshold)))"
        )
        out.append(
            "  levels "
                + (rule["severity"]?.arrayValue ?? []).map { "\(Format.json($0["level"]))≥\(Format.json($0["threshold"]))" }.joined(
                    separator: ", ")
                + "; direction \(Format.json(rule["direction"])); min_volume \(Format.json(rule["min_volume"])) (volume "
                + "\(Format.json(.number(stats.volume))), baseline \(Format.json(.number(stats.volumeBaseline))))"
                + "; min_relative_change \(Format.json(rule["min_relative_change"]))")
        if let drill = Optional(f.drillDown), drill != .null {
            out.append("\nContributing slices")
            for b in drill["breakdowns"]?.arrayValue ?? [] {
                var head = "  by \(Format.json(b["dimension"]))"
                if let mix = b["mix_effect"]?.doubleValue {
                    head += " (mix \(Format.number(mix)), rate \(Format.number(b["rate_effect"]?.doubleValue)))"
                }
                out.append(head + ":")
                for c in b["contributors"]?.arrayValue ?? [] {
                    out.append(
                        "    \(Format.json(c["slice"])): \(Format.json(c["value"])) vs \(Format.json(c["baseline"])), share "
                            + "\(Format.percent(c["share"]?.doubleValue))"
                    )
                }
                if let omitted = b["omitted"]?.intValue, omitted > 0 { out.append("    …and \(omitted) more") }
            }
        }
        if let top = Optional(f.topLine), top != .null {
            out.append("\nDrill-down")
            out.append(
                "  this slice is \(Format.percent(top["share"]?.doubleValue)) of the top line's change "
                    + "(\(Format.percent(top["relative_change"]?.doubleValue)));"
                    + (top["flagged"]?.boolValue == true ? " the top line was flagged too" : " the top line alone was not flagged"))
        }
        let analysis = l["analysis"] ?? .null
        out += analystLines(analysis)
        let message = l["message"] ?? .null
        out.append("\nMessage")
        out.append("  \(Format.json(message["type"])) to \(Format.json(message["destination"])): \(Format.json(message["reason"]))")
        out.append("\nEvent chain")
        for e in l["chain"]?.arrayValue ?? [] {
            out.append(
                "  #\(Format.json(e["sequence"])) \(Format.json(e["type"])) \(Format.json(e["event_id"])) "
                    + "\(String(Format.json(e["hash"]).prefix(16)))…" + (e["this_finding"] == true ? "  ← this finding" : "")
            )
        }
        return out.joined(separator: "\n")
    }

    /// Who explained the finding and how: model, endpoint, every turn and tool call, failure and later re-analyses.
    static func analystLines(_ analysis: JSONValue) -> [String] {
        var out: [String] = []
        var head = "\nAnalyst (\(Format.json(analysis["model"])), \(Format.json(analysis["prompt_version"])))"
        if analysis["builtin"] == false {
            let turns = analysis["turns"]?.arrayValue ?? []
            head +=
                " at \(Format.json(analysis["endpoint"])) · \(turns.count) turn(s) · "
                + "\(Format.json(analysis["usage"]?["total_tokens"])) tokens"
                + " · \(Format.json(analysis["latency_ms"])) ms"
        }
        out.append(head)
        if let failed = analysis["failed"], failed != .null {
            out.append(
                "  AI analysis by \(Format.json(failed["model"])) failed: \(Format.json(failed["reason"])); the built-in narrative "
                    + "stands in"
            )
        }
        let calls = analysis["tool_calls"]?.arrayValue ?? []
        for turn in analysis["turns"]?.arrayValue ?? [] {
            let number = turn["turn"]?.intValue ?? 0
            let made = calls.filter { $0["turn"]?.intValue == number }
            let retries = (turn["attempts"]?.arrayValue?.count ?? 1) - 1
            let note = retries > 0 ? " after \(retries) retr\(retries == 1 ? "y" : "ies")" : ""
            if made.isEmpty {
                out.append(
                    "  turn \(number): answer (\(Format.json(turn["response"]?["finish_reason"])))\(note), "
                        + "\(Format.json(turn["latency_ms"])) ms"
                )
            }
            for call in made {
                out.append(
                    "  turn \(number): \(Format.json(call["name"]))(\(Format.json(call["arguments"]))) → "
                        + "\(call["ok"] == true ? "ok" : "error")"
                        + ", result sha256 \(String(Format.json(call["result_digest"]).prefix(12)))…\(note)")
            }
        }
        out.append("  " + Format.json(analysis["statement"]))
        out.append("  summary: " + Format.json(analysis["summary"]))
        for again in analysis["reanalyses"]?.arrayValue ?? [] {
            out.append(
                "  re-analysed by \(Format.json(again["model"])) (\(Format.json(again["prompt_version"])), "
                    + "\(Format.json(again["event_id"]))): \(Format.json(again["summary"]))"
            )
        }
        return out
    }
}
