import CanonicalJSON
import EventArchive
import Foundation
import MonitorEngine

/// What one AI analysis came to: a schema-valid answer, or the reason there is none — with the full trace either way.
package struct AgentResult {
    package let model: String
    /// The structured output, nil when the analysis failed.
    package let output: JSONValue?
    package let failure: String?
    /// Endpoint host, prompt hash, every turn and tool call, usage and latency — never the key.
    package let trace: JSONValue
    /// SHA-256 of the findings analysed (see ``AnalysisInput/digest(_:)``).
    package let inputDigest: String
}

/// The AI analyst: an agent loop over Chat Completions. The model gets the run's pre-computed findings as JSON,
/// may call read-only tools for up to `max_turns` requests, and must end with an answer that passes
/// `schemas/analysis.schema.json`. A failure, an invalid final answer or an exhausted token budget falls back to
/// the built-in narrative, labelled as such.
package struct AgentAnalyst: Analyst {
    package var readsEvidence: Bool { true }

    package let endpoint: AIEndpoint
    /// `--model`: wins over the monitor's `analyst.model` and `AA_AI_MODEL`.
    package let modelOverride: String?
    /// Receives one line per request (stderr in the CLI).
    let progress: @Sendable (String) -> Void
    var sleep: @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }

    package init(endpoint: AIEndpoint, modelOverride: String? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.endpoint = endpoint
        self.modelOverride = modelOverride
        self.progress = progress
    }

    /// The model an analysis of `monitor` uses.
    package func model(for monitor: Monitor) -> String { modelOverride ?? monitor.analyst.model ?? endpoint.defaultModel }

    package func analyze(_ request: AnalysisRequest) -> AnalysisOutcome {
        guard let evidence = request.evidence else { return BuiltinAnalyst().analyze(request) }
        let result = consult(evidence)
        if let output = result.output {
            return AnalysisOutcome(
                model: result.model, promptVersion: AnalystPrompt.version, builtin: false, output: output, trace: result.trace)
        }
        let reason = result.failure ?? "no answer"
        return BuiltinAnalyst().analyze(request).standingIn(
            for: AnalysisFailed(
                model: result.model, promptVersion: AnalystPrompt.version, reason: reason, inputDigest: result.inputDigest,
                trace: result.trace))
    }

    /// Runs the agent loop over `evidence`.
    package func consult(_ evidence: AnalysisEvidence) -> AgentResult {
        let model = model(for: evidence.monitor)
        let settings = evidence.monitor.analyst
        let tools = AnalystTools(evidence: evidence)
        let definitions = tools.definitions
        let briefing = evidence.briefing.canonicalString
        let client = ChatCompletionsClient(endpoint: endpoint, sleep: sleep)
        var messages: [JSONValue] = [
            ["role": "system", "content": .string(AnalystPrompt.system)], ["role": "user", "content": .string(briefing)],
        ]
        var log = AgentLog(endpoint: endpoint.host, promptHash: AnalystPrompt.hash(tools: definitions))
        var sent = 0

        func finish(_ output: JSONValue?, _ failure: String?) -> AgentResult {
            AgentResult(
                model: model, output: output, failure: failure, trace: log.json, inputDigest: AnalysisInput.digest(evidence.findings))
        }

        for turn in 1...settings.maxTurns {
            let last = turn == settings.maxTurns
            let body: JSONValue = [
                "model": .string(model), "messages": .array(messages), "tools": .array(definitions),
                "tool_choice": last ? "none" : "auto", "response_format": AnalystPrompt.responseFormat,
            ]
            progress(
                "\(evidence.monitor.name) \(evidence.runDate): asking \(model) at \(endpoint.host) (turn \(turn) of at most "
                    + "\(settings.maxTurns))"
            )
            let exchange = client.complete(body)
            log.turn(turn, sent: Array(messages[sent...]), toolChoice: last ? "none" : "auto", exchange: exchange)
            sent = messages.count
            guard let response = exchange.response, exchange.failure == nil else {
                return finish(nil, "the model endpoint failed on turn \(turn): \(exchange.failure ?? "no answer")")
            }
            if log.totalTokens > settings.tokenBudget {
                return finish(
                    nil,
                    "token budget exceeded: \(log.totalTokens) tokens used by turn \(turn), the monitor allows \(settings.tokenBudget) "
                        + "(analyst.token_budget)"
                )
            }
            let choice = response["choices"]?.arrayValue?.first ?? .null
            let message = choice["message"] ?? .null
            if let refusal = message["refusal"]?.stringValue, !refusal.isEmpty {
                return finish(nil, "the model refused: \(String(refusal.prefix(200)))")
            }
            let calls = message["tool_calls"]?.arrayValue ?? []
            if !calls.isEmpty {
                guard !last else {
                    return finish(
                        nil, "no final answer within \(settings.maxTurns) turns (analyst.max_turns): the model kept calling tools")
                }
                messages.append(["role": "assistant", "content": message["content"] ?? .null, "tool_calls": .array(calls)])
                for call in calls {
                    let id = call["id"]?.stringValue ?? ""
                    let name = call["function"]?["name"]?.stringValue ?? ""
                    let arguments = call["function"]?["arguments"]?.stringValue ?? ""
                    let (result, ok) = tools.call(name: name, arguments: arguments)
                    log.toolCall(turn: turn, id: id, name: name, arguments: arguments, ok: ok, result: result)
                    messages.append(["role": "tool", "tool_call_id": .string(id), "content": .string(result.canonicalString)])
                }
                continue
            }
            let content = message["content"]?.stringValue ?? ""
            let problem: String
            if choice["finish_reason"]?.stringValue == "length" {
                problem = "the answer was cut off at the model's output limit"
            } else if let answer = try? JSONValue.parse(Self.unfenced(content)) {
                if let violation = AnalysisSchema.violation(answer) {
                    problem = "the answer does not match the analysis schema: \(violation)"
                } else {
                    return finish(Self.checkCitations(answer, evidence), nil)
                }
            } else {
                problem = "the answer is not JSON"
            }
            guard !last else { return finish(nil, "invalid final answer on turn \(turn): \(problem)") }
            messages.append(["role": "assistant", "content": .string(content)])
            messages.append([
                "role": "user",
                "content": .string(
                    "Your answer was rejected: \(problem). Answer again with only the JSON object the response format describes."),
            ])
        }
        return finish(nil, "no final answer within \(settings.maxTurns) turns (analyst.max_turns)")
    }

    /// The JSON inside a ```json fence, for servers that ignore the response format and wrap their answer.
    static func unfenced(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("```"), trimmed.hasSuffix("```"), let start = trimmed.firstIndex(of: "\n") else { return trimmed }
        return String(trimmed[trimmed.index(after: start)..<trimmed.index(trimmed.endIndex, offsetBy: -3)])
    }

    /// Drops findings that cite an anomaly this run does not have, and says so in the caveats.
    static func checkCitations(_ answer: JSONValue, _ evidence: AnalysisEvidence) -> JSONValue {
        let known = Set(evidence.findings.compactMap { $0["anomaly_id"]?.stringValue })
        let cited = answer["findings"]?.arrayValue ?? []
        let unknown = cited.compactMap { $0["anomaly_id"]?.stringValue }.filter { !known.contains($0) }
        guard !unknown.isEmpty, case .object(var object) = answer else { return answer }
        object["findings"] = .array(cited.filter { known.contains($0["anomaly_id"]?.stringValue ?? "") })
        let note =
            "The model cited \(unknown.count) finding(s) this run does not have (\(unknown.prefix(3).joined(separator: ", "))); they "
            + "were left out."
        object["caveats"] = .array((answer["caveats"]?.arrayValue ?? []) + [.string(note)])
        return .object(object)
    }
}
