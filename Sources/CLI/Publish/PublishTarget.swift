import Context
import Foundation

/// Where `aa site --publish` sends the site: `gs://bucket/prefix` or `dbfs:/Volumes/catalog/schema/volume/folder`.
enum PublishTarget: Equatable {
    case cloudStorage(bucket: String, prefix: String)
    case volume(folder: String)

    init(_ text: String) throws(PipelineError) {
        if text.hasPrefix("gs://") {
            let rest = text.dropFirst("gs://".count)
            let bucket = String(rest.prefix { $0 != "/" })
            var prefix = String(rest.dropFirst(bucket.count)).trimmingCharacters(in: ["/"])
            if !prefix.isEmpty { prefix += "/" }
            guard !bucket.isEmpty, bucket.allSatisfy({ $0.isLowercase || $0.isNumber || "-_.".contains($0) }) else {
                throw PipelineError(.usage, "--publish \(text) names no valid bucket; write gs://BUCKET/PREFIX (a lowercase bucket name)")
            }
            self = .cloudStorage(bucket: bucket, prefix: prefix)
        } else if text.hasPrefix("dbfs:/Volumes/") {
            let folder = String(text.dropFirst("dbfs:".count)).trimmingCharacters(in: ["/"])
            guard folder.split(separator: "/").count >= 4, !folder.contains("..") else {
                throw PipelineError(.usage, "--publish \(text) is not a volume folder; write dbfs:/Volumes/CATALOG/SCHEMA/VOLUME/FOLDER")
            }
            self = .volume(folder: "/" + folder)
        } else {
            throw PipelineError(
                .usage, "--publish takes gs://BUCKET/PREFIX or dbfs:/Volumes/CATALOG/SCHEMA/VOLUME/FOLDER, got '\(text)'")
        }
    }
}
