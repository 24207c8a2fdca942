import Context
import GoogleCloud
import Site

/// A Cloud Storage prefix as a site destination: the objects' own MD5 says what is there already.
struct CloudStorageDestination: SiteDestination {
    let client: CloudStorageClient
    let bucket: String
    /// Empty, or ending in `/`.
    let prefix: String

    var label: String { "gs://\(bucket)/\(prefix)" }

    func published() throws(PipelineError) -> [String: String] {
        var found: [String: String] = [:]
        for (name, md5) in try client.objects(bucket: bucket, prefix: prefix) { found[String(name.dropFirst(prefix.count))] = md5 }
        return found
    }

    func put(_ file: SiteFile, md5: String, cacheControl: String) throws(PipelineError) {
        try client.upload(
            bucket: bucket, name: prefix + file.path, bytes: file.bytes, contentType: file.contentType, cacheControl: cacheControl, md5: md5
        )
    }

    func finish(_ digests: [String: String]) throws(PipelineError) {}
}
