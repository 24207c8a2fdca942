/// How a monitor's AI analyst runs: which model, how many turns of tool use, and how many tokens a run may spend.
public struct AnalystSettings: Sendable, Equatable {
    /// The model for this monitor; nil uses `AA_AI_MODEL` (or the default model).
    public var model: String?
    /// Requests to the model per analysis, tool calls included; the last one must be the answer.
    public var maxTurns: Int
    /// Total tokens (prompt + completion, all turns) one analysis may use before it is stopped.
    public var tokenBudget: Int

    public init(model: String? = nil, maxTurns: Int = 6, tokenBudget: Int = 30_000) {
        self.model = model
        self.maxTurns = maxTurns
        self.tokenBudget = tokenBudget
    }
}
