import CanonicalJSON
import MonitorEngine

/// The read-only tools the AI analyst may call, over one run's evidence: their strict function definitions and
/// their execution. Arguments are validated; a malformed or unknown call answers with an error the model can
/// read and recover from, never a crash.
struct AnalystTools {
    let evidence: AnalysisEvidence

    /// Longest history `metric_history` returns: what the run pulled.
    var maxHistoryDays: Int { evidence.monitor.historyDays + 1 }
    static let maxPreviousDays = 90
    static let maxBreakdownSlices = 25

    /// The `tools` array of a Chat Completions request.
    var definitions: [JSONValue] {
        let metrics = JSONValue.array(evidence.monitor.metrics.map { .string($0.name) })
        let dimensions = JSONValue.array(evidence.monitor.dimensions.map { .string($0.name) })
        return [
            Self.function(
                "metric_history", "Daily values of one metric for one slice, oldest first, ending on the run date.",
                [
                    "metric": ["type": "string", "enum": metrics],
                    "slice": [
                        "type": "string",
                        "description": "dimension=value as in a finding, e.g. platform=android; total=all for the top line",
                    ],
                    "days": ["type": "integer", "description": .string("1 to \(maxHistoryDays)")],
                ]),
            Self.function(
                "slice_breakdown", "Every slice of one dimension for one metric on the run date: value, baseline, change, score.",
                [
                    "metric": ["type": "string", "enum": metrics], "dimension": ["type": "string", "enum": dimensions],
                ]),
            Self.function(
                "previous_analyses", "Summaries and top hypotheses of this monitor's analyses on earlier days, oldest first.",
                [
                    "days": ["type": "integer", "description": .string("1 to \(Self.maxPreviousDays)")]
                ]),
            Self.function(
                "anomaly_detail", "Everything recorded about one finding: rule, threshold, statistics, baseline window, drill-down.",
                [
                    "anomaly_id": ["type": "string"]
                ]),
        ]
    }

    static func function(_ name: String, _ description: String, _ properties: [String: JSONValue]) -> JSONValue {
        [
            "type": "function",
            "function": [
                "name": .string(name), "description": .string(description), "strict": true,
                "parameters": [
                    "type": "object", "properties": .object(properties), "required": .array(properties.keys.sorted().map { .string($0) }),
                    "additionalProperties": false,
                ],
            ],
        ]
    }

    /// Runs one tool call; the result is JSON for the `tool` message, with `error` set when the call was not valid.
    func call(name: String, arguments: String) -> (result: JSONValue, ok: Bool) {
        guard let definition = definitions.first(where: { $0["function"]?["name"]?.stringValue == name }) else {
            return (
                Self.error(
                    "unknown tool '\(name)'; the tools are "
                        + definitions.compactMap { $0["function"]?["name"]?.stringValue }.joined(separator: ", ")), false
            )
        }
        guard let parsed = try? JSONValue.parse(arguments), case .object(let args) = parsed else {
            return (Self.error("the arguments are not a JSON object; send them as JSON matching the tool's parameters"), false)
        }
        if let problem = JSONSchemaCheck.violation(of: definition["function"]?["parameters"] ?? .null, by: parsed, at: "arguments") {
            return (Self.error(problem), false)
        }
        do {
            switch name {
            case "metric_history": return (try history(args), true)
            case "slice_breakdown": return (try breakdown(args), true)
            case "previous_analyses": return (try previous(args), true)
            default: return (try detail(args), true)
            }
        } catch {
            return (Self.error(error.message), false)
        }
    }

    static func error(_ message: String) -> JSONValue { ["error": .string(message)] }

    /// A tool call whose arguments were well-formed but asked for something that is not there.
    struct Refusal: Error { let message: String }

