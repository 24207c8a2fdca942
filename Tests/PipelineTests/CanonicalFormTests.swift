import CanonicalJSON
import EventArchive
import Foundation
import Pipeline
import Testing

/// The byte-level JSON reader and writer against what the previous (String-based) aa wrote: every event of a
/// demo day it archived re-serialises to the same bytes and hashes to the same chain.
@Suite struct CanonicalFormTests {
    static let fixture = UpcastingTests.folder + "/Fixtures/demo-day-v1.ndjson"

    @Test func everyArchivedPayloadAndEnvelopeReserialisesByteForByte() throws {
        let lines = try String(contentsOfFile: Self.fixture, encoding: .utf8).split(separator: "\n")
        #expect(lines.count >= 12)
        var types: Set<String> = []
        for line in lines {
            let row = try JSONValue.parse(String(line))
            #expect(row.canonicalString == String(line)) // the export row itself
            let payload = try #require(row["payload"]?.stringValue)
            #expect(try JSONValue.parse(payload).canonicalString == payload)
            let envelope = EventEnvelope(
                position: 0, eventId: row["event_id"]?.stringValue ?? "", origin: row["origin"]?.stringValue ?? "",
                sequence: row["sequence"]?.intValue ?? 0, runId: row["run_id"]?.stringValue ?? "",
                monitor: row["monitor"]?.stringValue ?? "",
                runDate: row["run_date"]?.stringValue ?? "", type: try #require(EventType(rawValue: row["type"]?.stringValue ?? "")),
                schemaVersion: Int(row["schema_version"]?.intValue ?? 0), occurredAt: row["occurred_at"]?.stringValue ?? "",
                logicVersion: row["logic_version"]?.stringValue, causationId: row["causation_id"]?.stringValue, payloadText: payload,
                prevHash: row["prev_hash"]?.stringValue ?? "", hash: row["hash"]?.stringValue ?? "")
            #expect(envelope.computedHash == envelope.hash, "\(envelope.eventId)")
            types.insert(envelope.type.rawValue)
            // The typed payload writes the archived bytes back (older versions after upcasting).
            let current = envelope.schemaVersion == envelope.type.schemaVersion
            let archived = current ? payload : PayloadUpcaster.upcast(envelope).canonicalString
            let typed = try EventPayloads.decode(try JSONValue.parse(archived), as: envelope.type)
            #expect(typed.json.canonicalString == archived, "\(envelope.type.rawValue) \(envelope.eventId)")
        }
        #expect(types.isSuperset(of: ["run.started", "data.pulled", "metrics.computed", "anomaly.flagged", "analysis.produced"]))
    }

    /// Strings with every kind of escape, non-ASCII text and keys that sort differently by bytes and by UTF-16.
    @Test func escapesAndKeyOrderAreTheCanonicalOnes() throws {
        let value: JSONValue = [
            "b": "quote \" backslash \\ newline \n tab \t bell \u{07} unit \u{1F} é 日本 🙂",
            "a": [1, -2, 0.5, 1e21, -0.0, 123_456_789_012_345_678, .null, true],
            "\u{FF61}": 1, "\u{1F600}": 2, "Z": .object([:]), "": .array([]),
        ]
        let expected =
            #"{"":[],"Z":{},"a":[1,-2,0.5,1e+21,0.0,123456789012345678,null,true],"#
            + #""b":"quote \" backslash \\ newline \n tab \t bell \u0007 unit \u001f é 日本 🙂","｡":1,"😀":2}"#
        #expect(value.canonicalString == expected)
        #expect(try JSONValue.parse(expected) == value)
        #expect(
            try JSONValue.parse(#"[-9223372036854775808, 9223372036854775807, 12345678901234567890, 1.5e-7]"#)
                == [.int(Int64.min), .int(Int64.max), .double(Double("12345678901234567890")!), .double(1.5e-7)])
    }
}
