import CanonicalJSON
import EventArchive
import Foundation
import TestSupport
import Testing

@testable import Analyst
@testable import Context
@testable import Pipeline

/// The analyst's output schema, the endpoint settings, and the narrative diff, checked by hand.
@Suite struct AnalysisFormatTests {
    @Test func theEmbeddedSchemaIsTheSchemaFile() throws {
        var file =
            try JSONValue.parse(String(contentsOfFile: AACommand.repository + "/schemas/analysis.schema.json", encoding: .utf8)).objectValue
            ?? [:]
        for meta in ["$schema", "$id", "title", "description"] { file[meta] = nil }
        #expect(AnalysisSchema.schema == .object(file))
    }

    @Test func schemaViolationsAreNamedByPath() throws {
        let good: JSONValue = [
            "summary": "s", "findings": [], "hypotheses": [["text": "t", "confidence": "low", "evidence": "e"]], "recommended_checks": [],
            "caveats": [],
        ]
        #expect(AnalysisSchema.violation(good) == nil)
        var bad = good.objectValue ?? [:]
        bad["hypotheses"] = [["text": "t", "confidence": "certain", "evidence": "e"]]
        #expect(
            AnalysisSchema.violation(.object(bad)) == #"$.hypotheses[0].confidence must be one of "low", "medium", "high", got "certain""#)
        bad = good.objectValue ?? [:]
        bad["extra"] = 1
        #expect(AnalysisSchema.violation(.object(bad)) == #"$ has an unexpected property "extra""#)
        bad = good.objectValue ?? [:]
        bad["findings"] = [
            ["anomaly_id": "a", "metric": "m", "dimension": "d", "slice": "s", "statement": "x", "agrees_with_detection": "yes"]
        ]
        #expect(AnalysisSchema.violation(.object(bad)) == "$.findings[0].agrees_with_detection must be boolean, got a string")
    }

    @Test func theBuiltinNarrativeIsSchemaValid() throws {
        let evidence = AnalystEvidenceFixture.evidence()
        let outcome = BuiltinAnalyst().analyze(
            AnalysisRequest(monitor: evidence.monitor, runDate: evidence.runDate, findings: [], notes: [], evidence: nil))
        #expect(AnalysisSchema.violation(outcome.output) == nil)
    }

    @Test func endpointSettingsFromTheEnvironment() throws {
        #expect(try AIEndpoint.fromEnvironment([:]) == nil)
        let openai = try #require(try AIEndpoint.fromEnvironment(["OPENAI_API_KEY": "k"]))
        #expect(openai.completionsURL.absoluteString == "https://api.openai.com/v1/chat/completions")
        #expect(openai.authorization == ["Authorization": "Bearer k"])
        #expect(openai.defaultModel == "gpt-4o-mini")
        let azure = try #require(
            try AIEndpoint.fromEnvironment([
                "OPENAI_API_KEY": "k", "OPENAI_BASE_URL": "https://acme.openai.azure.com/openai/v1/?api-version=preview",
                "AA_AI_MODEL": "gpt-4.1",
            ]))
        #expect(azure.completionsURL.absoluteString == "https://acme.openai.azure.com/openai/v1/chat/completions?api-version=preview")
        #expect(azure.authorization["api-key"] == "k")
        #expect(azure.defaultModel == "gpt-4.1")
        let local = try #require(try AIEndpoint.fromEnvironment(["OPENAI_BASE_URL": "http://localhost:11434/v1", "AA_AI_TIMEOUT": "2.5"]))
        #expect(local.authorization.isEmpty && local.host == "localhost:11434" && local.timeout == 2.5)
        #expect(throws: PipelineError.self) { try AIEndpoint.fromEnvironment(["OPENAI_BASE_URL": "localhost:11434"]) }
        #expect(throws: PipelineError.self) { try AIEndpoint.fromEnvironment(["OPENAI_API_KEY": "k", "AA_AI_TIMEOUT": "soon"]) }
    }

    @Test func wordDiffKeepsSharedWordsAndMarksTheRest() {
        let pieces = WordDiff.diff("orders fell 40% on android today", "orders fell 38% on android and ios today")
        #expect(pieces.map { "\($0.op.rawValue)\($0.text)" } == ["=orders fell", "-40%", "+38%", "=on android", "+and ios", "=today"])
        #expect(WordDiff.diff("", "new words").map(\.op) == [.added])
    }

    @Test func narrativeDiffMatchesFindingsBySliceAndHypothesesByText() throws {
        let a: JSONValue = [
            "summary": "Orders fell on android.",
            "findings": [
                [
                    "anomaly_id": "an_1", "metric": "orders", "dimension": "platform", "slice": "android", "statement": "fell 40%",
                    "agrees_with_detection": true,
                ],
                [
                    "anomaly_id": "an_2", "metric": "orders", "dimension": "total", "slice": "all", "statement": "fell 10%",
                    "agrees_with_detection": true,
                ],
            ],
            "hypotheses": [
                ["text": "An app release broke checkout.", "confidence": "medium", "evidence": "e"],
                ["text": "Bots.", "confidence": "low", "evidence": "e"],
            ],
            "recommended_checks": ["Check the release notes."], "caveats": [],
        ]
        let b: JSONValue = [
            "summary": "Orders fell on android again.",
            "findings": [
                [
                    "anomaly_id": "an_9", "metric": "orders", "dimension": "platform", "slice": "android", "statement": "fell 38%",
                    "agrees_with_detection": true,
                ],
                [
                    "anomaly_id": "an_8", "metric": "visits", "dimension": "total", "slice": "all", "statement": "flat",
                    "agrees_with_detection": false,
                ],
            ],
            "hypotheses": [
                ["text": "an app release broke checkout", "confidence": "high", "evidence": "e"],
                ["text": "A tracking change.", "confidence": "low", "evidence": "e"],
            ],
            "recommended_checks": ["Check the release notes."], "caveats": ["Short history."],
        ]
        func produced(_ output: JSONValue, digest: String) -> AnalysisProduced {
            AnalysisProduced(
                model: "m", promptVersion: "p", builtin: false, inputDigest: digest, anomalyIds: [], output: output, trace: [:])
        }
        func side(_ id: String, _ output: JSONValue, digest: String) -> NarrativeDiff.Side {
            NarrativeDiff.Side(analysisId: id, runId: "run_" + id, runDate: "2026-11-20", analysis: produced(output, digest: digest))
        }
        let diff = NarrativeDiff(side("ev_a", a, digest: "1"), side("ev_b", b, digest: "2"), sameInput: false)
        #expect(!diff.sameInput)
        #expect(
            diff.findings.map { "\($0.change.rawValue) \($0.metric)/\($0.slice)" }
                == ["changed orders/android", "dropped orders/all", "added visits/all"])
        #expect(diff.hypotheses.map(\.change.rawValue) == ["changed", "dropped", "added"])
        #expect(diff.hypotheses.first?.bConfidence == "high")
        #expect(diff.recommendedChecks == NarrativeDiff.ListChange(added: [], dropped: []))
        #expect(diff.caveats.added == ["Short history."])
        // The --json document carries the same diff.
        #expect(diff.json["findings"]?.arrayValue?.map { $0["change"]?.stringValue ?? "" } == ["changed", "dropped", "added"])
        #expect(diff.words.map(\.op.rawValue) == ["=", "-", "+"])
    }
}
