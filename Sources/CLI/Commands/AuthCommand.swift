import CanonicalJSON
import Context
import Foundation
import GoogleCloud
import HTTPClient
import Pipeline

/// `aa auth status`: which Google credential BigQuery calls would use, for which project — never the secret.
enum AuthCommand {
    static let spec = CommandSpec(
        name: "auth",
        summary: "Show which Google credential and project BigQuery calls would use (never printing a secret); --check fetches a token.",
        usage: "aa auth status [--check] [--json]",
        options: [.check],
        examples: ["aa auth status", "GOOGLE_APPLICATION_CREDENTIALS=key.json aa auth status --check"],
        maxPositionals: 1, run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let args = invocation.arguments
        let console = invocation.console
        guard (args.positionals.first ?? "status") == "status" else {
            throw PipelineError(.usage, "`aa auth` knows only `status`; see `aa auth --help`")
        }
        let environment = console.environment
        let credential = try GoogleCredential.resolve(environment)
        var project = environment["GOOGLE_CLOUD_PROJECT"].flatMap { $0.isEmpty ? nil : $0 }
        var projectSource = project.map { _ in "GOOGLE_CLOUD_PROJECT" }
        if project == nil, let named = credential.project { (project, projectSource) = (named, "the credential") }
        let metadataProject = BigQueryConnection.metadataProject(credential)
        if project == nil, let found = metadataProject { (project, projectSource) = (found, "the metadata server") }
        // The metadata server is the last place looked: when it does not answer, there is no credential at all.
        let found = credential.kind != "metadata server" || metadataProject != nil
        let endpoint = try BigQueryConnection.endpoint(environment)
        var summary = credential.summary.objectValue ?? [:]
        summary["project"] = project.map { .string($0) } ?? .null
        summary["project_from"] = projectSource.map { .string($0) } ?? .null
        summary["endpoint"] = .string(endpoint.absoluteString)
        summary["found"] = .bool(found)
        var status: Int32 = 0
        if args.flag(.check) {
            let tokens = GoogleTokenSource(credential: credential)
            do {
                _ = try tokens.token()
                summary["token"] = "ok"
            } catch {
                summary["token"] = .string(error.message)
                status = 1
            }
        }
        if invocation.json {
            console.json(.object(summary), as: .authStatus)
        } else {
            console.out(
                found
                    ? "credential: \(credential.kind) — \(credential.origin)"
                    : "credential: none found — no AA_BIGQUERY_ACCESS_TOKEN, GOOGLE_APPLICATION_CREDENTIALS or gcloud "
                        + "application-default file, and the \(credential.origin) did not answer; run `gcloud auth "
                        + "application-default login` or set GOOGLE_APPLICATION_CREDENTIALS")
            if let account = credential.account { console.out("account:    \(account)") }
            console.out("project:    " + (project.map { "\($0) (from \(projectSource ?? ""))" } ?? "none — set GOOGLE_CLOUD_PROJECT"))
            console.out("endpoint:   \(endpoint.absoluteString)")
            if let token = summary["token"]?.stringValue { console.out("token:      \(token == "ok" ? "fetched (not shown)" : token)") }
        }
        if status != 0 {
            console.error(PipelineError(.config, "the credential did not yield a token: \(summary["token"]?.stringValue ?? "")"))
        }
        return status
    }
}
