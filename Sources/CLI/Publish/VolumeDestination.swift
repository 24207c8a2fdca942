import CanonicalJSON
import Context
import Databricks
import Foundation
import Site

/// A Unity Catalog volume folder as a site destination, through the Files API. Volumes report no checksum, so the
/// folder keeps a manifest (`.aa-site-md5.json`) of what was published; without it every file is sent.
struct VolumeDestination: SiteDestination {
    let client: DatabricksClient
    /// `/Volumes/catalog/schema/volume/folder`.
    let folder: String

    static let manifest = ".aa-site-md5.json"

    var label: String { "dbfs:" + folder }

    func published() throws(PipelineError) -> [String: String] {
        let text: Data
        do { text = try client.downloadFromVolume(folder + "/" + Self.manifest) } catch {
            if error.kind == .notFound { return [:] }
            throw error
        }
        let parsed = (try? JSONValue.parse(String(decoding: text, as: UTF8.self)))?.objectValue ?? [:]
        return parsed.compactMapValues(\.stringValue)
    }

    func put(_ file: SiteFile, md5: String, cacheControl: String) throws(PipelineError) {
        try client.uploadToVolume(folder + "/" + file.path, content: file.bytes)
    }

    func finish(_ digests: [String: String]) throws(PipelineError) {
        let manifest = JSONValue.object(digests.mapValues { .string($0) })
        try client.uploadToVolume(folder + "/" + Self.manifest, content: Data(manifest.canonicalString.utf8))
    }
}
