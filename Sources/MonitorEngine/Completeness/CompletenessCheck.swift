import Foundation

/// The completeness checks, pure: the same rows (or the same freshness answer) give the same verdict.
public enum CompletenessCheck {
    /// The run date's volume of `rule.metric`, summed over the slices of the monitor's first dimension, against the
    /// median of the same weekday in the `baseline_weeks` weeks before (expected days left out). Fewer than two
    /// such weeks cannot say what to expect: the day passes.
    public static func volume(_ rule: CompletenessRule, monitor: Monitor, rows: [DimensionRows], runDate: Day) -> CompletenessVerdict {
        guard let column = monitor.metrics.first(where: { $0.name == rule.metric }).flatMap({ monitor.columns.firstIndex(of: $0.column) }),
            let first = monitor.dimensions.first, let dimension = rows.first(where: { $0.dimension == first.name })
        else {
            return CompletenessVerdict(
                complete: true, seen: nil, expected: nil, share: nil, loadedThrough: nil,
                sentence: "no \(rule.metric) rows to check completeness with")
        }
        var totals: [Day: Double] = [:]
        for row in dimension.rows where column < row.values.count && row.values[column].isFinite {
            totals[row.day, default: 0] += row.values[column]
        }
        // An expected day (a holiday) is low by design: its volume says nothing about whether it has loaded.
        if let reason = monitor.expectedReason(on: runDate) {
            return CompletenessVerdict(
                complete: true, seen: nil, expected: nil, share: nil, loadedThrough: nil,
                sentence: "an expected day (\(reason)): its volume is not compared; judged as expected")
        }
        let weeks = monitor.detection(for: rule.metric).baselineWeeks
        let history = (1...max(1, weeks)).compactMap { week -> Double? in
            let day = runDate.adding(-7 * week)
            return monitor.expectedReason(on: day) == nil ? totals[day] : nil
        }.sorted()
        let seen = totals[runDate] ?? 0
        guard history.count >= 2 else {
            return CompletenessVerdict(
                complete: true, seen: seen, expected: nil, share: nil, loadedThrough: nil,
                sentence: "only \(history.count) earlier \(runDate.weekdayName)(s) to compare \(rule.metric) with; not checked")
        }
        let middle = history.count / 2
        let expected = history.count % 2 == 1 ? history[middle] : (history[middle - 1] + history[middle]) / 2
        let share = expected > 0 ? seen / expected : 1
        let percent = Int((share * 100).rounded())
        return CompletenessVerdict(
            complete: share >= rule.minShareOfExpected, seen: seen, expected: expected, share: share, loadedThrough: nil,
            sentence: "\(percent) % of the expected \(rule.metric)")
    }

    /// Whether data loaded through `loadedThrough` (seconds since 1970, UTC) covers the whole run date.
    public static func freshness(loadedThrough seconds: Double, text: String, runDate: Day) -> CompletenessVerdict {
        let endOfDay = Double(runDate.adding(1).ordinal) * 86_400
        return CompletenessVerdict(
            complete: seconds >= endOfDay, seen: nil, expected: nil, share: nil, loadedThrough: text,
            sentence: "loaded through \(text)")
    }

    /// A freshness query's answer as seconds since 1970: a number of seconds (BigQuery's TIMESTAMP in JSON rows) or
    /// an ISO 8601 / `YYYY-MM-DD HH:MM:SS` text (UTC unless it says otherwise); nil for anything else.
    public static func timestamp(_ text: String) -> Double? {
        if let seconds = Double(text), seconds.isFinite { return seconds }
        var value = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "T")
        if value.count == 10 { value += "T00:00:00" }
        if value.hasSuffix(" UTC") { value = String(value.dropLast(4)) }
        let formatter = ISO8601DateFormatter()
        for candidate in [value, value + "Z"] {
            formatter.formatOptions = [.withInternetDateTime]
            if let date = formatter.date(from: candidate) { return date.timeIntervalSince1970 }
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let date = formatter.date(from: candidate) { return date.timeIntervalSince1970 }
        }
        return nil
    }
}
