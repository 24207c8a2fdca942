import Foundation

/// Help text that fits an 80-column terminal: words wrapped at spaces, continuation lines indented under the text
/// they continue (a word longer than the line is left whole rather than cut).
enum HelpText {
    static let width = 80

    /// `text` after `lead` (which may be a label such as `"  --date D   "`), wrapped to ``width`` columns with later
    /// lines indented by `lead`'s width.
    static func wrap(_ text: String, lead: String = "", width: Int = width) -> [String] {
        let indent = String(repeating: " ", count: lead.count)
        var lines: [String] = []
        var line = lead
        var empty = true
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !empty && line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
                empty = true
            }
            line += (empty ? "" : " ") + word
            empty = false
        }
        lines.append(line)
        return lines
    }

    /// Rows of `(label, text)` as a two-column list: labels padded to one width after `margin`, texts wrapped beside.
    static func list(_ rows: [(label: String, text: String)], margin: String = "  ") -> [String] {
        let column = (rows.map(\.label.count).max() ?? 0) + 2
        return rows.flatMap { row in wrap(row.text, lead: margin + row.label.padding(toLength: column, withPad: " ", startingAt: 0)) }
    }
}
