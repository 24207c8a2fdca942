import CanonicalJSON
import Context
import Foundation
import MonitorEngine

/// Pulls a run's rows once the run date's data looks complete under the monitor's `completeness` rule, checking
/// again every `poll` while the rule's `wait` allows (progress on stderr). Without a rule it pulls once.
struct CompletenessGate {
    let monitor: Monitor
    let date: Day
    let warehouse: any Warehouse
    let queries: [RenderedQuery]
    let runId: String
    /// `aa run --force`: judge even an empty window.
    var force = false
    let progress: @Sendable (String) -> Void
    var sleep: (Int) -> Void = { Thread.sleep(forTimeInterval: Double($0)) }

    /// One dimension's pull: the query, what the warehouse returned, the rows decoded.
    typealias Pull = (query: RenderedQuery, result: QueryResult, rows: DimensionRows)

    /// What the gate found: the last pulls (none when the freshness query said the day is not loaded), the last
    /// verdict (nil without a rule), the checks made and the seconds waited.
    struct Outcome {
        var pulls: [Pull] = []
        var verdict: CompletenessVerdict?
        var attempts = 0
        var waited = 0
    }

    func pass() throws(PipelineError) -> Outcome {
        var outcome = Outcome()
        while true {
            outcome.attempts += 1
            outcome.pulls = []
            outcome.verdict = nil
            if let rule = monitor.completeness, rule.check == .sql { outcome.verdict = try freshness(rule) }
            if outcome.verdict?.complete != false {
                outcome.pulls = try pullAll()
                if !force, outcome.pulls.allSatisfy({ $0.result.rows.isEmpty }) { throw nothingToJudge() }
            }
            if let rule = monitor.completeness, rule.check == .volume {
                outcome.verdict = CompletenessCheck.volume(rule, monitor: monitor, rows: outcome.pulls.map(\.rows), runDate: date)
            }
            guard let rule = monitor.completeness, let verdict = outcome.verdict, !verdict.complete,
                outcome.waited < rule.waitSeconds
            else { return outcome }
            let pause = min(rule.pollSeconds, rule.waitSeconds - outcome.waited)
            progress(
                "\(monitor.name) \(date): data looks incomplete (\(verdict.sentence)); checking again in \(pause)s "
                    + "(\(rule.waitSeconds - outcome.waited)s of the wait left)")
            sleep(pause)
            outcome.waited += pause
        }
    }

    func pullAll() throws(PipelineError) -> [Pull] {
        var pulls: [Pull] = []
        for query in queries {
            progress("\(monitor.name) \(date): pulling \(query.combines.isEmpty ? query.dimension : "every dimension in one scan")")
            let result = try warehouse.execute(query, runId: runId)
            let parts = query.combines.isEmpty ? [(query, result)] : try RowDecoder.split(result, of: query, monitor: monitor)
            for (part, partResult) in parts {
                pulls.append((part, partResult, try RowDecoder.decode(partResult, monitor: monitor, dimension: part.dimension)))
            }
        }
        return pulls
    }

    /// The refusal of a run whose whole window holds no rows (a usage error: the run archives nothing).
    func nothingToJudge() -> PipelineError {
        let start = queries.first?.parameters.first { $0.name == "start_date" }?.value ?? "the start of its window"
        return PipelineError(
            .usage,
            "the warehouse has no rows for \(monitor.name) from \(start) to \(date), so there is nothing to judge and nothing was "
                + "archived; is \(date) before its data starts? choose a later --date (or --force to archive the empty day)")
    }

    /// The refusal of a run date past the warehouse's last day of rows, with no load of it recorded: not loaded (yet).
    func noRowsYet(after last: Day) -> PipelineError {
        PipelineError(
            .usage,
            "the warehouse has no rows for \(monitor.name) on \(date) (its data ends on \(last)) and no load of \(date) is recorded, so "
                + "nothing was judged or archived; run it once the day is loaded, or choose --date \(last) or earlier")
    }

    /// Runs the rule's freshness query and reads its first column as the time the data was loaded through.
    func freshness(_ rule: CompletenessRule) throws(PipelineError) -> CompletenessVerdict {
        let query = RenderedQuery(
            monitor: monitor.name, dimension: "completeness", sql: rule.sql ?? "",
            parameters: [QueryParameter(name: "run_date", type: "DATE", value: date.description)])
        let result = try warehouse.execute(query, runId: runId)
        let fix = "make completeness.sql return one row whose first column is when the data was loaded through"
        guard let cell = result.rows.first?.first, cell != .null else {
            // No load recorded for the day: a date before the data starts, or past its end, is refused as such, not as a
            // broken query.
            if !force {
                let pulled = try pullAll()
                if pulled.allSatisfy({ $0.result.rows.isEmpty }) { throw nothingToJudge() }
                if let last = pulled.flatMap({ $0.rows.rows.map(\.day) }).max(), last < date { throw noRowsYet(after: last) }
            }
            throw PipelineError(.config, "the completeness query of \(monitor.name) returned no value; \(fix)")
        }
        let text = cell.stringValue ?? cell.doubleValue.map { "\($0)" } ?? cell.canonicalString
        guard let seconds = CompletenessCheck.timestamp(text) else {
            throw PipelineError(.config, "the completeness query of \(monitor.name) returned '\(text)', which is not a timestamp; \(fix)")
        }
        return CompletenessCheck.freshness(loadedThrough: seconds, text: text, runDate: date)
    }
}
