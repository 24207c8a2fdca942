import CanonicalJSON

/// The analyst's structured output format, `schemas/analysis.schema.json` without its file metadata: sent as the
/// strict `response_format` and checked again on every answer. A test keeps it equal to the schema file.
enum AnalysisSchema {
    static let name = "analysis"

    static let schema: JSONValue = {
        // Parsing a literal that a test compares with the schema file cannot fail.
        (try? JSONValue.parse(text)) ?? .null
    }()

    static let text = #"""
        {"additionalProperties":false,"properties":{"caveats":{"items":{"type":"string"},"type":"array"},"findings":{"items":{"additionalProperties":false,"properties":{"agrees_with_detection":{"type":"boolean"},"anomaly_id":{"type":"string"},"dimension":{"type":"string"},"metric":{"type":"string"},"slice":{"type":"string"},"statement":{"type":"string"}},"required":["anomaly_id","metric","dimension","slice","statement","agrees_with_detection"],"type":"object"},"type":"array"},"hypotheses":{"items":{"additionalProperties":false,"properties":{"confidence":{"enum":["low","medium","high"],"type":"string"},"evidence":{"type":"string"},"text":{"type":"string"}},"required":["text","confidence","evidence"],"type":"object"},"type":"array"},"recommended_checks":{"items":{"type":"string"},"type":"array"},"summary":{"type":"string"}},"required":["summary","findings","hypotheses","recommended_checks","caveats"],"type":"object"}
        """#

    /// The first way `answer` breaks the schema, or nil.
    static func violation(_ answer: JSONValue) -> String? { JSONSchemaCheck.violation(of: schema, by: answer) }
}
