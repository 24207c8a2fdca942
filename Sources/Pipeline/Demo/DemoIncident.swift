import MonitorEngine

/// An anomaly deliberately injected into the demo warehouse: the ground truth detection is measured against.
package struct DemoIncident: Sendable, Equatable {
    package let day: Day
    package let kind: String
    /// The metric, dimension and slice where detection should see it.
    package let metric: String
    package let dimension: String
    package let slice: String
    package let description: String
}

/// The demo world's calendar of public holidays (listed as expected days in the demo monitor).
package enum DemoCalendar {
    package static let holidays: [(String, String)] = [
        ("2025-01-01", "New Year's Day"), ("2025-05-26", "Memorial Day"), ("2025-07-04", "Independence Day"),
        ("2025-09-01", "Labor Day"), ("2025-11-27", "Thanksgiving"), ("2025-12-25", "Christmas Day"),
        ("2026-01-01", "New Year's Day"), ("2026-05-25", "Memorial Day"), ("2026-07-04", "Independence Day"),
        ("2026-09-07", "Labor Day"), ("2026-11-26", "Thanksgiving"), ("2026-12-25", "Christmas Day"),
        ("2027-01-01", "New Year's Day"), ("2027-05-31", "Memorial Day"), ("2027-07-04", "Independence Day"),
        ("2027-09-06", "Labor Day"), ("2027-11-25", "Thanksgiving"), ("2027-12-25", "Christmas Day"),
        ("2028-01-01", "New Year's Day"), ("2028-05-29", "Memorial Day"), ("2028-07-04", "Independence Day"),
        ("2028-09-04", "Labor Day"), ("2028-11-23", "Thanksgiving"), ("2028-12-25", "Christmas Day"),
    ]

    static let holidayDays: Set<Day> = Set(holidays.compactMap { Day($0.0) })
}
