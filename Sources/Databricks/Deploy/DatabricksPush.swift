import CanonicalJSON
import Context
import Digest
import EventArchive
import Foundation

/// Pushes a ``DatabricksBundle`` to a workspace folder (Workspace API) or a Unity Catalog volume (Files API; the
/// notebook still goes to the workspace folder, as notebooks live there). A manifest beside the archive
/// (`.aa/databricks-push.json`) remembers each file's SHA-256 per host and path, so an unchanged file is not sent
/// again; `force` sends everything.
package struct DatabricksPush {
    package let client: DatabricksClient
    package let folder: String
    /// A `/Volumes/…` folder for everything but the notebook, or nil.
    package let volume: String?
    package let manifestPath: String
    package var force = false
    package var progress: (String) -> Void = { _ in }

    package init(client: DatabricksClient, folder: String, volume: String?, manifestPath: String) {
        self.client = client
        self.folder = folder
        self.volume = volume
        self.manifestPath = manifestPath
    }

    /// One file's fate.
    package struct Outcome: Sendable {
        package let remote: String
        package let bytes: Int
        package let sent: Bool
    }

    /// Where a bundle item lands.
    package func destination(_ item: DatabricksBundle.Item) -> String {
        (item.notebook || volume == nil ? folder : volume!) + "/" + item.remote
    }

    /// Sends what changed; the manifest is updated after each confirmed file, so an interrupted push resumes.
    package func run(_ bundle: DatabricksBundle) throws(PipelineError) -> [Outcome] {
        if let volume, !volume.hasPrefix("/Volumes/") || volume.split(separator: "/").count < 4 {
            throw PipelineError(
                .usage,
                "--volume must be a Unity Catalog volume path such as /Volumes/<catalog>/<schema>/<volume>/analytics_automation; got "
                    + "'\(volume)'"
            )
        }
        var manifest = loadManifest()
        var made = Set<String>()
        var outcomes: [Outcome] = []
        for item in bundle.items {
            guard let content = item.generated ?? FileManager.default.contents(atPath: item.local) else {
                throw PipelineError(.usage, "\(item.local) cannot be read; check that it exists")
            }
            let target = destination(item)
            let key = client.credential.host.absoluteString + target
            let digest = SHA256Digest.hex(data: content)
            if !force && manifest[key] == digest {
                outcomes.append(Outcome(remote: target, bytes: content.count, sent: false))
                continue
            }
            let parent = (target as NSString).deletingLastPathComponent
            let started = Date()
            if target.hasPrefix("/Volumes/") {
                if made.insert(parent).inserted { try client.makeVolumeFolder(parent) }
                try client.uploadToVolume(target, content: content)
            } else {
                if made.insert(parent).inserted { try client.makeWorkspaceFolder(parent) }
                try client.importToWorkspace(target, content: content, notebook: item.notebook)
            }
            progress("pushed \(target) (\(Self.size(content.count)), \(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
            manifest[key] = digest
            saveManifest(manifest)
            outcomes.append(Outcome(remote: target, bytes: content.count, sent: true))
        }
        return outcomes
    }

    /// `59.7 MB`, `3.2 kB`.
    package static func size(_ bytes: Int) -> String {
        bytes >= 1_048_576 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : String(format: "%.1f kB", Double(bytes) / 1024)
    }

    func loadManifest() -> [String: String] {
        guard let data = FileManager.default.contents(atPath: manifestPath),
            let json = try? JSONValue.parse(String(decoding: data, as: UTF8.self))
        else { return [:] }
        return (json.objectValue ?? [:]).compactMapValues(\.stringValue)
    }

    func saveManifest(_ manifest: [String: String]) {
        let folder = (manifestPath as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let text = JSONValue.object(manifest.mapValues { .string($0) }).canonicalString + "\n"
        try? Data(text.utf8).write(to: URL(fileURLWithPath: manifestPath), options: .atomic)
    }
}
