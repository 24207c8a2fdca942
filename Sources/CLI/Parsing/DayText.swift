import Context
import Foundation
import MonitorEngine

/// Parsing and defaulting of the `YYYY-MM-DD` dates users type.
enum DayText {
    /// Parses a user-supplied date (`YYYY-MM-DD`, or `Nd` for N days before today, like `--since`), refusing
    /// malformed and future dates with a sentence that says how to fix it.
    ///
    /// - Parameters:
    ///   - text: the argument, or nil for the default (yesterday).
    ///   - today: the current UTC day.
    static func runDate(_ text: String?, today: Day, option: String = "--date") throws(PipelineError) -> Day {
        guard let text else { return today.adding(-1) }
        guard let day = Day(text) ?? daysAgo(text, today: today) else {
            throw PipelineError(.usage, "\(option) '\(text)' is not a date; use YYYY-MM-DD or 1d, for example \(today.adding(-1))")
        }
        guard day < today else {
            throw PipelineError(
                .usage, "\(option) \(text) is not over yet (today is \(today) UTC); monitor a day up to \(today.adding(-1))")
        }
        guard day >= earliest else {
            throw PipelineError(.usage, "\(option) \(text) is before \(earliest); give a day from \(earliest) to \(today.adding(-1))")
        }
        return day
    }

    /// The first day a run, replay or demo may be about: earlier dates are typing mistakes, and the warehouse
    /// functions that turn a date into text misread them.
    static let earliest = Day("1970-01-01")!

    /// Parses an optional bound such as `--since`; accepts `YYYY-MM-DD` or `Nd` (N days before today).
    static func bound(_ text: String?, today: Day, option: String) throws(PipelineError) -> Day? {
        guard let text else { return nil }
        guard let day = Day(text) ?? daysAgo(text, today: today) else {
            throw PipelineError(.usage, "\(option) '\(text)' is not a date; use YYYY-MM-DD or a number of days such as 90d")
        }
        return day
    }

    /// `Nd` as the day N days before `today`; nil for any other text.
    static func daysAgo(_ text: String, today: Day) -> Day? {
        guard text.hasSuffix("d"), let n = Int(text.dropLast()), n >= 0 else { return nil }
        return today.adding(-n)
    }
}
