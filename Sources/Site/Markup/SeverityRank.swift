import CanonicalJSON
import MonitorEngine

/// Orders severities so a day can be coloured by its worst alert, and names the CSS class of each.
package enum SeverityRank {
    /// 3 critical, 2 warning, 1 any other named level, 0 none.
    package static func rank(_ severity: String?) -> Int {
        switch severity {
        case "critical": 3
        case "warning": 2
        case nil, "none", "ok": 0
        default: 1
        }
    }

    /// `sev-critical`, `sev-warning`, `sev-other` or `sev-ok`.
    package static func cssClass(_ severity: String?) -> String {
        switch rank(severity) {
        case 3: "sev-critical"
        case 2: "sev-warning"
        case 1: "sev-other"
        default: "sev-ok"
        }
    }
}
