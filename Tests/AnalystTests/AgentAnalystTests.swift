import CanonicalJSON
import Foundation
import TestSupport
import Testing

@testable import Analyst
@testable import Pipeline

/// The agent loop against llmock with hand-built evidence: data stays data, answers are checked, citations too.
@Suite struct AgentAnalystTests {
    func analyst(_ mock: LLMock, _ extra: [String: String] = [:]) throws -> AgentAnalyst {
        let endpoint = try #require(try AIEndpoint.fromEnvironment(["OPENAI_BASE_URL": mock.baseURL].merging(extra) { $1 }))
        var analyst = AgentAnalyst(endpoint: endpoint)
        analyst.sleep = { _ in }
        return analyst
    }

    @Test func aHostileDimensionValueTravelsAsAJSONStringOnly() throws {
        let mock = try LLMock()
        let result = try analyst(mock).consult(AnalystEvidenceFixture.evidence())
        #expect(result.output != nil, "\(result.failure ?? "")")
        let messages = try #require(try mock.requests().first?["body"]?["messages"]?.arrayValue)
        #expect(messages.map { $0["role"] } == ["system", "user"])
        #expect(messages[0]["content"]?.stringValue?.contains(AnalystEvidenceFixture.hostile) == false)
        let briefing = try JSONValue.parse(messages[1]["content"]?.stringValue ?? "")
        #expect(briefing["findings"]?.arrayValue?.first?["slice"]?.stringValue == AnalystEvidenceFixture.hostile)
    }

    @Test func anAnswerCitingAnUnknownFindingKeepsOnlyRealCitations() throws {
        let mock = try LLMock()
        // llmock's schema-valid answer cites "mock-anomaly_id", which this run does not have.
        let result = try analyst(mock).consult(AnalystEvidenceFixture.evidence())
        let output = try #require(result.output)
        #expect(output["findings"] == [])
        #expect(output["caveats"]?.arrayValue?.last?.stringValue?.contains("mock-anomaly_id") == true)
        #expect(AnalysisSchema.violation(output) == nil)
    }

    @Test func anAnswerThatBreaksTheSchemaIsSentBackThenRefusedOnTheLastTurn() throws {
        let mock = try LLMock()
        try mock.scenario([["type": "reply", "text": #"{"summary": "ok"}"#, "times": 3]])
        let result = try analyst(mock).consult(AnalystEvidenceFixture.evidence())
        #expect(result.output == nil)
        #expect(
            result.failure == #"invalid final answer on turn 3: the answer does not match the analysis schema: $ is missing "findings""#)
        let last = try #require(try mock.requests().last?["body"]?["messages"]?.arrayValue?.last)
        #expect(last["role"] == "user")
        #expect(last["content"]?.stringValue?.hasPrefix("Your answer was rejected") == true)
        #expect(try mock.requests().last?["body"]?["tool_choice"] == "none")
    }

    @Test func aFencedAnswerFromALenientServerIsAccepted() throws {
        let mock = try LLMock()
        let answer =
            #"{"summary":"s","findings":[],"hypotheses":[{"text":"t","confidence":"high","evidence":"e"}],"recommended_checks":[],"caveats":[]}"#
        try mock.scenario([["type": "reply", "text": .string("```json\n" + answer + "\n```")]])
        let result = try analyst(mock).consult(AnalystEvidenceFixture.evidence())
        #expect(result.output == (try JSONValue.parse(answer)))
    }

    @Test func theKeyTravelsOnlyInHeaders() throws {
        let mock = try LLMock()
        let result = try analyst(mock, ["OPENAI_API_KEY": "sk-unit-SECRET"]).consult(AnalystEvidenceFixture.evidence())
        #expect(!result.trace.canonicalString.contains("sk-unit-SECRET"))
        #expect(!(try mock.requests()).map(\.canonicalString).joined().contains("sk-unit-SECRET"))
    }

    /// llmock cannot send a broken non-streaming body; the test receiver can reply with any bytes.
    @Test func aBrokenBodyIsRetriedThenReportedAsSuch() throws {
        let stub = try SlackReceiver()
        try stub.script(
            Array(repeating: ["status": 200, "body": #"{"choices": [{"message": "#], count: 3) + [
                ["status": 200, "body": "<html>proxy</html>"]
            ])
        var analyst = AgentAnalyst(
            endpoint: try #require(try AIEndpoint.fromEnvironment(["OPENAI_BASE_URL": "http://127.0.0.1:\(stub.port)/v1"])))
        analyst.sleep = { _ in }
        let result = analyst.consult(AnalystEvidenceFixture.evidence())
        #expect(result.output == nil)
        #expect(
            result.failure
                == "the model endpoint failed on turn 1: 127.0.0.1:\(stub.port) answered 200 with a body that is not a chat completion "
                + "after 4 attempts"
        )
        #expect(try stub.received().map { $0["path"] } == Array(repeating: "/v1/chat/completions", count: 4))
        #expect(result.trace["turns"]?.arrayValue?.first?["attempts"]?.arrayValue?.count == 4)
    }

    @Test func aRefusedKeyIsNotRetried() throws {
        let mock = try LLMock()
        try mock.scenario([["type": "fail", "status": 401, "message": "Incorrect API key provided"]])
        let result = try analyst(mock, ["OPENAI_API_KEY": "sk-wrong"]).consult(AnalystEvidenceFixture.evidence())
        #expect(
            result.failure?.contains(
                "answered 401 — the API key was refused; check OPENAI_API_KEY: Incorrect API key provided; not retried") == true,
            "\(result.failure ?? "")")
        #expect(try mock.requests().count == 1)
        #expect(!(try mock.verdict()["findings"]?.arrayValue ?? []).contains { $0["code"] == "retried_non_retryable" })
    }
}
