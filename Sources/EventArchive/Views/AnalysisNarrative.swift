import CanonicalJSON

/// What an analyst said (`schemas/analysis.schema.json`), read from an `analysis.produced` payload's `output`:
/// the summary, a statement per finding, hypotheses with their confidence, checks to run and caveats.
public struct AnalysisNarrative: Sendable, Equatable {
    /// What the analyst said of one finding.
    public struct Statement: Sendable, Equatable {
        public let anomalyId: String?
        public let metric: String
        public let dimension: String
        public let slice: String
        public let statement: String?
        /// False when the analyst doubts the detection; nil when it did not say.
        public let agreesWithDetection: Bool?

        /// `metric|dimension|slice`: what two days' statements are matched by (anomaly ids are run-specific).
        public var cellKey: String { "\(metric)|\(dimension)|\(slice)" }
    }

    /// One hypothesis and how sure the analyst was (`low`, `medium`, `high`).
    public struct Hypothesis: Sendable, Equatable {
        public let text: String
        public let confidence: String?
        /// What the analyst based it on.
        public let evidence: String?
    }

    public let summary: String?
    public let statements: [Statement]
    public let hypotheses: [Hypothesis]
    public let recommendedChecks: [String]
    public let caveats: [String]
    /// The hypotheses as archived (with their evidence), for documents that quote them whole.
    public let hypothesesJSON: JSONValue

    /// Reads an analyst's output; what is missing reads as empty.
    public init(_ json: JSONValue) {
        summary = json["summary"]?.stringValue
        statements = (json["findings"]?.arrayValue ?? []).map {
            Statement(
                anomalyId: $0["anomaly_id"]?.stringValue, metric: $0["metric"]?.stringValue ?? "",
                dimension: $0["dimension"]?.stringValue ?? "", slice: $0["slice"]?.stringValue ?? "",
                statement: $0["statement"]?.stringValue, agreesWithDetection: $0["agrees_with_detection"]?.boolValue)
        }
        hypothesesJSON = json["hypotheses"] ?? .null
        hypotheses = (hypothesesJSON.arrayValue ?? []).map {
            Hypothesis(
                text: $0["text"]?.stringValue ?? "", confidence: $0["confidence"]?.stringValue, evidence: $0["evidence"]?.stringValue)
        }
        recommendedChecks = (json["recommended_checks"]?.arrayValue ?? []).compactMap(\.stringValue)
        caveats = (json["caveats"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// What the analyst said of the finding `anomalyId`.
    public func statement(about anomalyId: String) -> String? {
        statements.first { $0.anomalyId == anomalyId }?.statement
    }
}

extension AnalysisProduced {
    /// The analyst's output, typed.
    public var narrative: AnalysisNarrative { AnalysisNarrative(output) }

    /// How the answer was reached, typed.
    public var agentTrace: AnalysisTrace { AnalysisTrace(trace) }
}
