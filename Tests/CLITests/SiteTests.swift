import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// `aa site` on the demo archive, judged by html5lib, tinycss2, a chart reader that recomputes every plotted point from
/// the archived rows, and headless Chromium.
@Suite(.serialized) struct SiteTests {
    let demo = DemoFixture.shared

    /// Builds the site of `archive` into a new folder and returns the folder and the `--json` document.
    func site(_ archive: String, _ extra: [String] = []) throws -> (folder: String, document: JSONValue) {
        let folder = AACommand.temporaryFolder() + "/site"
        let result = AACommand.aa(
            ["site", "--archive", archive, "--out", folder, "--end", DemoFixture.end, "--since", "2026-01-01", "--json", "--quiet"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return (folder, try JSONValue.parse(result.stdout))
    }

    func checked(_ folder: String, _ archive: String, hostile: [String] = []) throws -> JSONValue {
        let result = Browser.check(site: folder, archive: archive, hostile: hostile)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONValue.parse(result.stdout)
    }

    var incidents: [JSONValue] { get throws { try JSONValue.parse(demo.demoResult.stdout)["incidents"]?.arrayValue ?? [] } }

    @Test func everyPageParsesStrictlyAndEveryChartPlotsTheArchivedValues() throws {
        let (folder, document) = try site(demo.archive)
        let report = try checked(folder, demo.archive)
        let findings =
            try JSONValue.parse(
                AACommand.aa(["alerts", "--all", "--since", "2026-01-01", "--json", "--archive", demo.archive]).stdout)["alerts"]?
            .arrayValue ?? []
        #expect(findings.count > 20)
        #expect(report["kinds"]?["days"]?.intValue == 60)
        #expect(report["kinds"]?["alerts"]?.intValue == Int64(findings.count))
        #expect(report["kinds"]?["narratives"]?.intValue == 1)
        #expect(report["pages"]?.intValue == document["files"].flatMap(\.intValue).map { $0 - 1 }) // all but style.css
        #expect(report["parse_errors"]?.arrayValue == [])
        #expect(report["css_errors"]?.arrayValue == [])
        // Each finding is drawn on its day page and on its alert page; every point read back equals the archive's value.
        #expect(report["charts"]?.intValue == Int64(2 * findings.count))
        #expect((report["points"]?.intValue ?? 0) > Int64(40 * findings.count))
        #expect(report["mismatches"]?.arrayValue == [])
        #expect(report["charts_without_title"]?.intValue == 0)
        #expect(report["charts_without_table"]?.intValue == 0)
        #expect(report["broken_links"]?.arrayValue == [])
        #expect(report["external"]?.arrayValue == [])
        #expect(report["scripts"]?.intValue == 0)
    }

    @Test func theCalendarShowsTheInjectedIncidentsAndAnUnchangedRerunWritesNothing() throws {
        let (folder, first) = try site(demo.archive)
        let index = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        let incidents = try self.incidents
        #expect(incidents.count == 5)
        for incident in incidents {
            let date = try #require(incident["date"]?.stringValue)
            let cell = try #require(index.range(of: "data-date=\"\(date)\" data-worst=\""), "no calendar day \(date)")
            let worst = index[cell.upperBound...].prefix { $0 != "\"" }
            #expect(["critical", "warning"].contains(String(worst)), "\(date) is coloured \(worst)")
        }
        #expect((first["written"]?.arrayValue?.count ?? 0) == Int(first["files"]?.intValue ?? -1))
        let again = try JSONValue.parse(
            AACommand.aa([
                "site", "--archive", demo.archive, "--out", folder, "--end", DemoFixture.end, "--since", "2026-01-01", "--json", "--quiet",
            ]).stdout)
        #expect(again["written"]?.arrayValue == [])
        #expect(again["unchanged"] == first["files"])
    }

    @Test func aKilledBuildsLeftoversAreRemovedAndAFileForAFolderIsRefusedBeforeBuilding() throws {
        let (folder, _) = try site(demo.archive)
        let fm = FileManager.default
        // What a build killed between writing a page and renaming it into place leaves (pid 2147483646 is not running).
        let leftovers = [
            folder + "/.aa-site-tmp.2147483646.index.html", folder + "/days/revenue_funnel_demo/.aa-site-tmp.2147483646.x.html",
        ]
        for path in leftovers { #expect(fm.createFile(atPath: path, contents: Data("half a page".utf8)), "\(path)") }
        try "stale".write(toFile: folder + "/index.html", atomically: true, encoding: .utf8)
        let again = AACommand.aa([
            "site", "--archive", demo.archive, "--out", folder, "--end", DemoFixture.end, "--since", "2026-01-01", "--json", "--quiet",
        ])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try JSONValue.parse(again.stdout)["written"]?.arrayValue == [.string("index.html")])
        #expect(leftovers.allSatisfy { !fm.fileExists(atPath: $0) })
        let temporary = (fm.enumerator(atPath: folder)?.allObjects as? [String] ?? []).filter { $0.contains(".aa-site-tmp.") }
        #expect(temporary.isEmpty, "\(temporary)")
        let file = AACommand.temporaryFolder() + "/notes.txt"
        try "mine".write(toFile: file, atomically: true, encoding: .utf8)
        let refused = AACommand.aa(["site", "--archive", demo.archive, "--out", file, "--quiet"])
        #expect(refused.status == 2 && refused.stderr.contains("is a file; give --out a folder"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("page"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "mine")
    }

    @Test func aRebuildUnderNewLogicGetsADiffPageListingWhatItChanged() throws {
        let copy = demo.copy()
        let registry = try RegistryCopy.thresholds(warning: "25", critical: "250")
        let rebuild = AACommand.aa([
            "rebuild", "--monitor", "revenue_funnel_demo", "--from", "2026-05-20", "--to", "2026-05-26", "--registry", registry,
            "--json", "--quiet", "--archive", copy.archive,
        ])
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        let days = try JSONValue.parse(rebuild.stdout)["days"]?.arrayValue ?? []
        let changed = try #require(days.first { ($0["changes"]?.arrayValue ?? []).isEmpty == false })
        let (folder, _) = try site(copy.archive)
        let runId = try #require(changed["new_run_id"]?.stringValue)
        let page = try String(contentsOfFile: "\(folder)/rebuilds/\(runId).html", encoding: .utf8)
        for change in changed["changes"]?.arrayValue ?? [] {
            let slice = "\(change["dimension"]?.stringValue ?? "")=\(change["slice"]?.stringValue ?? "")"
            #expect(page.contains("<strong>\(change["kind"]?.stringValue ?? "?")</strong>"))
            #expect(page.contains(slice))
        }
        let index = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        #expect(index.contains("rebuilds/\(runId).html"))
        // A vanished alert keeps its page (saved links and Slack hints still open), which says what replaced it.
        let gone = try #require(changed["changes"]?.arrayValue?.first { $0["kind"] == "vanished" }?["old_anomaly_id"]?.stringValue)
        let alert = try String(contentsOfFile: "\(folder)/alerts/\(gone).html", encoding: .utf8)
        #expect(alert.contains("<h2>Superseded</h2>") && alert.contains(runId) && alert.contains("it no longer flags this finding"))
        #expect(page.contains("alerts/\(gone).html"))
        let report = try checked(folder, copy.archive)
        #expect(report["kinds"]?["rebuilds"]?.intValue == Int64(days.count))
        #expect(report["parse_errors"]?.arrayValue == [])
        #expect(report["broken_links"]?.arrayValue == [])
    }

    /// Slice names that would run script or load an image if pasted into HTML.
    static let hostile = ["<script>document.title='pwned'</script>", "\"><img src=x onerror=\"document.title='pwned'\">"]

    /// A fresh archive whose android and west slices carry the hostile names, run on the demo's android-drop day (which
    /// flags the android slice) and on its tracking-outage day (whose drill-down lists every region).
    func hostileArchive() throws -> String {
        let outage = try #require(try incidents.first { $0["kind"] == "top_line_drop" }?["date"]?.stringValue)
        return try demo.renamed(platform: Self.hostile[0], region: Self.hostile[1], dates: [outage, "2026-05-23"])
    }

    @Test func hostileSliceNamesAreTextInEveryPage() throws {
        let archive = try hostileArchive()
        let (folder, _) = try site(archive)
        let report = try checked(folder, archive, hostile: Self.hostile)
        #expect(report["parse_errors"]?.arrayValue == [])
        #expect(report["hostile_text"]?[Self.hostile[0]]?.intValue ?? 0 > 0)
        #expect(report["hostile_text"]?[Self.hostile[1]]?.intValue ?? 0 > 0)
        #expect(report["scripts"]?.intValue == 0)
        #expect(report["images"]?.intValue == 0)
        #expect(report["event_handlers"]?.intValue == 0)
        #expect(report["mismatches"]?.arrayValue == [])
        guard Browser.chromium != nil else { return }
        let day = folder + "/days/revenue_funnel_demo/2026-05-23.html"
        let browsed = try JSONValue.parse(Browser.browse([day, folder + "/index.html"]).stdout)
        let seen = try #require(browsed[day])
        #expect(seen["title"] == "revenue_funnel_demo · 2026-05-23 · aa")
        #expect(seen["scripts"] == 0)
        #expect(seen["images"] == 0)
        #expect(seen["requests"]?.arrayValue == [])
    }

    @Test(.enabled(if: Browser.chromium != nil, Comment(rawValue: Browser.missing)))
    func chromiumLoadsEachKindOfPageWithoutErrorsOrRequestsAndScreenshotsTheAndroidDrop() throws {
        let copy = demo.copy()
        let rebuild = AACommand.aa([
            "rebuild", "--monitor", "revenue_funnel_demo", "--from", "2026-06-10", "--to", "2026-06-10", "--registry",
            try RegistryCopy.thresholds(warning: "25", critical: "250"), "--json", "--quiet", "--archive", copy.archive,
        ])
        let runId = try #require(try JSONValue.parse(rebuild.stdout)["days"]?.arrayValue?.first?["new_run_id"]?.stringValue)
        let (folder, _) = try site(copy.archive)
        let alertPage = try #require(try FileManager.default.contentsOfDirectory(atPath: folder + "/alerts").sorted().first)
        let control = folder + "/control.html"
        try "<!DOCTYPE html><title>control</title><img src=\"http://127.0.0.1:9/x.png\"><script>console.error('seen')</script>"
            .write(toFile: control, atomically: true, encoding: .utf8)
        let day = folder + "/days/revenue_funnel_demo/2026-05-22.html"
        let pages = [
            folder + "/index.html", day, folder + "/alerts/" + alertPage, folder + "/narratives/revenue_funnel_demo.html",
            folder + "/rebuilds/\(runId).html", control,
        ]
        let output = AACommand.repository + "/.build/test-output/site"
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let androidDay = folder + "/days/revenue_funnel_demo/2026-05-23.html"
        let result = Browser.browse(
            pages,
            screenshots: [
                (androidDay, output + "/android-drop-phone.png", "390x2400"),
                (androidDay, output + "/android-drop-desktop.png", "1280x2000"),
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let seen = try JSONValue.parse(result.stdout)
        // The judge sees what it is meant to catch: a request and a console error on the control page.
        #expect(seen[control]?["requests"]?.arrayValue?.isEmpty == false)
        #expect(seen[control]?["console"]?.arrayValue?.isEmpty == false)
        for page in pages.dropLast() {
            let page = try #require(seen[page], "\(page) was not loaded")
            #expect(page["exit"] == 0)
            #expect(page["console"]?.arrayValue == [], "\(page)")
            #expect(page["requests"]?.arrayValue == [], "\(page)")
            #expect((page["dom_bytes"]?.intValue ?? 0) > 1000)
        }
        #expect((seen[pages[2]]?["svgs"]?.intValue ?? 0) >= 1) // the alert page draws its slice
        for png in ["android-drop-phone.png", "android-drop-desktop.png"] {
            #expect((seen[output + "/" + png]?["bytes"]?.intValue ?? 0) > 20_000)
        }
    }
}
