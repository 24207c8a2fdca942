import Context
import Foundation

/// The workspace folder `aa databricks` pushes to and runs from: `--workspace-path`, or
/// `/Users/<git user.email>/analytics_automation` as the seed chose it, or the signed-in user's home when git
/// names no e-mail.
package struct DatabricksFolder: Sendable {
    package let path: String
    /// `--workspace-path`, `git user.email` or `the signed-in user`.
    package let source: String
    /// What git says the user's e-mail is, when the folder came from it.
    package let gitEmail: String?

    package static let folderName = "analytics_automation"

    /// Resolves the folder; git is asked only without `explicit`, and `signedIn` (the workspace's user name) only
    /// when git names no e-mail.
    package static func resolve(explicit: String?, environment: [String: String], signedIn: () throws(PipelineError) -> String)
        throws(PipelineError) -> DatabricksFolder
    {
        if let explicit {
            guard explicit.hasPrefix("/") else {
                throw PipelineError(
                    .usage, "--workspace-path must be absolute, such as /Users/me@example.com/analytics_automation; got '\(explicit)'")
            }
            return DatabricksFolder(
                path: explicit.hasSuffix("/") ? String(explicit.dropLast()) : explicit, source: "--workspace-path", gitEmail: nil)
        }
        if let email = gitEmail(environment) {
            return DatabricksFolder(path: "/Users/\(email)/\(folderName)", source: "git user.email", gitEmail: email)
        }
        return DatabricksFolder(path: "/Users/\(try signedIn())/\(folderName)", source: "the signed-in user", gitEmail: nil)
    }

    /// `git config user.email`, if git is installed and one is set.
    static func gitEmail(_ environment: [String: String]) -> String? {
        guard let (status, output) = ExternalCommand(environment: environment).run("git", ["config", "user.email"]), status == 0,
            output.contains("@")
        else { return nil }
        return output
    }
}
