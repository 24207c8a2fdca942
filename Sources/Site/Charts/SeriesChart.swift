import Analyst
import CanonicalJSON
import MonitorEngine

/// A metric for one slice over the lookback, drawn as inline SVG: the value line, the baseline and the normal
/// band of the judged day as its rule defines them, the judged day marked, the same-weekday baseline days ringed,
/// excluded days (holidays, labelled incidents) hatched and a persisting stretch shaded.
///
/// The plot group carries its scale (`data-y-domain`, `data-y-range`, `data-x-range`, `data-first-day`), so a
/// reader can turn the path's coordinates back into values; a table under the chart gives the same numbers.
package struct SeriesChart: Sendable {
    /// One day of the series; NaN where the day has no value.
    package struct Point: Sendable {
        package let day: Day
        package let value: Double
        package init(day: Day, value: Double) {
            self.day = day
            self.value = value
        }
    }

    /// Unique within the page: prefixes the ids that tie the SVG to its title and description.
    package let id: String
    package let title: String
    package let unit: String
    package let points: [Point]
    package let judged: Day
    package let baseline: Double?
    package let band: NormalBand?
    /// Days left out of baselines, with the reason.
    package let excluded: [Day: String]
    /// The same-weekday days the baseline is the median of.
    package let baselineDays: Set<Day>
    /// First day of a persisting change that the judged day continues.
    package let persistingSince: Day?

    package init(
        id: String, title: String, unit: String, points: [Point], judged: Day, baseline: Double?, band: NormalBand?,
        excluded: [Day: String], baselineDays: Set<Day>, persistingSince: Day?
    ) {
        self.id = id
        self.title = title
        self.unit = unit
        self.points = points
        self.judged = judged
        self.baseline = baseline
        self.band = band
        self.excluded = excluded
        self.baselineDays = baselineDays
        self.persistingSince = persistingSince
    }

    static let width = 640.0
    static let height = 220.0
    static let plot = (left: 64.0, right: 628.0, top: 12.0, bottom: 192.0)

    var yScale: LinearScale {
        LinearScale(
            covering: points.map(\.value) + [baseline, band?.low, band?.high].compactMap { $0 },
            range: (Self.plot.bottom, Self.plot.top))
    }

    /// The x position of `index` among the points.
    func x(_ index: Int) -> Double {
        let p = Self.plot
        return points.count < 2 ? (p.left + p.right) / 2 : p.left + Double(index) * (p.right - p.left) / Double(points.count - 1)
    }

    /// Half the distance between two days: how wide a day's shading is.
    var halfDay: Double { points.count < 2 ? 8 : (Self.plot.right - Self.plot.left) / Double(points.count - 1) / 2 }

    /// The `<svg>` element.
    package var svg: String {
        let y = yScale
        let p = Self.plot
        let first = points.first?.day.description ?? judged.description
        var out = """
            <svg class="chart series" viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" role="img" \
            aria-labelledby="\(id)-t \(id)-d"><title id="\(id)-t">\(HTML.escape(title))</title>\
            <desc id="\(id)-d">\(HTML.escape(description))</desc>\
            <g class="plot" data-y-domain="\(y.domain.low) \(y.domain.high)" data-y-range="\(p.bottom) \(p.top)" \
            data-x-range="\(p.left) \(p.right)" data-first-day="\(first)" data-days="\(points.count)">
            """
        out += grid(y)
        out += shading(y)
        if let band {
            let top = y(band.high)
            out += "<rect class=\"band\" x=\"\(p.left)\" y=\"\(HTML.coordinate(top))\" width=\"\(p.right - p.left)\" "
            out += "height=\"\(HTML.coordinate(y(band.low) - top))\"><title>normal range on \(judged): "
            out += "\(HTML.value(band.low, unit: unit)) to \(HTML.value(band.high, unit: unit))</title></rect>"
        }
        if let baseline {
            let b = HTML.coordinate(y(baseline))
            out += "<line class=\"baseline\" x1=\"\(p.left)\" x2=\"\(p.right)\" y1=\"\(b)\" y2=\"\(b)\">"
            out += "<title>baseline on \(judged): \(HTML.value(baseline, unit: unit))</title></line>"
        }
        out += "<path class=\"value\" d=\"\(valuePath(y))\"/>"
        out += markers(y)
        return out + "</g></svg>"
    }

    /// The path of the value line, broken where a day has no value.
    func valuePath(_ y: LinearScale) -> String {
        var d: [String] = []
        var drawing = false
        for (i, point) in points.enumerated() {
            guard point.value.isFinite else {
                drawing = false
                continue
            }
            d.append("\(drawing ? "L" : "M")\(HTML.coordinate(x(i))) \(HTML.coordinate(y(point.value)))")
            drawing = true
        }
        return d.joined(separator: " ")
    }

    func grid(_ y: LinearScale) -> String {
        let p = Self.plot
        var out = ""
        for tick in y.ticks(5) {
            let py = HTML.coordinate(y(tick))
            out += "<line class=\"grid\" x1=\"\(p.left)\" x2=\"\(p.right)\" y1=\"\(py)\" y2=\"\(py)\"/>"
            out += "<text class=\"tick\" x=\"\(p.left - 6)\" y=\"\(py)\" text-anchor=\"end\" dominant-baseline=\"middle\">"
            out += "\(HTML.value(tick, unit: unit))</text>"
        }
        let labelled = Set([0, points.count - 1, points.firstIndex { $0.day == judged } ?? 0])
        for i in labelled.sorted() where points.indices.contains(i) {
            let anchor = i == 0 ? "start" : (i == points.count - 1 ? "end" : "middle")
            out += "<text class=\"tick\" x=\"\(HTML.coordinate(x(i)))\" y=\"\(p.bottom + 18)\" text-anchor=\"\(anchor)\">"
            out += "\(points[i].day)</text>"
        }
        return out
    }

    /// Excluded days and the persisting stretch, drawn under the line.
    func shading(_ y: LinearScale) -> String {
        let p = Self.plot
        var out = ""
        if let since = persistingSince, let start = points.firstIndex(where: { $0.day >= since }),
            let end = points.firstIndex(where: { $0.day == judged })
        {
            let x0 = max(p.left, x(start) - halfDay)
            out += "<rect class=\"persisting\" x=\"\(HTML.coordinate(x0))\" y=\"\(p.top)\" "
            out += "width=\"\(HTML.coordinate(min(p.right, x(end) + halfDay) - x0))\" height=\"\(p.bottom - p.top)\">"
            out += "<title>persisting since \(since)</title></rect>"
        }
        for (i, point) in points.enumerated() {
            guard let reason = excluded[point.day] else { continue }
            let x0 = max(p.left, x(i) - halfDay)
            out += "<rect class=\"excluded\" x=\"\(HTML.coordinate(x0))\" y=\"\(p.top)\" "
            out += "width=\"\(HTML.coordinate(min(p.right, x(i) + halfDay) - x0))\" height=\"\(p.bottom - p.top)\">"
            out += "<title>\(point.day) excluded from baselines: \(HTML.escape(reason))</title></rect>"
        }
        return out
    }

    /// Rings on the baseline days and the judged day's marker.
    func markers(_ y: LinearScale) -> String {
        var out = ""
        for (i, point) in points.enumerated() where baselineDays.contains(point.day) && point.value.isFinite {
            out += "<circle class=\"baseline-day\" cx=\"\(HTML.coordinate(x(i)))\" cy=\"\(HTML.coordinate(y(point.value)))\" r=\"3.5\">"
            out += "<title>baseline day \(point.day): \(HTML.value(point.value, unit: unit))</title></circle>"
        }
        if let i = points.firstIndex(where: { $0.day == judged }) {
            let px = HTML.coordinate(x(i))
            out += "<line class=\"judged\" x1=\"\(px)\" x2=\"\(px)\" y1=\"\(Self.plot.top)\" y2=\"\(Self.plot.bottom)\"/>"
            if points[i].value.isFinite {
                out += "<circle class=\"judged-point\" cx=\"\(px)\" cy=\"\(HTML.coordinate(y(points[i].value)))\" r=\"5\">"
                out += "<title>\(judged): \(HTML.value(points[i].value, unit: unit))</title></circle>"
            }
        }
        return out
    }

    /// What the chart shows, in one paragraph: the SVG's description for screen readers.
    package var description: String {
        let value = points.first { $0.day == judged }?.value
        var text = "On \(judged) the value was \(plain(value)); "
        if let baseline { text += "baseline \(plain(baseline))" }
        if let band { text += ", normal range \(plain(band.low)) to \(plain(band.high))" }
        text += ". \(points.filter { $0.value.isFinite }.count) days plotted from \(points.first?.day.description ?? "-")"
        if !excluded.isEmpty { text += "; \(excluded.count) day(s) excluded from baselines" }
        if let persistingSince { text += "; persisting since \(persistingSince)" }
        return text + "."
    }

    func plain(_ v: Double?) -> String { NumberText.value(v ?? .nan, unit: unit) }

    /// The numbers of the chart as a table, for readers who cannot see it.
    package var table: String {
        let rows = points.reversed().map { point -> [String] in
            var notes: [String] = []
            if point.day == judged { notes.append("judged day") }
            if baselineDays.contains(point.day) { notes.append("baseline day") }
            if let reason = excluded[point.day] { notes.append("excluded: " + reason) }
            return [point.day.description, HTML.value(point.value, unit: unit), HTML.escape(notes.joined(separator: "; "))]
        }
        return "<details class=\"chart-table\"><summary>The numbers behind the chart</summary>"
            + HTML.table(["day", "value", "note"], rows) + "</details>"
    }
}
