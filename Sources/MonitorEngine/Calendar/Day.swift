/// A calendar day as a count of days since 1970-01-01, the unit the engine works in.
///
/// Pure arithmetic, no time zones: a monitored day is a label, not an instant.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// Parses `YYYY-MM-DD`; returns nil for anything else, including impossible dates.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), d >= 1, d <= Day.daysInMonth(year: y, month: m), y >= 1900
        else { return nil }
        self.init(ordinal: Day.daysFromCivil(year: y, month: m, day: d))
    }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    /// The day `n` days later (earlier when negative).
    public func adding(_ n: Int) -> Day { Day(ordinal: ordinal + n) }

    /// 0 = Monday … 6 = Sunday.
    public var weekday: Int { ((ordinal + 3) % 7 + 7) % 7 }

    /// English weekday name, for narratives.
    public var weekdayName: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday]
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = civil
        return zeroPadded(y, width: 4) + "-" + zeroPadded(m, width: 2) + "-" + zeroPadded(d, width: 2)
    }

    /// Year, month and day of month.
    public var civil: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Zero-pads `value` to `width` digits.
func zeroPadded(_ value: Int, width: Int) -> String {
    let digits = value.description
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
