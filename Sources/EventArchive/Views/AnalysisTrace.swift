import CanonicalJSON

/// How an analyst reached its answer, read from an `analysis.produced` or `analysis.failed` payload's `trace`: the
/// endpoint, tokens and latency, each turn with its retries, and each tool call (the built-in narrative has none).
public struct AnalysisTrace: Sendable, Equatable {
    /// One request to the model and what came back.
    public struct Turn: Sendable, Equatable {
        public let number: Int
        /// Requests sent for this turn, retries included.
        public let attempts: Int
        public let finishReason: String?
        public let latencyMs: Int?
    }

    /// One tool the model called.
    public struct ToolCall: Sendable, Equatable {
        public let turn: Int
        public let name: String
        public let arguments: String
        public let ok: Bool
        public let resultDigest: String?
    }

    public let endpoint: String?
    public let promptHash: String?
    public let totalTokens: Int?
    public let latencyMs: Int?
    public let turns: [Turn]
    public let toolCalls: [ToolCall]
    /// As archived, for documents that quote the trace whole: token counts, turns and tool calls.
    public let usageJSON: JSONValue
    public let turnsJSON: [JSONValue]
    public let toolCallsJSON: [JSONValue]

    /// Reads a trace object; what is missing reads as nil or empty.
    public init(_ json: JSONValue) {
        endpoint = json["endpoint"]?.stringValue
        promptHash = json["prompt_hash"]?.stringValue
        totalTokens = json["usage"]?["total_tokens"]?.intValue.map { Int($0) }
        latencyMs = json["latency_ms"]?.intValue.map { Int($0) }
        usageJSON = json["usage"] ?? .null
        turnsJSON = json["turns"]?.arrayValue ?? []
        toolCallsJSON = json["tool_calls"]?.arrayValue ?? []
        turns = turnsJSON.map {
            Turn(
                number: Int($0["turn"]?.intValue ?? 0), attempts: $0["attempts"]?.arrayValue?.count ?? 1,
                finishReason: $0["response"]?["finish_reason"]?.stringValue, latencyMs: $0["latency_ms"]?.intValue.map { Int($0) })
        }
        toolCalls = toolCallsJSON.map {
            ToolCall(
                turn: Int($0["turn"]?.intValue ?? 0), name: $0["name"]?.stringValue ?? "",
                arguments: $0["arguments"]?.stringValue ?? "", ok: $0["ok"]?.boolValue == true,
                resultDigest: $0["result_digest"]?.stringValue)
        }
    }
}
