import Analyst
import CanonicalJSON
import Context
import EventArchive
import MonitorEngine
import Pipeline

/// `aa reanalyze`: run the AI analyst again over archived findings, without the warehouse, and keep both answers.
enum ReanalyzeCommand {
    static let spec = CommandSpec(
        name: "reanalyze",
        summary: "Run the AI analyst again over the archived findings of each day (no warehouse, no Slack) and append the new analyses.",
        usage: "aa reanalyze --monitor M --from D [--to D] [--model M] [--json]",
        options: [
            .wait,
            .monitor.explained("monitor to re-analyse (required)"),
            .from, .to,
            .model.explained("model to ask (over the monitor's analyst.model and AA_AI_MODEL)"),
            .quiet,
        ],
        examples: [
            "aa reanalyze --monitor revenue_funnel_demo --from 7d --model gpt-4o",
            "aa reanalyze --monitor revenue_funnel_demo --from 2026-11-20 --to 2026-11-20 && aa narratives diff --monitor "
                + "revenue_funnel_demo 2026-11-20",
        ],
        run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let target = try ReplayOptions(invocation, command: "reanalyze")
        let (loaded, monitor, from, to) = (target.registry, target.monitor, target.from, target.to)
        let model = invocation.arguments.value(.model)
        let name = monitor.name
        guard let endpoint = try AIEndpoint.fromEnvironment(console.environment) else {
            throw PipelineError(
                .usage, "`aa reanalyze` needs an AI endpoint: set OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI)")
        }
        let analyst = AgentAnalyst(endpoint: endpoint, modelOverride: model, progress: invocation.context.progress)
        let pipeline = invocation.replayPipeline(loaded, analyst: analyst, reason: "re-analyses never notify")
        let days = try invocation.writing(create: false) { (store) throws(PipelineError) in
            try Reanalysis(pipeline: pipeline, analyst: analyst).run(monitor: monitor, from: from, to: to, store: store)
        }
        let failed = days.filter { $0.failure != nil }
        if invocation.json {
            console.json(
                .array(
                    days.map { d in
                        [
                            "run_date": .string(d.runDate), "analyzed_run_id": .string(d.analyzedRunId),
                            "run_id": d.runId.map { .string($0) } ?? .null,
                            "model": .string(d.model), "findings": .int(Int64(d.findings)),
                            "analysis_id": d.analysisId.map { .string($0) } ?? .null,
                            "failure": d.failure.map { .string($0) } ?? .null, "turns": .int(Int64(d.turns)), "tokens": .int(d.tokens),
                        ]
                    }), as: .reanalyze)
        } else {
            for d in days {
                let what = d.analysisId.map { "analysis \($0)" } ?? "failed: \(d.failure ?? "") (the earlier narrative stands)"
                console.out("\(d.runDate)  \(d.model) · \(d.findings) finding(s) · \(d.turns) turn(s) · \(d.tokens) tokens → \(what)")
            }
            console.out(
                "\(days.count - failed.count) of \(days.count) day(s) re-analysed; compare with `aa narratives diff --monitor \(name) "
                    + "<date>`."
            )
        }
        if let first = failed.first {
            console.error(
                PipelineError(
                    .runtime,
                    "the re-analysis of \(first.runDate) failed: \(first.failure ?? "no answer"); its failure is archived as "
                        + "analysis.failed"
                ))
            return 1
        }
        return 0
    }
}
