import Context
import Digest

/// Uploads the files of a site whose bytes differ from what a destination holds (by MD5), pages before the index so
/// a reader never follows a link to a page not yet there.
package enum SitePublication {
    /// What a publish did.
    package struct Outcome: Sendable, Equatable {
        package var uploaded: [String] = []
        package var unchanged = 0
    }

    /// Pages are revalidated on every view (they change each day); the stylesheet may be cached for an hour.
    package static func cacheControl(_ file: SiteFile) -> String {
        file.path.hasSuffix(".css") ? "public, max-age=3600" : "no-cache"
    }

    package static func publish(_ files: [SiteFile], to destination: any SiteDestination, progress: (String) -> Void) throws(PipelineError)
        -> Outcome
    {
        let there = try destination.published()
        var outcome = Outcome()
        var digests: [String: String] = [:]
        let ordered = files.filter { $0.path != SitePaths.index } + files.filter { $0.path == SitePaths.index }
        for file in ordered {
            let md5 = MD5Digest.base64(file.bytes)
            digests[file.path] = md5
            if there[file.path] == md5 {
                outcome.unchanged += 1
                continue
            }
            try destination.put(file, md5: md5, cacheControl: cacheControl(file))
            outcome.uploaded.append(file.path)
            if outcome.uploaded.count % 50 == 0 { progress("published \(outcome.uploaded.count) files to \(destination.label)") }
        }
        try destination.finish(digests)
        return outcome
    }
}