    func history(_ args: [String: JSONValue]) throws(Refusal) -> JSONValue {
        let metric = args["metric"]?.stringValue ?? ""
        let days = Int(args["days"]?.intValue ?? 0)
        guard (1...maxHistoryDays).contains(days) else {
            throw Refusal(message: "days must be between 1 and \(maxHistoryDays), got \(days)")
        }
        let (dimension, slice) = try resolve(args["slice"]?.stringValue ?? "")
        guard
            let points = MetricHistory.points(
                monitor: evidence.monitor, rows: evidence.rows, runDate: evidence.runDate, metric: metric,
                dimension: dimension, slice: slice, days: days)
        else { throw Refusal(message: "no rows for \(dimension)=\(slice) in this run; slice_breakdown lists the slices that exist") }
        return [
            "metric": .string(metric), "dimension": .string(dimension), "slice": .string(slice),
            "points": .array(
                points.map { ["date": .string($0.day.description), "value": .number($0.value), "volume": .number($0.volume)] }),
        ]
    }

    /// `dimension=value`, or a bare value that names exactly one slice.
    func resolve(_ text: String) throws(Refusal) -> (String, String) {
        if let eq = text.firstIndex(of: "="), evidence.monitor.dimensions.contains(where: { $0.name == String(text[..<eq]) }) {
            return (String(text[..<eq]), String(text[text.index(after: eq)...]))
        }
        let owners = evidence.rows.filter { dimension in dimension.rows.contains { $0.slice == text } }.map(\.dimension)
        guard owners.count == 1 else {
            throw Refusal(
                message: owners.isEmpty
                    ? "no slice '\(text)'; write it as dimension=value, e.g. \(evidence.monitor.dimensions.last?.name ?? "platform")=..."
                    : "'\(text)' is a slice of \(owners.joined(separator: " and ")); write it as dimension=value")
        }
        return (owners[0], text)
    }

    func breakdown(_ args: [String: JSONValue]) throws(Refusal) -> JSONValue {
        let metric = args["metric"]?.stringValue ?? ""
        let dimension = args["dimension"]?.stringValue ?? ""
        let cells = evidence.cells.filter { $0["metric"]?.stringValue == metric && $0["dimension"]?.stringValue == dimension }
        guard !cells.isEmpty else { throw Refusal(message: "\(dimension) returned no rows on \(evidence.runDate)") }
        let ranked = cells.sorted {
            (abs($0["stats"]?["delta_abs"]?.doubleValue ?? 0), $1["slice"]?.stringValue ?? "")
                > (abs($1["stats"]?["delta_abs"]?.doubleValue ?? 0), $0["slice"]?.stringValue ?? "")
        }
        return [
            "metric": .string(metric), "dimension": .string(dimension), "run_date": .string(evidence.runDate.description),
            "slices": .array(
                ranked.prefix(Self.maxBreakdownSlices).map { c in
                    let stats = CellStatistics(json: c["stats"] ?? .null) ?? CellStatistics()
                    let quoted = stats.members([\.value, \.baseline, \.deltaAbsolute, \.deltaRelative, \.volume])
                    return .object(
                        quoted.merging([
                            "slice": c["slice"] ?? .null, "statistic": c["statistic"] ?? .null, "flagged": c["flagged"] ?? .null,
                        ]) {
                            a, _ in a
                        })
                }),
            "slices_not_listed": .int(Int64(max(0, ranked.count - Self.maxBreakdownSlices))),
        ]
    }

    func previous(_ args: [String: JSONValue]) throws(Refusal) -> JSONValue {
        let days = Int(args["days"]?.intValue ?? 0)
        guard (1...Self.maxPreviousDays).contains(days) else {
            throw Refusal(message: "days must be between 1 and \(Self.maxPreviousDays), got \(days)")
        }
        return ["run_date": .string(evidence.runDate.description), "analyses": .array(evidence.previousAnalyses(days))]
    }

    func detail(_ args: [String: JSONValue]) throws(Refusal) -> JSONValue {
        let id = args["anomaly_id"]?.stringValue ?? ""
        guard let finding = evidence.findings.first(where: { $0["anomaly_id"]?.stringValue == id }) else {
            throw Refusal(message: "no finding '\(id)' in this run; use an anomaly_id from the findings list")
        }
        return finding
    }
}
