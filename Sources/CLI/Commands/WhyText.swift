import CanonicalJSON
import EventArchive
import Foundation
import MonitorEngine
import Pipeline

/// Renders a why-lineage for a terminal, section by section.
enum WhyText {
    static func render(_ l: WhyLineage) -> String {
        let f = l.finding
        let stats = f.stats
        let run = l.run
        var out: [String] = []
        out.append("Anomaly \(l.anomalyId) — \(l.monitor) on \(l.runDate)")
        out.append(
            "  \(Vocabulary.cell(f.metric, f.dimension, f.slice)) went \(f.direction): \(Format.number(stats.value)) vs "
                + "\(Vocabulary.baseline) "
                + "\(Format.number(stats.baseline)) (\(Format.percent(stats.deltaRelative)))")
        out.append("  severity \(f.severity), status \(f.status)" + (f.since.map { " since \($0)" } ?? ""))
        if let top = l.listedUnder {
            out.append(
                "  listed under \(top.anomalyId) (\(Vocabulary.cell(top.metric, top.dimension, top.slice)), \(top.status)): "
                    + "one incident, one alert; `aa why \(top.anomalyId)`")
        }
        if let s = l.supersession {
            out.append("\nSuperseded")
            out.append(
                s.trigger == "restatement"
                    ? "  the warehouse restated this day's data, and run \(s.runId) judged it again "
                        + "(logic \(Format.text(s.logicVersion))); it is now current (aa restatements)"
                    : "  a later \(Format.text(s.trigger)) run \(s.runId) (logic \(Format.text(s.logicVersion))) is now current")
            out.append(
                s.still.map {
                    "  it still flags this: severity \($0.severity), statistic \(Format.number($0.statistic)), id \($0.anomalyId)"
                } ?? "  it no longer flags this finding")
        }
        out.append("\nRun")
        out.append("  run \(run.runId) (\(Format.text(run.trigger))) started \(run.startedAt), \(run.status)")
        out.append(
            "  aa \(Format.text(run.codeVersion)), \(Format.text(run.engineVersion)), logic \(Format.text(run.logicVersion))")
        out.append("  registry \(Format.text(run.registry)) config sha256 \(Format.text(run.configHash))")
        out.append("  template \(Format.text(run.template)) sha256 \(Format.text(run.templateHash))")
        out += queryLines(l.query)
        out += baselineLines(f)
        if !l.restatements.isEmpty {
            out.append("\nRestated since the previous run (\(l.restatements.count))")
            for r in l.restatements {
                let v = r.value
                out.append(
                    "  \(v.day) \(v.column): \(Format.number(v.old)) → \(Format.number(v.new)) (\(Format.percent(v.relativeChange)))"
                        + (r.baselineDay ? " — a baseline day: the baseline moved" : ""))
            }
        }
        out += ruleLines(f)
        out += drillDownLines(f)
        out += analystLines(l.analysis, anomalyId: l.anomalyId)
        let message = l.message
        out.append("\nMessage")
        out.append(
            "  \(Format.text(message.type?.rawValue)) to \(Format.text(message.record?.destination)): "
                + Format.text(message.record?.reason))
        out.append("\nEvent chain")
        for e in l.chain {
            out.append(
                "  #\(e.sequence) \(e.type.rawValue) \(e.eventId) \(e.hash.prefix(16))…" + (e.isThisFinding ? "  ← this finding" : ""))
        }
        return out.joined(separator: "\n")
    }

    /// The archived query: where it ran, its parameters and SQL, and the slice's last rows.
    static func queryLines(_ query: WhyLineage.Query) -> [String] {
        let pull = query.pull
        var out = [
            "\nQuery (\(Format.text(pull?.sourceKind)), job \(Format.text(pull?.jobId)), \(Format.count(pull?.rowCount)) rows, "
                + "result sha256 \(Format.text(pull?.resultHash)))",
            "  parameters: "
                + (pull?.boundParameters ?? []).map { "@\($0.name) \($0.type) = \(Format.json($0.value))" }.joined(separator: ", "),
            (pull?.sql ?? "").split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"),
            "  rows for this slice (\(query.sliceRows.count)), last 8: " + (pull?.columnNames ?? []).joined(separator: " | "),
        ]
        for row in query.sliceRows.suffix(8) { out.append("    " + row.map { Format.json($0) }.joined(separator: " | ")) }
        return out
    }

