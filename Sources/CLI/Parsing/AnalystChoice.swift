import Analyst
import Context
import MonitorEngine
import Pipeline

/// Picks who writes the narrative: the AI analyst when `OPENAI_API_KEY` or `OPENAI_BASE_URL` is set (and `--no-ai`
/// is not), the built-in deterministic narrative otherwise.
enum AnalystChoice {
    static func make(for invocation: Invocation, ai: Bool, model: String?) throws(PipelineError) -> any Analyst {
        guard ai, let endpoint = try AIEndpoint.fromEnvironment(invocation.console.environment) else {
            if model != nil {
                throw PipelineError(
                    .usage, "--model needs an AI endpoint: set OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI)")
            }
            return BuiltinAnalyst()
        }
        return AgentAnalyst(endpoint: endpoint, modelOverride: model, progress: invocation.context.progress)
    }
}
