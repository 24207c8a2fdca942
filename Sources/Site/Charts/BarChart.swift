import CanonicalJSON
import Foundation
import MonitorEngine

/// Horizontal grouped bars as inline SVG: one group per row (a contributing slice), one bar per series (its
/// share of the change beside its share of volume; or a ratio's mix and rate effects). Each bar carries its
/// value (`data-value`) and a title; values are fractions shown as percentages, or ratio changes (three decimals)
/// when `percent` is false.
package struct BarChart: Sendable {
    /// One group of bars.
    package struct Row: Sendable {
        package let label: String
        package let values: [Double]
        package init(label: String, values: [Double]) {
            self.label = label
            self.values = values
        }
    }

    package let id: String
    package let title: String
    package let series: [String]
    package let rows: [Row]
    package let percent: Bool

    package init(id: String, title: String, series: [String], rows: [Row], percent: Bool = true) {
        self.id = id
        self.title = title
        self.series = series
        self.rows = rows
        self.percent = percent
    }

    static let width = 640.0
    static let labelWidth = 150.0
    static let barHeight = 12.0
    static let gap = 10.0

    func text(_ v: Double) -> String { percent ? HTML.percent(v).replacingOccurrences(of: "+", with: "") : HTML.value(v, unit: "ratio") }

    package var svg: String {
        let groupHeight = Double(series.count) * Self.barHeight + Self.gap
        let height = 24 + Double(rows.count) * groupHeight
        let scale = LinearScale(
            covering: rows.flatMap(\.values), range: (Self.labelWidth + 4, Self.width - 60), includeZero: true)
        let zero = scale(0)
        var out = """
            <svg class="chart bars" viewBox="0 0 \(Int(Self.width)) \(Int(height))" role="img" aria-labelledby="\(id)-t">\
            <title id="\(id)-t">\(HTML.escape(title))</title><g class="legend">
            """
        for (k, name) in series.enumerated() {
            out += "<rect class=\"s\(k)\" x=\"\(Self.labelWidth + 4 + Double(k) * 200)\" y=\"4\" width=\"10\" height=\"10\"/>"
            out += "<text x=\"\(Self.labelWidth + 18 + Double(k) * 200)\" y=\"13\">\(HTML.escape(name))</text>"
        }
        out += "</g><g class=\"plot\" data-x-domain=\"\(scale.domain.low) \(scale.domain.high)\" "
        out += "data-x-range=\"\(scale.range.from) \(scale.range.to)\">"
        for (r, row) in rows.enumerated() {
            let top = 24 + Double(r) * groupHeight
            out += "<text class=\"label\" x=\"\(Self.labelWidth - 4)\" y=\"\(HTML.coordinate(top + groupHeight / 2 - 4))\" "
            out += "text-anchor=\"end\" dominant-baseline=\"middle\">\(HTML.escape(row.label))</text>"
            for (k, v) in row.values.enumerated() where v.isFinite {
                let x = min(zero, scale(v))
                out += "<rect class=\"s\(k)\" data-value=\"\(v)\" x=\"\(HTML.coordinate(x))\" "
                out += "y=\"\(HTML.coordinate(top + Double(k) * Self.barHeight))\" width=\"\(HTML.coordinate(abs(scale(v) - zero)))\" "
                out +=
                    "height=\"\(Self.barHeight - 2)\"><title>\(HTML.escape(row.label)), \(HTML.escape(series[k])): \(text(v))</title></rect>"
                out += "<text class=\"amount\" x=\"\(HTML.coordinate(max(zero, scale(v)) + 4))\" "
                out += "y=\"\(HTML.coordinate(top + Double(k) * Self.barHeight + Self.barHeight / 2))\" dominant-baseline=\"middle\">"
                out += "\(text(v))</text>"
            }
        }
        return out
            + "<line class=\"axis\" x1=\"\(HTML.coordinate(zero))\" x2=\"\(HTML.coordinate(zero))\" y1=\"20\" y2=\"\(height)\"/></g></svg>"
    }

    /// The same numbers as a table.
    package var table: String {
        let body = rows.map { row in [HTML.escape(row.label)] + row.values.map { $0.isFinite ? text($0) : "n/a" } }
        return "<details class=\"chart-table\"><summary>The numbers behind the chart</summary>"
            + HTML.table(["slice"] + series, body) + "</details>"
    }
}