    /// The baseline's days and the trailing window's statistics.
    static func baselineLines(_ f: AnomalyFlagged) -> [String] {
        let stats = f.stats
        let window = f.window
        return [
            "\nBaseline",
            "  \(Vocabulary.seasonalMedian) \(Format.number(stats.seasonalMedian)) over: "
                + window.days.map { "\($0.date)=\(Format.number($0.value))" }.joined(separator: ", "),
            "  moved by a trend of \(Format.number(stats.trendPerWeek)) a week: \(Vocabulary.baseline) \(Format.number(stats.baseline))",
            "  trailing window \(Format.text(window.trailingFrom)) … \(Format.text(window.trailingTo)): mean "
                + "\(Format.number(stats.mean)), std \(Format.number(stats.std)), median \(Format.number(stats.median)), "
                + "MAD \(Format.number(stats.mad)), noise scale \(Format.number(stats.scale))",
            "  previous day \(Format.number(stats.previous)), same weekday last week \(Format.number(stats.lastWeek))",
        ]
    }

    /// The rule: the statistic against its level, and the gates.
    static func ruleLines(_ f: AnomalyFlagged) -> [String] {
        let rule = f.ruleSummary
        return [
            "\nRule",
            "  \(Format.text(rule.method)): \(Vocabulary.statistic(f.statisticName)) = \(Format.number(f.statistic)) reached \(f.severity) threshold "
                + Format.number(f.threshold),
            "  levels " + rule.levels.map { "\($0.level)≥\(Format.number($0.threshold))" }.joined(separator: ", ")
                + "; direction \(Format.text(rule.direction)); min_volume \(Format.number(rule.minVolume)) (volume "
                + "\(Format.number(f.stats.volume)), volume baseline \(Format.number(f.stats.volumeBaseline)))"
                + "; min_relative_change \(Format.number(rule.minRelativeChange))",
        ]
    }

    /// The contributing slices per dimension and the slice's share of the top line.
    static func drillDownLines(_ f: AnomalyFlagged) -> [String] {
        var out: [String] = []
        if let drill = f.drill {
            out.append("\nContributing slices")
            for b in drill.breakdowns {
                var head = "  by \(b.dimension)"
                if b.mixEffect.isFinite { head += " (mix \(Format.number(b.mixEffect)), rate \(Format.number(b.rateEffect)))" }
                out.append(head + ":")
                for c in b.contributors {
                    out.append(
                        "    \(c.slice): \(Format.number(c.value)) vs \(Format.number(c.baseline)), share \(Format.percent(c.share))")
                }
                if b.omitted > 0 { out.append("    …and \(b.omitted) more") }
            }
        }
        if let top = f.topLineShare {
            out.append("\nDrill-down")
            out.append(
                "  this slice is \(Format.percent(top.share)) of the top line's change (\(Format.percent(top.topLineRelativeChange)));"
                    + (top.topLineFlagged ? " the top line was flagged too" : " the top line alone was not flagged"))
        }
        return out
    }

    /// Who explained the finding and how: model, endpoint, every turn and tool call, failure and later re-analyses.
    static func analystLines(_ analysis: WhyLineage.Analysis, anomalyId: String) -> [String] {
        let produced = analysis.produced
        let trace = produced?.agentTrace
        var out: [String] = []
        var head = "\nAnalyst (\(Format.text(produced?.model)), \(Format.text(produced?.promptVersion)))"
        if let produced, !produced.builtin, let trace {
            head +=
                " at \(Format.text(trace.endpoint)) · \(trace.turns.count) turn(s) · \(Format.count(trace.totalTokens)) tokens"
                + " · \(Format.count(trace.latencyMs)) ms"
        }
        out.append(head)
        if let failed = analysis.failed {
            out.append("  AI analysis by \(failed.model) failed: \(failed.reason); the built-in narrative stands in")
        }
        for turn in trace?.turns ?? [] {
            let made = (trace?.toolCalls ?? []).filter { $0.turn == turn.number }
            let retries = turn.attempts - 1
            let note = retries > 0 ? " after \(retries) retr\(retries == 1 ? "y" : "ies")" : ""
            if made.isEmpty {
                out.append(
                    "  turn \(turn.number): answer (\(Format.text(turn.finishReason)))\(note), \(Format.count(turn.latencyMs)) ms")
            }
            for call in made {
                out.append(
                    "  turn \(turn.number): \(call.name)(\(call.arguments)) → \(call.ok ? "ok" : "error"), result sha256 "
                        + "\(Format.text(call.resultDigest).prefix(12))…\(note)")
            }
        }
        out.append("  " + Format.text(produced?.narrative.statement(about: anomalyId)))
        out.append("  summary: " + Format.text(produced?.narrative.summary))
        for again in analysis.reanalyses {
            out.append(
                "  re-analysed by \(Format.text(again.analysis?.model)) (\(Format.text(again.analysis?.promptVersion)), "
                    + "\(again.eventId)): \(Format.text(again.analysis?.narrative.summary))")
        }
        return out
    }
}
