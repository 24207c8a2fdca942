import CanonicalJSON
import EventArchive
import TestSupport
import Testing

/// Every event the demo archives goes through its typed payload and comes back as the same bytes, so the types in
/// `EventArchive/Payloads` hold every field `schemas/events/` defines, and nothing else.
@Suite struct PayloadRoundTripTests {
    @Test func everyDemoEventRoundTripsThroughItsPayloadType() throws {
        let fixture = DemoFixture.shared
        #expect(fixture.demoResult.status == 0)
        let store = try ArchiveStore.open(path: fixture.archive, create: false)
        var seen: [EventType: Int] = [:]
        var mismatches: [String] = []
        try store.forEachEvent { event in
            seen[event.type, default: 0] += 1
            let typed = try EventPayloads.decode(event.payload, as: event.type)
            if typed.json.canonicalString != event.payloadText { mismatches.append("\(event.type.rawValue) \(event.eventId)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        let types: Set<EventType> = [
            .runStarted, .dataPulled, .metricsComputed, .anomalyFlagged, .analysisProduced, .messageSkipped, .runCompleted,
        ]
        #expect(Set(seen.keys).isSuperset(of: types), "\(seen)")
        #expect(seen.values.reduce(0, +) > 500)
    }

    @Test func aPayloadOfTheWrongShapeIsRefusedNamingTheKey() {
        let missing: JSONValue = ["anomaly_id": "an_1", "label": "true_positive"]
        #expect(throws: PayloadError.self) { try AnomalyLabeled(json: missing) }
        do {
            _ = try AnomalyLabeled(json: ["anomaly_id": "an_1", "label": 3, "note": .null])
            Issue.record("a numeric label was accepted")
        } catch {
            #expect(error.message == "the anomaly.labeled payload's label is not a string")
        }
        let labeled = try? AnomalyLabeled(json: ["anomaly_id": "an_1", "label": "expected", "note": .null])
        #expect(labeled == AnomalyLabeled(anomalyId: "an_1", label: "expected", note: nil))
    }
}
