/// A left-aligned text table that fits a width: the columns named expendable are left out first (least important
/// first, and a note says which), then the widest remaining column gives way, its cells cut with `…`; severities
/// are coloured when the terminal takes colour.
struct TableLayout {
    /// A cut column keeps at least this many characters.
    static let narrowest = 8
    static let gap = 2

    let header: [String]
    let rows: [[String]]
    /// Header names of the columns that may be left out, least important first.
    var expendable: [String] = []

    /// The columns shown and their widths once the table fits `width` (nil: every column, as wide as its content).
    func layout(fitting width: Int?) -> (columns: [Int], widths: [Int]) {
        let all = [header] + rows
        let natural = header.indices.map { c in all.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        var columns = Array(header.indices)
        guard let width else { return (columns, natural) }
        func total(_ widths: [Int]) -> Int { widths.reduce(0, +) + Self.gap * max(0, widths.count - 1) }
        for name in expendable where total(columns.map { natural[$0] }) > width {
            if let c = header.firstIndex(of: name) { columns.removeAll { $0 == c } }
        }
        var widths = columns.map { natural[$0] }
        // The first column (the date or key) keeps its width; the widest of the others gives way a step at a time.
        while total(widths) > width {
            guard let widest = widths.indices.dropFirst().filter({ widths[$0] > Self.narrowest }).max(by: { widths[$0] < widths[$1] })
            else { break }
            widths[widest] -= 1
        }
        return (columns, widths)
    }

    /// The table as text, one line per row, fitted to `width`, with severities coloured when `colour` is set.
    func render(fitting width: Int?, colour: Bool) -> String {
        let (columns, widths) = layout(fitting: width)
        var text = ""
        for row in [header] + rows {
            for (i, c) in columns.enumerated() {
                let cell = c < row.count ? row[c] : ""
                let shown = cell.count > widths[i] ? String(cell.prefix(widths[i] - 1)) + "…" : cell
                text += colour ? Self.coloured(shown) : shown
                if i < columns.count - 1 { text += String(repeating: " ", count: widths[i] - shown.count + Self.gap) }
            }
            text += "\n"
        }
        let hidden = header.indices.filter { !columns.contains($0) }.map { header[$0] }
        if !hidden.isEmpty { text += "(hidden to fit: \(hidden.joined(separator: ", ")); --wide shows all)\n" }
        return text
    }

    /// `critical` in red and `warning` in yellow (ANSI), anything else as it is.
    static func coloured(_ cell: String) -> String {
        switch cell {
        case "critical": "\u{1B}[31m\(cell)\u{1B}[0m"
        case "warning": "\u{1B}[33m\(cell)\u{1B}[0m"
        default: cell
        }
    }
}
