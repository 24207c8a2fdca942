import CanonicalJSON
import Context
import EventArchive
import MonitorEngine
import Pipeline

/// `aa narratives`: what the analyst said, day by day, and what changed between two analyses.
enum NarrativesCommand {
    static let spec = CommandSpec(
        name: "narratives",
        summary: "List the analyst's narratives side by side (date, model, prompt version, summary, top hypotheses), or diff two of them.",
        usage:
            "aa narratives --monitor M [--from D] [--to D] [--all] [--json]\n       aa narratives diff (A B | --monitor M D1 [D2]) "
            + "[--json]",
        options: [
            .monitor.explained("monitor (required, except to diff two analysis ids)"), .from.explained("first run date"),
            .source,
            .to.explained("last run date"), .all.explained("every analysis, including those of superseded runs"),
        ],
        examples: [
            "aa narratives --monitor revenue_funnel_demo --from 2026-11-01 --to 2026-11-20",
            "aa narratives diff --monitor revenue_funnel_demo 2026-11-19 2026-11-20",
            "aa narratives diff --monitor revenue_funnel_demo 2026-11-20   # the day's two latest analyses (e.g. after aa reanalyze)",
            "aa narratives diff ev_0b26c53bba983df93a4e4361 ev_5cccad1c7b21b12f00d16b3e",
        ],
        maxPositionals: 3,
        actions: [
            ActionSpec(
                name: "diff",
                summary: "Compare two analyses: findings and hypotheses added or dropped, confidence changes, the summary's word diff.",
                usage: "aa narratives diff (A B | --monitor M D1 [D2]) [--json]",
                examples: [
                    "aa narratives diff --monitor revenue_funnel_demo 2026-11-19 2026-11-20",
                    "aa narratives diff --monitor revenue_funnel_demo 2026-11-20   # the day's two latest analyses",
                    "aa narratives diff ev_0b26c53bba983df93a4e4361 ev_5cccad1c7b21b12f00d16b3e",
                ])
        ], run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let args = invocation.arguments
        switch args.positionals.first {
        case nil: return try list(invocation)
        case "diff": return try diff(invocation, Array(args.positionals.dropFirst()))
        case let other?:
            throw PipelineError(
                .usage, "unknown `aa narratives` action '\(other)'; use `aa narratives --monitor M` or `aa narratives diff`")
        }
    }

    static func list(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let args = invocation.arguments
        let monitor = try args.required(.monitor, for: "narratives")
        let store = try invocation.readArchive()
        try invocation.requireMonitor(monitor, in: store)
        let from = try invocation.bound(.from)?.description ?? "0000-00-00"
        let to = try invocation.bound(.to)?.description ?? "9999-99-99"
        // Current reports' analyses and re-analyses (which never become current); --all adds superseded runs'.
        let all = args.flag(.all)
        let entries: [NarrativeEntry]
        let analyses: [String: AnalysisProduced]
        let current: Set<String>
        do {
            entries = try store.narratives(monitor: monitor, from: from, to: to, scope: all ? .all : .currentAndReanalyses)
            analyses = Dictionary(
                try store.events(ids: entries.map(\.eventId)).compactMap { e in
                    (try? e.decode(AnalysisProduced.self)).map { (e.eventId, $0) }
                },
                uniquingKeysWith: { a, _ in a })
            current = try store.currentRuns(monitor: monitor)
        } catch { throw PipelineError(error) }
        // A re-analysis of findings a rebuild has since replaced is history, like any superseded analysis.
        let shown = entries.filter { entry in
            guard !all, let analyzed = analyses[entry.eventId]?.analyzedRunId else { return true }
            return current.contains(analyzed)
        }
        if invocation.json {
            let items: [JSONValue] = shown.map { entry in
                let analysis = analyses[entry.eventId]
                return [
                    "run_date": .string(entry.runDate), "model": .string(entry.model), "prompt_version": .string(entry.promptVersion),
                    "summary": .string(entry.summary), "analysis_id": .string(entry.eventId), "run_id": .string(entry.runId),
                    "analyzed_run_id": .optional(analysis?.analyzedRunId), "builtin": analysis.map { .bool($0.builtin) } ?? .null,
                    "hypotheses": .array(Array((analysis?.narrative.hypothesesJSON.arrayValue ?? []).prefix(3))),
                ]
            }
            invocation.console.json(.array(items), as: .narratives)
        } else if shown.isEmpty {
            invocation.console.out("no narratives for \(monitor) in that range")
        } else {
            for entry in shown {
                let analysis = analyses[entry.eventId]
                let again = analysis?.analyzedRunId == nil ? "" : " · re-analysis"
                invocation.console.out("\(entry.runDate)  \(entry.model) · \(entry.promptVersion)\(again) · \(entry.eventId)")
                invocation.console.out("  " + entry.summary)
                for h in (analysis?.narrative.hypotheses ?? []).prefix(2) {
                    invocation.console.out("  - \(h.text) (\(Format.text(h.confidence)))")
                }
            }
        }
        return 0
    }

