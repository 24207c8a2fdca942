import Foundation

/// When a day's data counts as loaded (`completeness` in the registry): before judging the run date, `aa` compares
/// the day's top-line volume with what its baseline expects (`volume`), or asks the warehouse when the data was
/// last loaded (`sql`). An incomplete day is archived as `data.incomplete` and not judged; with `wait`, `aa run`
/// polls every `poll` until it is complete or the wait ends. Later runs revisit it: judged late once complete, or
/// judged as it is once its numbers have not moved for `settle`.
public struct CompletenessRule: Sendable, Equatable {
    /// How completeness is checked.
    public enum Check: String, Sendable, CaseIterable {
        /// The run date's volume of `metric` (summed over the first dimension's slices) against the median of the
        /// same weekday in the baseline weeks.
        case volume
        /// `sql` returns one row whose first column is the time the data was loaded through; the day is complete
        /// once that is at or after the end of the run date (UTC).
        case sql
    }

    public let check: Check
    /// The share of the expected volume a complete day reaches (volume check).
    public let minShareOfExpected: Double
    /// The count metric whose volume is checked (default: the first count metric).
    public let metric: String
    /// The freshness query of the `sql` check; it may use `@run_date`.
    public let sql: String?
    /// Seconds to keep polling an incomplete day (0: judge or skip at once); at most a day.
    public let waitSeconds: Int
    /// Seconds between polls.
    public let pollSeconds: Int
    /// Seconds an incomplete day's numbers must stay the same before a later run judges it as it is (default a day).
    public let settleSeconds: Int

    public init(
        check: Check, minShareOfExpected: Double, metric: String, sql: String?, waitSeconds: Int, pollSeconds: Int,
        settleSeconds: Int = 86_400
    ) {
        self.check = check
        self.minShareOfExpected = minShareOfExpected
        self.metric = metric
        self.sql = sql
        self.waitSeconds = waitSeconds
        self.pollSeconds = pollSeconds
        self.settleSeconds = settleSeconds
    }

    /// `30s`, `10m`, `2h` as seconds; nil for anything else, and for more than a year.
    public static func seconds(_ text: String) -> Int? {
        guard let unit = text.last, let amount = Int(text.dropLast()), (0...31_536_000).contains(amount) else { return nil }
        switch unit {
        case "s": return amount
        case "m": return amount * 60
        case "h": return amount * 3600
        default: return nil
        }
    }
}

extension CompletenessRule {
    /// Reads the `completeness` block of a monitor whose metrics are `metrics`.
    static func parse(_ r: inout JSONObjectReader, metrics: [MetricDefinition]) throws(RegistryError) -> CompletenessRule? {
        guard var c = try r.optionalObject("completeness") else { return nil }
        guard let check = try c.optionalEnum("check", Check.self) else { throw c.fail("check", "is required: 'volume' or 'sql'") }
        let share = try c.optionalNumber("min_share_of_expected", atLeast: 0.01) ?? 0.9
        if share > 1 { throw c.fail("min_share_of_expected", "must be at most 1 (a share of the expected volume)") }
        let counts = metrics.filter { $0.kind == .count }.map(\.name)
        let metric = try c.optionalString("metric") ?? counts.first ?? ""
        if check == .volume && !counts.contains(metric) {
            throw c.fail(
                "metric",
                counts.isEmpty
                    ? "the volume check needs a count metric and the monitor has none; use \"check\": \"sql\""
                    : "must name a count metric (\(counts.joined(separator: ", "))), got '\(metric)'")
        }
        let sql = try c.optionalString("sql")
        if check == .sql {
            guard let sql, !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw c.fail("sql", "is required by the sql check: a query returning the time the data was loaded through")
            }
            if sql.contains(";") { throw c.fail("sql", "must be one statement, without ';'") }
        }
        let wait = try duration(&c, "wait", default: 0)
        if wait > 86_400 { throw c.fail("wait", "is longer than a day; a run waits at most 24h for its data") }
        let poll = try duration(&c, "poll", default: min(600, max(1, wait)))
        if poll < 1 || (wait > 0 && poll > wait) { throw c.fail("poll", "must be between 1s and the wait") }
        let settle = try duration(&c, "settle", default: 86_400)
        if settle > 604_800 { throw c.fail("settle", "is longer than a week; an incomplete day is judged as it is within 7d") }
        try c.rejectUnknownKeys()
        return CompletenessRule(
            check: check, minShareOfExpected: share, metric: metric, sql: sql, waitSeconds: wait, pollSeconds: poll,
            settleSeconds: settle)
    }

    static func duration(_ c: inout JSONObjectReader, _ key: String, default fallback: Int) throws(RegistryError) -> Int {
        guard let text = try c.optionalString(key) else { return fallback }
        guard let seconds = seconds(text) else { throw c.fail(key, "must be a duration such as 30s, 10m or 2h, got '\(text)'") }
        return seconds
    }
}
