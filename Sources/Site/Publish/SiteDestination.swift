import Context

/// Where a built site is published: a Cloud Storage prefix or a Databricks volume folder.
package protocol SiteDestination {
    /// `gs://bucket/prefix` or `dbfs:/Volumes/…`, as the user wrote it.
    var label: String { get }
    /// The base64 MD5 of each file already published, by site-relative path.
    func published() throws(PipelineError) -> [String: String]
    /// Uploads one file with its content type and cache header.
    func put(_ file: SiteFile, md5: String, cacheControl: String) throws(PipelineError)
    /// Called once every changed file is up, with the MD5 of every file of the site (a volume keeps them in a manifest).
    func finish(_ digests: [String: String]) throws(PipelineError)
}
