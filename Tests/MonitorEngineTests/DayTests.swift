import Testing

@testable import MonitorEngine

@Suite struct DayTests {
    @Test func parsesAndPrintsRoundTrip() {
        for text in ["1970-01-01", "2024-02-29", "2026-11-27", "2099-12-31"] {
            #expect(Day(text)?.description == text)
        }
        #expect(Day("1970-01-01")?.ordinal == 0)
        #expect(Day("2026-11-27")!.adding(1).description == "2026-11-28")
        #expect(Day("2026-12-31")!.adding(1).description == "2027-01-01")
    }

    @Test func rejectsMalformedAndImpossibleDates() {
        for text in ["2026-02-29", "2026-13-01", "2026-1-01", "20261101", "yesterday", "", "2026-11-31", "2026-00-10"] {
            #expect(Day(text) == nil, "\(text) should not parse")
        }
    }

    @Test func weekdayIsMondayZero() {
        #expect(Day("2026-11-23")!.weekday == 0) // Monday
        #expect(Day("2026-11-29")!.weekday == 6) // Sunday
        #expect(Day("1970-01-01")!.weekdayName == "Thursday")
    }
}
