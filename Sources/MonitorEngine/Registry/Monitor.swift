import CanonicalJSON
import Foundation

/// One monitor from the registry: where its rows come from and how they are judged.
public struct Monitor: Sendable, Equatable {
    /// Where the rendered SQL runs.
    public enum Source: String, Sendable, Equatable, CaseIterable {
        case bigquery, sqlite
    }

    /// A day on which unusual values are expected (a holiday, a launch); findings on it do not alert.
    public struct ExpectedDay: Sendable, Equatable {
        public let day: Day
        public let reason: String
        public init(day: Day, reason: String) {
            self.day = day
            self.reason = reason
        }
    }

    /// Who hears about findings and how many are listed.
    public struct Alerting: Sendable, Equatable {
        /// Name of the environment variable holding the webhook URL (never the URL itself).
        public var webhookEnv: String
        public var mentions: [String]
        public var maxFindings: Int
        public var postAllClear: Bool
        /// Bot mode: the channel to post in (with `SLACK_BOT_TOKEN`); nil uses `SLACK_CHANNEL`.
        public var channel: String?
        /// A restated past value changing by at least this share is material: the message mentions it.
        public var materialRestatement = 0.01
        /// What a re-run does about a message whose post may have reached Slack before a crash (webhooks; bot mode
        /// looks the message up and posts exactly once).
        public var delivery = DeliveryGuarantee.atLeastOnce
        /// Bot mode: reactions on a posted alert that label its alerts (emoji name, as Slack spells it → label).
        public var reactionLabels = Alerting.defaultReactionLabels
        /// Bot mode: the Slack user ids whose reactions count as labels; empty lets anyone in the channel label.
        public var labelers: [String] = []

        /// The labels a person may give an alert.
        public static let labels = ["true_positive", "false_positive", "expected"]
        /// 👎 says noise, ✅ or ✔️ says a real incident.
        public static let defaultReactionLabels = [
            "-1": "false_positive", "thumbsdown": "false_positive", "white_check_mark": "true_positive",
            "heavy_check_mark": "true_positive",
        ]

        public init(
            webhookEnv: String = "SLACK_WEBHOOK_URL", mentions: [String] = [], maxFindings: Int = 8, postAllClear: Bool = false,
            channel: String? = nil
        ) {
            self.channel = channel
            self.webhookEnv = webhookEnv
            self.mentions = mentions
            self.maxFindings = maxFindings
            self.postAllClear = postAllClear
        }
    }

    /// `alerting.delivery`: after a crash between Slack accepting a post and its record, post again
    /// (`at_least_once`, a possible duplicate) or record `message.unknown` and not (`at_most_once`, a possible loss).
    public enum DeliveryGuarantee: String, Sendable, Equatable, CaseIterable {
        case atLeastOnce = "at_least_once"
        case atMostOnce = "at_most_once"
    }

    public let name: String
    public let description: String
    public let source: Source
    /// Template file name, relative to the registry's folder.
    public let template: String
    /// Days of history before the run date used for baselines.
    public let lookbackDays: Int
    /// A way of slicing the rows: its name and the SQL expression substituted for `{{dimension}}`.
    public struct Dimension: Sendable, Equatable {
        public let name: String
        public let expression: String
        public init(name: String, expression: String) {
            self.name = name
            self.expression = expression
        }

        /// A literal (`'all'`, `1`): the same value on every row, so the dimension is the top line.
        public var isConstant: Bool {
            let e = expression.trimmingCharacters(in: .whitespaces)
            return (e.count >= 2 && e.hasPrefix("'") && e.hasSuffix("'") && !e.dropFirst().dropLast().contains("'")) || Double(e) != nil
        }
    }

    /// The dimensions in registry order; the first is the top line (usually `total`).
    public let dimensions: [Dimension]
    /// Base columns every query returns besides `ds` and `dimension_value`.
    public let columns: [String]
    public let metrics: [MetricDefinition]
    public let detection: DetectionConfig
    /// Metric name → its detection config with overrides applied.
    public let metricDetection: [String: DetectionConfig]
    public let expectedDays: [ExpectedDay]
    public let alerting: Alerting
    /// Extra `{{name}}` placeholders for the template (dataset names and such).
    public let templateVariables: [String: String]
    /// The monitor's JSON as written in the registry, for hashing and config snapshots.
    public let config: JSONValue
    /// The AI analyst's model, turn limit and token budget.
    public var analyst = AnalystSettings()
    /// BigQuery job settings (project, location, byte limit).
    public var bigquery = BigQuerySettings()
    /// When the run date's data counts as loaded; nil judges whatever arrived.
    public var completeness: CompletenessRule?

    /// Detection rules for one metric, overrides applied.
    public func detection(for metric: String) -> DetectionConfig { metricDetection[metric] ?? detection }

    /// The reason a day is expected to be unusual, if it is.
    public func expectedReason(on day: Day) -> String? { expectedDays.first { $0.day == day }?.reason }

    /// Days of rows a run needs: the lookback, plus one day to tell a persisting change from a new one.
    public var historyDays: Int { lookbackDays + 7 }
}
