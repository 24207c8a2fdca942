import CanonicalJSON
import Digest
import EventArchive

/// The trace of one agent loop as it is archived: each turn's new messages, response, attempts, usage and latency,
/// and each tool call with its arguments, result and result digest. Holds no credential: requests are bodies only.
struct AgentLog {
    let endpoint: String
    let promptHash: String
    private(set) var turns: [JSONValue] = []
    private(set) var toolCalls: [JSONValue] = []
    private(set) var promptTokens: Int64 = 0
    private(set) var completionTokens: Int64 = 0
    private(set) var latencyMs: Int64 = 0

    var totalTokens: Int { Int(promptTokens + completionTokens) }

    package init(endpoint: String, promptHash: String) {
        self.endpoint = endpoint
        self.promptHash = promptHash
    }

    /// Records a request (the messages added since the previous turn) and what came back.
    mutating func turn(_ number: Int, sent: [JSONValue], toolChoice: String, exchange: ChatExchange) {
        let usage = exchange.response?["usage"] ?? .null
        promptTokens += usage["prompt_tokens"]?.intValue ?? 0
        completionTokens += usage["completion_tokens"]?.intValue ?? 0
        latencyMs += Int64(exchange.latencyMs)
        let choice = exchange.response?["choices"]?.arrayValue?.first
        turns.append([
            "turn": .int(Int64(number)),
            "request": ["messages": .array(sent), "tool_choice": .string(toolChoice)],
            "response": exchange.response.map { _ in
                [
                    "message": choice?["message"] ?? .null, "finish_reason": choice?["finish_reason"] ?? .null,
                    "model": exchange.response?["model"] ?? .null,
                ]
            } ?? .null,
            "usage": usage, "latency_ms": .int(Int64(exchange.latencyMs)), "attempts": .array(exchange.attempts),
            "error": exchange.failure.map { .string($0) } ?? .null,
        ])
    }

    mutating func toolCall(turn: Int, id: String, name: String, arguments: String, ok: Bool, result: JSONValue) {
        toolCalls.append([
            "turn": .int(Int64(turn)), "id": .string(id), "name": .string(name), "arguments": .string(arguments), "ok": .bool(ok),
            "result_digest": .string(SHA256Digest.hex(result.canonicalString)), "result": result,
        ])
    }

    var json: JSONValue {
        [
            "endpoint": .string(endpoint), "prompt_hash": .string(promptHash), "turns": .array(turns), "tool_calls": .array(toolCalls),
            "usage": [
                "prompt_tokens": .int(promptTokens), "completion_tokens": .int(completionTokens),
                "total_tokens": .int(promptTokens + completionTokens),
            ],
            "latency_ms": .int(latencyMs),
        ]
    }
}
