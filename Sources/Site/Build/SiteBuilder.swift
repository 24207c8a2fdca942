import CanonicalJSON
import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline

/// Builds every page of the report site in memory from the archive's read models and events: the index, a
/// page per monitor and day, per finding, per monitor's narratives and per rebuild. Pure given the archive:
/// an unchanged archive gives byte-identical files.
package struct SiteBuilder {
    package let reader: ArchiveReader
    package let options: SiteOptions
    package let progress: @Sendable (String) -> Void

    package init(reader: ArchiveReader, options: SiteOptions, progress: @escaping @Sendable (String) -> Void) {
        self.reader = reader
        self.options = options
        self.progress = progress
    }

    var store: ArchiveStore { reader.store }

    package func build() throws(PipelineError) -> [SiteFile] {
        let frame = PageFrame(archive: URL(fileURLWithPath: store.path).lastPathComponent)
        let names = try reader.wrap { () throws(ArchiveError) in try store.monitorsWithRuns() }.filter {
            options.monitor == nil || $0 == options.monitor
        }
        var files = [SiteFile(path: SitePaths.style, text: SiteStyle.css)]
        var overviews: [IndexPage.Monitor] = []
        for name in names {
            let (overview, pages) = try monitorPages(name, frame: frame)
            if let overview { overviews.append(overview) }
            files += pages
        }
        files.append(
            SiteFile(path: SitePaths.index, text: IndexPage.render(overviews, since: options.since, head: try head(), frame: frame)))
        return files
    }

    /// `event #N (hash 1a2b…)`: the archive's last event, which the index reflects.
    func head() throws(PipelineError) -> String {
        guard let last = try reader.wrap({ () throws(ArchiveError) in try store.lastEvent() }) else { return "an empty archive" }
        return "event #\(last.position) (hash \(last.hash.prefix(12))…)"
    }

    /// The pages of one monitor and what the index shows of it (nil when it has no run in range).
    func monitorPages(_ name: String, frame: PageFrame) throws(PipelineError) -> (IndexPage.Monitor?, [SiteFile]) {
        let runs = try reader.wrap { () throws(ArchiveError) in try store.runs(monitor: name, since: options.since) }.filter {
            $0.runDate <= options.end
        }
        let current = runs.filter { $0.isCurrent && $0.trigger != "reanalyze" }.sorted { $0.runDate < $1.runDate }
        guard !runs.isEmpty else { return (nil, []) }
        let labels = try reader.wrap { () throws(ArchiveError) in try store.latestLabels(monitor: name) }
        var files: [SiteFile] = []
        var reports: [DayReport] = []
        for (i, run) in current.enumerated() {
            progress("site: \(name) \(run.runDate)")
            let report = try DayReport.load(run, reader: reader, labels: labels)
            reports.append(report)
            files.append(
                SiteFile(
                    path: SitePaths.day(name, run.runDate),
                    text: DayPage.render(
                        report, frame: frame, previous: i > 0 ? current[i - 1].runDate : nil,
                        next: i + 1 < current.count ? current[i + 1].runDate : nil)))
            for finding in report.findings {
                let lineage = try WhyLineage(anomalyId: finding.anomalyId, reader: reader)
                files.append(
                    SiteFile(
                        path: SitePaths.alert(finding.anomalyId),
                        text: AlertPage.render(
                            lineage, chart: report.charts[finding.anomalyId], unit: report.unit(of: finding.metric),
                            frame: frame)))
            }
        }
        let alertPages = Set(reports.flatMap { $0.findings.map(\.anomalyId) })
        files.append(
            SiteFile(path: SitePaths.narratives(name), text: NarrativesPage.render(monitor: name, days: try narratives(name), frame: frame))
        )
        let rebuilds = runs.filter { $0.trigger == "rebuild" && $0.status == "completed" }
        let compared = try rebuilds.map { (rebuild) throws(PipelineError) in
            let replaced = runs.last { (run: ArchivedRun) -> Bool in
                guard run.runDate == rebuild.runDate, run.position < rebuild.position else { return false }
                return run.status == "completed" && run.trigger != "reanalyze"
            }
            return (rebuild, replaced, AlertChange.between(old: try flagged(replaced?.runId), new: try flagged(rebuild.runId)))
        }
        // An alert a rebuild made vanish keeps its page, which says which run replaced it: saved links still work.
        let vanished = Set(compared.flatMap { $0.2.filter { $0.kind == .vanished }.compactMap(\.oldAnomalyId) }).subtracting(alertPages)
        let unit = { (metric: String) in reports.last.map { DayReport.unit($0.monitor, metric) } ?? "" }
        for id in vanished.sorted() {
            let lineage = try WhyLineage(anomalyId: id, reader: reader)
            files.append(
                SiteFile(
                    path: SitePaths.alert(id),
                    text: AlertPage.render(lineage, chart: nil, unit: unit(lineage.finding.metric), frame: frame)))
        }
        for (rebuild, replaced, changes) in compared {
            files.append(
                SiteFile(
                    path: SitePaths.rebuild(rebuild.runId),
                    text: RebuildPage.render(
                        rebuild: rebuild, replaced: replaced, changes: changes, alertPages: alertPages.union(vanished), frame: frame)))
        }
        let overview = IndexPage.Monitor(
            name: name, description: reports.last?.monitor.description ?? "", latest: current.last,
            calendar: calendar(reports, runs: runs, incomplete: try unjudgedDates(name)), open: try open(name, latest: current.last),
            alerts: try reader.wrap { () throws(ArchiveError) in try store.currentAlerts(since: options.since, monitor: name) }.filter {
                $0.runDate <= options.end
            }, rebuilds: rebuilds)
        return (overview, files)
    }

    func flagged(_ runId: String?) throws(PipelineError) -> [AnomalyFlagged] {
        guard let runId else { return [] }
        return try reader.runEvents(runId, types: [.anomalyFlagged]).all(AnomalyFlagged.self)
    }

    /// Every day from `since` to `end` (at most the last 120), coloured by the current report's worst alert.
    func calendar(_ reports: [DayReport], runs: [ArchivedRun], incomplete: Set<String>) -> [IndexPage.CalendarDay] {
        guard let end = Day(options.end), let since = Day(options.since) else { return [] }
        let byDate = Dictionary(reports.map { ($0.run.runDate, $0) }, uniquingKeysWith: { _, last in last })
        let failed = Set(runs.filter { $0.status == "failed" }.map(\.runDate))
        var days: [IndexPage.CalendarDay] = []
        var day = max(since, end.adding(-119))
        while day <= end {
            let date = day.description
            let alerts = byDate[date]?.findings.filter(\.alerts) ?? []
            let worst = alerts.map(\.severity).max { SeverityRank.rank($0) < SeverityRank.rank($1) }
            var cell = IndexPage.CalendarDay(
                date: date, worst: worst, alerts: alerts.count, hasReport: byDate[date] != nil,
                failed: byDate[date] == nil && failed.contains(date))
            cell.incomplete = incomplete.contains(date)
            days.append(cell)
            day = day.adding(1)
        }
        return days
    }

    /// Run dates where a run found the data incomplete and judged nothing.
    func unjudgedDates(_ name: String) throws(PipelineError) -> Set<String> {
        let events = try reader.wrap { () throws(ArchiveError) in
            try store.events(EventFilter(monitor: name, types: [.dataIncomplete], since: options.since))
        }
        return Set(events.filter { (try? $0.decode(DataIncomplete.self))?.judged == false }.map(\.runDate))
    }

    /// The new, persisting and escalated findings of the latest current report.
    func open(_ name: String, latest: ArchivedRun?) throws(PipelineError) -> [CurrentAlert] {
        guard let latest else { return [] }
        let all = try reader.wrap { () throws(ArchiveError) in
            try store.currentAlerts(since: latest.runDate, monitor: name, includeAll: true)
        }
        return all.filter { $0.runId == latest.runId && ["new", "persisting", "escalated"].contains($0.status ?? "") }
    }

    /// The analyses of current reports in range, each with its diff against the one before.
    func narratives(_ name: String) throws(PipelineError) -> [NarrativesPage.Day] {
        let entries = try reader.wrap { () throws(ArchiveError) in
            try store.narratives(monitor: name, from: options.since, to: options.end, scope: .current)
        }
        var days: [NarrativesPage.Day] = []
        var previous: EventEnvelope?
        for entry in entries {
            guard let event = try reader.event(entry.eventId) else { continue }
            days.append(
                NarrativesPage.Day(
                    entry: entry,
                    diff: try previous.map { (p) throws(PipelineError) in
                        try NarrativeDiff(p, event, reader: reader)
                    }))
            previous = event
        }
        return days
    }
}
