import CanonicalJSON
import Digest
import EventArchive

/// What identifies the findings an analysis explained.
package enum AnalysisInput {
    /// SHA-256 of the `anomaly.flagged` payloads analysed: equal digests mean the same findings were explained.
    package static func digest(_ findings: [JSONValue]) -> String { SHA256Digest.hex(JSONValue.array(findings).canonicalString) }
}
