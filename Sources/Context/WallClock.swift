import Foundation
import MonitorEngine

/// Where the pipeline reads the time: the real clock in the CLI, a fixed one in tests.
package struct WallClock: Sendable {
    package let now: @Sendable () -> Date

    package init(now: @escaping @Sendable () -> Date) { self.now = now }

    /// The system clock.
    package static let system = WallClock { Date() }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` in UTC, the envelope's `occurred_at` form.
    package func timestamp() -> String { WallClock.iso8601(now()) }

    /// The instant of an `occurred_at` timestamp (`YYYY-MM-DDTHH:MM:SS[.mmm]Z`, as ``timestamp()`` writes it), nil for
    /// anything else.
    package static func instant(_ text: String) -> Date? {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard parts.count == 2, let day = Day(String(parts[0])), parts[1].hasSuffix("Z") else { return nil }
        let clock = parts[1].dropLast().split(separator: ":")
        guard clock.count == 3, let hours = Int(clock[0]), let minutes = Int(clock[1]), let seconds = Double(clock[2]),
            (0..<24).contains(hours), (0..<60).contains(minutes), (0..<61).contains(seconds)
        else { return nil }
        return Date(timeIntervalSince1970: Double(day.ordinal) * 86_400 + Double(hours * 3600 + minutes * 60) + seconds)
    }

    /// Formats `date` as UTC ISO 8601 with milliseconds, without a DateFormatter.
    package static func iso8601(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        let whole = t.rounded(.down)
        let seconds = Int(whole)
        let ms = min(999, Int(((t - whole) * 1000).rounded(.down)))
        let days = Int((whole / 86400).rounded(.down))
        let secondOfDay = seconds - days * 86400
        let day = Day(ordinal: days).description
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(day)T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(ms, 3))Z"
    }
}

extension WallClock {
    /// Today's UTC day.
    package var today: Day { Day(ordinal: Int((now().timeIntervalSince1970 / 86400).rounded(.down))) }
}