    static func diff(_ invocation: Invocation, _ operands: [String]) throws(PipelineError) -> Int32 {
        let store = try invocation.readArchive()
        let reader = ArchiveReader(store: store)
        let (a, b) = try pick(operands, invocation, reader)
        let result = try NarrativeDiff(a, b, reader: reader)
        if invocation.json {
            invocation.console.json(result.json, as: .narrativesDiff)
        } else {
            invocation.console.out(NarrativeDiffText.render(result))
        }
        return 0
    }

    /// The two analyses the operands name: two analysis ids, two dates, or one date's two latest analyses.
    static func pick(_ operands: [String], _ invocation: Invocation, _ reader: ArchiveReader) throws(PipelineError) -> (
        EventEnvelope, EventEnvelope
    ) {
        let usage = "`aa narratives diff` takes two analysis ids, or --monitor M with one or two dates"
        guard (1...2).contains(operands.count) else { throw PipelineError(.usage, usage) }
        if operands.allSatisfy({ $0.hasPrefix("ev_") }) {
            guard operands.count == 2 else { throw PipelineError(.usage, usage) }
            var picked: [EventEnvelope] = []
            for id in operands {
                guard let event = try reader.event(id), event.type == .analysisProduced else {
                    throw PipelineError(
                        .notFound, "\(id) is not an analysis in \(reader.store.path); `aa narratives --monitor M --json` lists analysis ids"
                    )
                }
                picked.append(event)
            }
            return (picked[0], picked[1])
        }
        let monitor = try invocation.arguments.required(.monitor, for: "narratives diff")
        var dates: [Day] = []
        for text in operands {
            guard let day = Day(text) else {
                throw PipelineError(.usage, "'\(text)' is neither an analysis id (ev_…) nor a date (YYYY-MM-DD)")
            }
            dates.append(day)
        }
        func analyses(_ day: Day) throws(PipelineError) -> [EventEnvelope] {
            let found = try reader.analyses(monitor: monitor, date: day.description)
            guard !found.isEmpty else {
                throw PipelineError(
                    .notFound, "no analysis of \(monitor) on \(day); `aa narratives --monitor \(monitor)` lists the days that have one")
            }
            return found
        }
        if dates.count == 1 || dates[0] == dates[1] {
            var found = try analyses(dates[0])
            if found.count < 2 {
                // The current report has one analysis; the day's superseded runs (a re-run, a rebuild) have the others.
                let day = dates[0].description
                do {
                    let ids = try reader.store.narratives(monitor: monitor, from: day, to: day, scope: .all).map(\.eventId)
                    found = try reader.store.events(ids: ids)
                } catch { throw PipelineError(error) }
            }
            guard found.count >= 2 else {
                throw PipelineError(
                    .notFound,
                    "\(monitor) has one analysis on \(dates[0]); run `aa reanalyze --monitor \(monitor) --from \(dates[0]) --to "
                        + "\(dates[0]) --model M` for a second one to compare"
                )
            }
            return (found[found.count - 2], found[found.count - 1])
        }
        guard let a = try analyses(dates[0]).last, let b = try analyses(dates[1]).last else { throw PipelineError(.notFound, usage) }
        return (a, b)
    }
}
