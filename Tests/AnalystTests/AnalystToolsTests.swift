import CanonicalJSON
import Testing

@testable import Analyst
@testable import Pipeline

/// The analyst's tools: right answers for valid calls, an error result (never a crash) for everything else.
@Suite struct AnalystToolsTests {
    let tools = AnalystTools(evidence: AnalystEvidenceFixture.evidence(previous: [["run_date": "2026-03-29"], ["run_date": "2026-03-30"]]))

    func call(_ name: String, _ arguments: String) -> (JSONValue, Bool) {
        let (result, ok) = tools.call(name: name, arguments: arguments)
        return (result, ok)
    }

    @Test func metricHistoryComputesTheMetricLikeTheEngine() {
        let (result, ok) = call("metric_history", #"{"metric":"conversion","slice":"platform=web","days":3}"#)
        #expect(ok)
        let points = result["points"]?.arrayValue ?? []
        #expect(points.map { $0["date"]?.stringValue } == ["2026-03-29", "2026-03-30", "2026-03-31"])
        // Web orders 127, 128, 129 over 1000 visits; the volume of a ratio is its denominator.
        #expect(points.map { $0["value"]?.doubleValue } == [0.127, 0.128, 0.129])
        #expect(points.map { $0["volume"]?.doubleValue } == [1000, 1000, 1000])
    }

    @Test func aBareSliceNameWorksWhenItIsUnique() {
        let (result, ok) = call("metric_history", #"{"metric":"orders","slice":"all","days":1}"#)
        #expect(ok)
        #expect(result["dimension"] == "total")
        #expect(result["points"]?.arrayValue?.first?["value"]?.doubleValue == 139)
    }

    @Test func sliceBreakdownRanksSlicesByTheirChange() {
        let (result, ok) = call("slice_breakdown", #"{"metric":"orders","dimension":"platform"}"#)
        #expect(ok)
        #expect(result["slices"]?.arrayValue?.map { $0["slice"]?.stringValue } == [AnalystEvidenceFixture.hostile, "web"])
    }

    @Test func previousAnalysesAndAnomalyDetail() {
        #expect(call("previous_analyses", #"{"days":1}"#).0["analyses"]?.arrayValue?.map { $0["run_date"] } == ["2026-03-30"])
        #expect(call("anomaly_detail", #"{"anomaly_id":"an_000000000001"}"#).0 == AnalystEvidenceFixture.finding)
    }

    @Test(arguments: [
        ("metric_history", "{not json", "not a JSON object"),
        ("metric_history", #"["orders"]"#, "not a JSON object"),
        ("metric_history", #"{"metric":"orders","slice":"all"}"#, #"arguments is missing "days""#),
        ("metric_history", #"{"metric":"orders","slice":"all","days":"7"}"#, "arguments.days must be integer, got a string"),
        ("metric_history", #"{"metric":"revenue","slice":"all","days":7}"#, "arguments.metric must be one of"),
        ("metric_history", #"{"metric":"orders","slice":"all","days":7,"sql":"DROP"}"#, #"unexpected property "sql""#),
        ("metric_history", #"{"metric":"orders","slice":"all","days":0}"#, "days must be between 1 and 22, got 0"),
        ("metric_history", #"{"metric":"orders","slice":"ios","days":7}"#, "no slice 'ios'"),
        ("metric_history", #"{"metric":"orders","slice":"platform=ios","days":7}"#, "no rows for platform=ios"),
        ("previous_analyses", #"{"days":365}"#, "days must be between 1 and 90"),
        ("anomaly_detail", #"{"anomaly_id":"an_nope"}"#, "no finding 'an_nope'"),
        ("run_sql", #"{}"#, "unknown tool 'run_sql'; the tools are metric_history, slice_breakdown, previous_analyses, anomaly_detail"),
    ])
    func invalidCallsGetAnErrorTheModelCanRead(name: String, arguments: String, expected: String) {
        let (result, ok) = call(name, arguments)
        #expect(!ok)
        #expect(result["error"]?.stringValue?.contains(expected) == true, "\(result.canonicalString)")
    }

    @Test func everyToolIsAStrictFunctionWithAllPropertiesRequired() {
        for tool in tools.definitions {
            let parameters = tool["function"]?["parameters"] ?? .null
            #expect(tool["function"]?["strict"] == true)
            #expect(parameters["additionalProperties"] == false)
            #expect(
                Set(parameters["required"]?.arrayValue ?? [])
                    == Set((parameters["properties"]?.objectValue ?? [:]).keys.map { JSONValue.string($0) }))
        }
    }
}
