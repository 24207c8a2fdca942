import CanonicalJSON

/// Every `--json` document `aa` prints, each described by `schemas/cli/<name>.schema.json` and carrying
/// `"schema": "aa.<name>/1"`; a list is printed as an object holding it under ``itemsKey``.
enum CLIDocument: String, CaseIterable, Sendable {
    case run, demo, alerts, why, report, narratives
    case whyCell = "why.cell"
    case narrativesDiff = "narratives.diff"
    case history
    case deliverPreview = "deliver.preview"
    case deliverPending = "deliver.pending"
    case labelsPull = "labels.pull"
    case rebuild, reanalyze, backtest, label, precision, verify, site, cost, restatements
    case projectionsRebuild = "projections.rebuild"
    case projectionsDigest = "projections.digest"
    case monitorsList = "monitors.list"
    case monitorsValidate = "monitors.validate"
    case monitorsRender = "monitors.render"
    case authStatus = "auth.status"
    case archiveInit = "archive.init"
    case archiveRecover = "archive.recover"
    case syncStatus = "sync.status"
    case syncPush = "sync.push"
    case syncPull = "sync.pull"
    case databricksStatus = "databricks.status"
    case databricksPush = "databricks.push"
    case databricksPull = "databricks.pull"
    case databricksCheck = "databricks.check"
    case databricksRun = "databricks.run"
    case databricksSchedule = "databricks.schedule"

    /// Bumped when a document changes incompatibly.
    static let version = 1

    /// `aa.<name>/<version>`, the value of the document's `schema` member.
    var schema: String { "aa.\(rawValue)/\(Self.version)" }

    /// Where a list document keeps its items.
    var itemsKey: String? {
        switch self {
        case .run: "runs"
        case .alerts: "alerts"
        case .narratives: "narratives"
        case .history: "events"
        case .deliverPending: "deliveries"
        case .labelsPull: "channels"
        case .reanalyze: "days"
        case .precision: "metrics"
        case .restatements: "restatements"
        case .monitorsList: "monitors"
        case .monitorsRender: "queries"
        case .archiveInit: "steps"
        default: nil
        }
    }

    /// `value` as this document: its `schema` member added, a list wrapped under ``itemsKey``.
    func wrap(_ value: JSONValue) -> JSONValue {
        var object: [String: JSONValue]
        if case .array = value, let key = itemsKey {
            object = [key: value]
        } else {
            object = value.objectValue ?? ["value": value]
        }
        object["schema"] = .string(schema)
        return .object(object)
    }
}
