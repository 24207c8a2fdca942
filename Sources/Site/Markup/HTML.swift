import Analyst
import CanonicalJSON
import Context
import Foundation
import MonitorEngine

/// Escaping and small formatting helpers for the report site. Every value that comes from data (slice names,
/// SQL, model output) reaches a page through ``escape(_:)``, in text and in attribute values alike.
package enum HTML {
    /// `s` with `& < > " '` replaced by character references: safe as element text and as a quoted attribute value;
    /// control and bidirectional characters are shown as `‹U+XXXX›` (``DisplayText``).
    package static func escape(_ text: String) -> String {
        let s = DisplayText.visible(text)
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A text that may be missing, escaped; `n/a` when it is.
    package static func text(_ s: String?) -> String { s.map(escape) ?? "n/a" }

    /// A metric value as the messages print it (`12,340`, `0.312`, `$1,204`), escaped.
    package static func value(_ v: Double?, unit: String = "") -> String { escape(NumberText.value(v ?? .nan, unit: unit)) }

    /// `+12.3%`, or `n/a`.
    package static func percent(_ fraction: Double?) -> String { NumberText.percent(fraction ?? .nan) }

    /// A coordinate with two decimals (`12.30`, `-0.05`): short, and exact enough to read a value back within a
    /// hundredth of a pixel. Integer arithmetic, not `String(format:)`: a site draws hundreds of thousands.
    package static func coordinate(_ v: Double) -> String {
        guard v.isFinite else { return "0.00" }
        let hundredths = Int64((abs(v) * 100).rounded())
        let fraction = hundredths % 100
        return (v < 0 && hundredths > 0 ? "-" : "") + "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    /// A table: `head` cells and `rows` of cells already rendered as HTML.
    package static func table(_ head: [String], _ rows: [[String]], caption: String? = nil, className: String = "data") -> String {
        var out = "<table class=\"\(className)\">"
        if let caption { out += "<caption>\(escape(caption))</caption>" }
        out += "<thead><tr>" + head.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows { out += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>" }
        return out + "</tbody></table>"
    }

    /// A link to `href` (a site-relative path built by ``SitePaths``) with escaped text.
    package static func link(_ href: String, _ text: String, className: String? = nil) -> String {
        let cls = className.map { " class=\"\(escape($0))\"" } ?? ""
        return "<a href=\"\(escape(href))\"\(cls)>\(escape(text))</a>"
    }

    /// A severity badge: the level as text, coloured by class.
    package static func badge(_ severity: String?) -> String {
        let level = severity ?? "none"
        return "<span class=\"badge \(SeverityRank.cssClass(level))\">\(escape(level))</span>"
    }
}
