/// A Quartz cron expression as Databricks job schedules take it (`0 30 6 * * ?`: seconds, minutes, hours, day of
/// month, month, day of week, optional year), checked before anything is sent: Databricks refuses a bad one only
/// when the job is created, with a message that names no field.
package enum QuartzCron {
    /// One field's name and the values a number in it may take.
    struct Field {
        let name: String
        let range: ClosedRange<Int>
        let names: [String]
        /// `?`, `L`, `W` or `#` are allowed (day of month, day of week).
        let special: Bool
    }

    static let fields = [
        Field(name: "seconds", range: 0...59, names: [], special: false),
        Field(name: "minutes", range: 0...59, names: [], special: false),
        Field(name: "hours", range: 0...23, names: [], special: false),
        Field(name: "day of month", range: 1...31, names: [], special: true),
        Field(
            name: "month", range: 1...12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
            special: false),
        Field(name: "day of week", range: 1...7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], special: true),
        Field(name: "year", range: 1970...2099, names: [], special: false),
    ]

    /// What is wrong with `expression`, in words; nil when Quartz would take it.
    package static func problem(_ expression: String) -> String? {
        let parts = expression.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 6 || parts.count == 7 else {
            return "it has \(parts.count) field(s); Quartz wants 6 or 7 (seconds minutes hours day-of-month month day-of-week [year])"
        }
        for (part, field) in zip(parts, fields) {
            if let problem = problem(part, field) { return "its \(field.name) field '\(part)' \(problem)" }
        }
        switch (parts[3] == "?", parts[5] == "?") {
        case (true, true): return "both day fields are '?'; give one of them a value"
        case (false, false): return "one of day-of-month and day-of-week must be '?' (Quartz cannot take both)"
        default: return nil
        }
    }

    /// What is wrong with one field; nil when it is well formed.
    static func problem(_ text: String, _ field: Field) -> String? {
        if text == "?" { return field.special ? nil : "cannot be '?' (only the day fields can)" }
        for element in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            if element.isEmpty { return "has an empty list item" }
            var base = element
            if let slash = element.firstIndex(of: "/") {
                guard let step = Int(element[element.index(after: slash)...]), step > 0 else { return "has a bad step after '/'" }
                base = String(element[..<slash])
            }
            if base == "*" { continue }
            if field.special, base.contains(where: { "LW#".contains($0) }) {
                if let problem = special(base, field) { return problem }
                continue
            }
            let bounds = base.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard bounds.count <= 2 else { return "has a bad range '\(base)'" }
            for bound in bounds {
                guard let value = Int(bound) ?? field.names.firstIndex(of: bound.uppercased()).map({ $0 + field.range.lowerBound }) else {
                    return "has '\(bound)', which is not a number\(field.names.isEmpty ? "" : " or a name such as \(field.names[0])")"
                }
                guard field.range.contains(value) else {
                    return "has \(value), outside \(field.range.lowerBound)–\(field.range.upperBound)"
                }
            }
        }
        return nil
    }

    /// `L`, `LW`, `15W`, `6L` or `6#3` in a day field: the last day, the weekday nearest a day, the last or n-th weekday.
    static func special(_ text: String, _ field: Field) -> String? {
        if text == "L" || (text == "LW" && field.name == "day of month") { return nil }
        let parts = text.split(separator: "#", omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard field.name == "day of week", let day = Int(parts[0]), field.range.contains(day), let nth = Int(parts[1]),
                (1...5).contains(nth)
            else { return "has '\(text)'; n#k wants a weekday 1–7 and k 1–5" }
            return nil
        }
        guard let last = text.last, "LW".contains(last), let day = Int(text.dropLast()), field.range.contains(day) else {
            return "has '\(text)', which Quartz does not read"
        }
        return last == "W" && field.name != "day of month" ? "has '\(text)'; W belongs in the day-of-month field" : nil
    }
}
