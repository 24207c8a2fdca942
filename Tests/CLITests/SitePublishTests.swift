import CanonicalJSON
import Digest
import EventArchive
import Foundation
import TestSupport
import Testing

/// `aa site --publish` against gcp-storage-emulator (read back with google-cloud-storage) and the Databricks stub's
/// Files API, and the "View report" button Slack messages gain with `AA_REPORT_BASE_URL` (judged by slack_sdk).
@Suite(.serialized) struct SitePublishTests {
    let demo = DemoFixture.shared

    func site(_ archive: String, _ folder: String, _ extra: [String], environment: [String: String] = [:]) -> AACommand.Result {
        AACommand.aa(
            ["site", "--archive", archive, "--out", folder, "--end", DemoFixture.end, "--since", "2026-05-15", "--json", "--quiet"] + extra,
            environment: environment)
    }

    /// Every file of a site folder by relative path (the writer's manifest left out).
    func localFiles(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in FileManager.default.enumerator(atPath: folder)?.compactMap({ $0 as? String }) ?? [] where path.contains(".") {
            guard path != ".aa-site", let data = FileManager.default.contents(atPath: folder + "/" + path), !path.hasSuffix("/") else {
                continue
            }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = data
            }
        }
        return files
    }

    @Test func publishingToCloudStorageSendsEveryFileOnceThenOnlyWhatChanged() throws {
        let storage = try StorageEmulator()
        let copy = demo.copy()
        let folder = copy.folder + "/site"
        let first = site(copy.archive, folder, ["--publish", "gs://reports/team/aa"], environment: storage.environment)
        #expect(first.status == 0, "\(first.stderr)")
        let written = try JSONValue.parse(first.stdout)
        let files = try localFiles(folder)
        #expect(files.count > 30)
        #expect(written["published"]?["uploaded"]?.arrayValue?.count == files.count)
        let before = try JSONValue.parse(storage.objects(prefix: "team/aa/").stdout)
        #expect(before.objectValue?.count == files.count)
        for (path, data) in files {
            let object = try #require(before["team/aa/" + path], "\(path) was not published")
            #expect(object["sha256"]?.stringValue == SHA256Digest.hex(data: data), "\(path)")
            let type = path.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8"
            #expect(object["content_type"]?.stringValue == type, "\(path)")
            #expect(object["cache_control"]?.stringValue == (path.hasSuffix(".css") ? "public, max-age=3600" : "no-cache"))
        }

        // New logic for one day changes that day's pages and the index; only those are sent again.
        let rebuild = AACommand.aa([
            "rebuild", "--monitor", "revenue_funnel_demo", "--from", "2026-05-23", "--to", "2026-05-23", "--registry",
            try RegistryCopy.thresholds(warning: "25", critical: "250"), "--quiet", "--archive", copy.archive,
        ])
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        let second = site(copy.archive, folder, ["--publish", "gs://reports/team/aa"], environment: storage.environment)
        #expect(second.status == 0, "\(second.stderr)")
        let again = try JSONValue.parse(second.stdout)
        let changed = Set((again["written"]?.arrayValue ?? []).compactMap(\.stringValue))
        let uploaded = Set((again["published"]?["uploaded"]?.arrayValue ?? []).compactMap(\.stringValue))
        #expect(changed.contains("index.html"))
        #expect(changed.contains("days/revenue_funnel_demo/2026-05-23.html"))
        #expect(uploaded == changed)
        #expect(uploaded.count < files.count / 2)
        let after = try JSONValue.parse(storage.objects(prefix: "team/aa/").stdout)
        for (name, object) in after.objectValue ?? [:] {
            let path = String(name.dropFirst("team/aa/".count))
            let sameGeneration = before[name]?["generation"] == object["generation"]
            #expect(
                sameGeneration == !uploaded.contains(path),
                "\(path): generation changed \(!sameGeneration), uploaded \(uploaded.contains(path))")
        }
    }

    @Test func publishingToAVolumeUsesTheFilesAPIAndAManifestOfDigests() throws {
        let databricks = try DatabricksFixture()
        let folder = AACommand.temporaryFolder() + "/site"
        let volume = "/Volumes/main/analytics/reports/aa"
        let first = site(demo.archive, folder, ["--publish", "dbfs:" + volume], environment: databricks.environment)
        #expect(first.status == 0, "\(first.stderr)")
        let files = try localFiles(folder)
        let puts = try databricks.requests().filter {
            $0["method"] == "PUT" && $0["path"]?.stringValue?.hasPrefix("/api/2.0/fs/files") == true
        }
        #expect(puts.count == files.count + 1) // every file, then the manifest
        #expect(puts.last?["path"]?.stringValue == "/api/2.0/fs/files\(volume)/.aa-site-md5.json")
        let index = AACommand.run(
            "/usr/bin/curl", ["-s", databricks.stub.url + "/api/2.0/fs/files\(volume)/index.html", "-H", "Authorization: Bearer dapi-test"])
        #expect(Data(index.stdout.utf8) == files["index.html"])

        let second = site(demo.archive, folder, ["--publish", "dbfs:" + volume], environment: databricks.environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try JSONValue.parse(second.stdout)["published"]?["uploaded"]?.arrayValue == [])
        let putsAfter = try databricks.requests().filter {
            $0["method"] == "PUT" && $0["path"]?.stringValue?.hasPrefix("/api/2.0/fs/files") == true
        }
        #expect(putsAfter.count == puts.count + 1) // only the manifest again
    }

    @Test func aDestinationThatIsNotOneIsRefusedBeforeAnythingIsWritten() throws {
        for (target, fragment) in [
            ("s3://bucket/site", "--publish takes gs://BUCKET/PREFIX or dbfs:/Volumes/"), ("gs://", "names no valid bucket"),
            ("dbfs:/Volumes/main", "is not a volume folder"),
        ] {
            let folder = AACommand.temporaryFolder() + "/site"
            let result = site(demo.archive, folder, ["--publish", target])
            #expect(result.status == 2, "\(target)")
            #expect(result.stderr.contains(fragment), "\(target): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(!FileManager.default.fileExists(atPath: folder))
        }
        let signedOut = site(demo.archive, AACommand.temporaryFolder() + "/site", ["--publish", "gs://reports/aa"])
        #expect(signedOut.status == 2)
        #expect(signedOut.stderr.contains("no Google credentials found"), "\(signedOut.stderr)")
        #expect(!signedOut.stderr.contains("retry later"))
        let file = AACommand.temporaryFolder() + "/site.html"
        try "mine".write(toFile: file, atomically: true, encoding: .utf8)
        let onAFile = site(demo.archive, file, [])
        #expect(onAFile.status == 2)
        #expect(onAFile.stderr.contains("is a file; give --out a folder"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "mine")
        let backwards = AACommand.aa([
            "site", "--archive", demo.archive, "--out", AACommand.temporaryFolder() + "/site", "--since", "2026-07-01", "--end",
            DemoFixture.end,
        ])
        #expect(backwards.status == 2)
        #expect(backwards.stderr.contains("is after --end"))
    }

    @Test func withAReportBaseURLTheMessageLinksToTheDaysPage() throws {
        let receiver = try SlackReceiver()
        let copy = demo.copy()
        let base = "https://reports.example.com/team/aa"
        let run = runDemoDay(copy, environment: ["SLACK_WEBHOOK_URL": receiver.webhook, "AA_REPORT_BASE_URL": base])
        #expect(run.status == 0, "\(run.stderr)")
        let post = try #require(try receiver.received().first)
        #expect(post["errors"] == [])
        let body = try JSONValue.parse(post["body"]?.stringValue ?? "")
        let button = body["blocks"]?.arrayValue?.first { $0["type"] == "actions" }?["elements"]?.arrayValue?.first
        #expect(button?["text"]?["text"] == "View report")
        let url = try #require(button?["url"]?.stringValue)
        #expect(url == base + "/days/revenue_funnel_demo/2026-05-23.html")
        // The link names a page the site really has.
        let folder = copy.folder + "/site"
        #expect(site(copy.archive, folder, []).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/" + url.dropFirst(base.count + 1)))

        let before = try Data(contentsOf: URL(fileURLWithPath: copy.archive))
        let refused = runDemoDay(
            copy, environment: ["SLACK_WEBHOOK_URL": receiver.webhook, "AA_REPORT_BASE_URL": "ftp://reports"], ["--resend"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("AA_REPORT_BASE_URL is not a usable http(s) URL"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy.archive)) == before)
        #expect(try receiver.received().count == 1)
    }
}
