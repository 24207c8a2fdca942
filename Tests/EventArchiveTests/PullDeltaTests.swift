import CanonicalJSON
import EventArchive
import Testing

/// The delta form of a pull: the segments rebuild the rows exactly, copy what the base had and write out the rest.
@Suite struct PullDeltaTests {
    /// Rows `[ds, slice, visitors]` for `days` days of each slice, ordered by slice then day as a template may return them.
    static func window(_ days: ClosedRange<Int>, slices: [String], value: (String, Int) -> JSONValue = { _, day in .int(Int64(100 + day)) })
        -> [JSONValue]
    {
        slices.flatMap { slice in days.map { day in JSONValue.array([.string("2026-11-\(10 + day)"), .string(slice), value(slice, day)]) } }
    }

    @Test func aSlidingWindowCopiesEveryRowButTheNewDay() throws {
        let base = Self.window(1...10, slices: ["a", "b", "c"])
        let rows = Self.window(2...11, slices: ["a", "b", "c"])
        let delta = PullDelta(baseEventId: "ev_base", from: base, to: rows)
        #expect(try delta.apply(to: base) == rows)
        #expect(delta.writtenRows == 3)
        // Per slice: nine rows copied in one run, then the new day written out.
        #expect(delta.segments.first == .copy(start: 1, count: 9))
        #expect(delta.segments.count == 6)
        #expect(try PullDelta(json: delta.json) == delta)
    }

    @Test func aRestatedRowIsWrittenOutAndTheRestStillCopied() throws {
        let base = Self.window(1...10, slices: ["a", "b"])
        let rows = Self.window(2...11, slices: ["a", "b"]) { slice, day in .int(slice == "b" && day == 5 ? 25 : Int64(100 + day)) }
        let delta = PullDelta(baseEventId: "ev_base", from: base, to: rows)
        #expect(try delta.apply(to: base) == rows)
        #expect(delta.writtenRows == 3)
        let written = delta.segments.flatMap { segment -> [JSONValue] in
            if case .rows(let rows) = segment { return rows }
            return []
        }
        #expect(written.contains(["2026-11-15", "b", 25]))
    }

    @Test func rowsAreComparedAsTheirCanonicalBytes() throws {
        // Equal as numbers, different as bytes: a copy must not turn one into the other.
        let base: [JSONValue] = [[.double(0.0), "x"], [.int(1), "y"], [.double(1.5), "z"]]
        let rows: [JSONValue] = [[.double(-0.0), "x"], [.double(1.0), "y"], [.double(1.5), "z"]]
        let rebuilt = try PullDelta(baseEventId: "ev_base", from: base, to: rows).apply(to: base)
        #expect(JSONValue.array(rebuilt).canonicalString == JSONValue.array(rows).canonicalString)
    }

    @Test func duplicatesReorderingsAndEmptySidesRebuildExactly() throws {
        let base = Self.window(1...4, slices: ["a", "b"]) + Self.window(1...2, slices: ["a"])
        let cases: [[JSONValue]] = [
            [], base.reversed(), base + base, Self.window(3...6, slices: ["b", "a"]), [[.null, "a", 1], ["2026-11-11", "a", 101]],
        ]
        for rows in cases {
            let delta = PullDelta(baseEventId: "ev_base", from: base, to: rows)
            #expect(try delta.apply(to: base) == rows)
            #expect(try PullDelta(baseEventId: "ev_base", from: [], to: rows).apply(to: []) == rows)
        }
        #expect(try PullDelta(baseEventId: "ev_base", from: base, to: base).segments == [.copy(start: 0, count: base.count)])
    }

    @Test func aCopyPastTheBaseIsRefusedNamingTheBase() {
        let delta = PullDelta(baseEventId: "ev_base", segments: [.copy(start: 3, count: 4)])
        do {
            _ = try delta.apply(to: Self.window(1...5, slices: ["a"]))
            Issue.record("a copy past the end of the base was applied")
        } catch {
            #expect(error.message == "a copy of rows 3..<7 reaches past the 5 rows of base pull ev_base")
        }
        #expect(throws: PayloadError.self) { try PullDelta(json: ["base_event_id": "ev", "segments": [["copy": [1]]]]) }
    }
}
