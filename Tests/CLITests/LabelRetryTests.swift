import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// `aa label` is safe to retry: the label and note an anomaly already carries is a success that appends nothing, while
/// going back to an earlier label appends again.
@Suite struct LabelRetryTests {
    let demo = DemoFixture.shared

    func label(_ id: String, _ label: String, note: String?, _ archive: String) throws -> (status: Int32, json: JSONValue) {
        let result = AACommand.aa(["label", id, "--as", label, "--json", "--archive", archive] + (note.map { ["--note", $0] } ?? []))
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        return (result.status, try JSONValue.parse(result.stdout))
    }

    func labelEvents(_ archive: String) throws -> Int {
        try JSONValue.parse(AACommand.aa(["history", "--type", "anomaly.labeled", "--json", "--archive", archive]).stdout).items?.count
            ?? -1
    }

    @Test func anIdenticalRetryIsASuccessThatAppendsNothing() throws {
        let copy = demo.copy()
        let id = try #require(
            try JSONValue.parse(demo.demoResult.stdout)["incidents"]?.arrayValue?.first?["found_by"]?.stringValue)
        let first = try label(id, "false_positive", note: "known bot traffic", copy.archive)
        #expect(first.status == 0 && first.json["appended"] == true)
        let retry = try label(id, "false_positive", note: "known bot traffic", copy.archive)
        #expect(retry.status == 0)
        #expect(retry.json["appended"] == false)
        #expect(retry.json["event_id"] == first.json["event_id"])
        #expect(try labelEvents(copy.archive) == 1)
        let text = AACommand.aa(["label", id, "--as", "false_positive", "--note", "known bot traffic", "--archive", copy.archive])
        #expect(text.status == 0 && text.stdout.contains("already labelled false_positive"))

        // A different note, then back to the first label: each is a change, so each is appended.
        #expect(try label(id, "false_positive", note: "bot traffic from one ASN", copy.archive).json["appended"] == true)
        let back = try label(id, "false_positive", note: "known bot traffic", copy.archive)
        #expect(back.json["appended"] == true)
        #expect(back.json["event_id"] != first.json["event_id"])
        #expect(try labelEvents(copy.archive) == 3)
        #expect(AACommand.aa(["verify", "--archive", copy.archive]).status == 0)
    }
}
