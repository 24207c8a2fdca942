import CanonicalJSON
import Context
import Foundation

/// Which Databricks workspace `aa databricks` talks to and how it signs in, found the way the Databricks CLI users
/// expect: a profile named by `--profile` or `DATABRICKS_CONFIG_PROFILE`; else `DATABRICKS_HOST` with
/// `DATABRICKS_TOKEN` (or `DATABRICKS_CLIENT_ID` / `DATABRICKS_CLIENT_SECRET` for a service principal); else the
/// `DEFAULT` profile of `~/.databrickscfg`. A profile whose `auth_type` is `databricks-cli` (a browser login) borrows
/// the Databricks CLI's token.
///
/// Describing a credential (``summary``) never reveals its secret.
package struct DatabricksCredential: Sendable {
    /// How requests are signed.
    enum Secret: Sendable {
        /// A personal access token.
        case token(String)
        /// OAuth machine-to-machine: a service principal's client id and secret, exchanged at `{host}/oidc/v1/token`.
        case servicePrincipal(clientId: String, clientSecret: String)
        /// The Databricks CLI's own login (`databricks auth token`).
        case cli
    }

    /// The workspace URL, `https://…` without a trailing slash.
    package let host: URL
    let secret: Secret
    /// The profile used, if any.
    package let profile: String?
    /// Where it came from, for messages: `profile DEV in /home/me/.databrickscfg`, `DATABRICKS_HOST and DATABRICKS_TOKEN`.
    package let origin: String

    /// `personal access token`, `OAuth service principal` or `Databricks CLI login`.
    package var kind: String {
        switch secret {
        case .token: return "personal access token"
        case .servicePrincipal: return "OAuth service principal"
        case .cli: return "Databricks CLI login"
        }
    }

    /// Host, kind, profile and origin — never the secret.
    package var summary: JSONValue {
        var object: [String: JSONValue] = [
            "host": .string(host.absoluteString), "kind": .string(kind), "origin": .string(origin),
            "profile": profile.map { .string($0) } ?? .null,
        ]
        if case .servicePrincipal(let client, _) = secret { object["client_id"] = .string(client) }
        return .object(object)
    }

    /// The credential `--profile` (or the environment) selects.
    ///
    /// - Throws: ``PipelineError`` (config) when no host is configured, the profile does not exist, or it names no way to sign in.
    package static func resolve(_ environment: [String: String], profile explicit: String?) throws(PipelineError) -> DatabricksCredential {
        let path = DatabricksConfigFile.defaultPath(environment)
        let named = explicit ?? environment["DATABRICKS_CONFIG_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        if let named {
            let how = explicit != nil ? "--profile \(named)" : "DATABRICKS_CONFIG_PROFILE=\(named)"
            guard let file = try DatabricksConfigFile.load(path: path) else {
                throw PipelineError(
                    .config,
                    "\(how) was given but \(path) does not exist; create the profile with `databricks configure --profile \(named)` or "
                        + "set DATABRICKS_HOST and DATABRICKS_TOKEN"
                )
            }
            guard let fields = file.profiles[named] else {
                let known = file.profiles.keys.sorted().joined(separator: ", ")
                throw PipelineError(
                    .config,
                    "\(how) was given but \(path) has no [\(named)] profile (it has: \(known.isEmpty ? "none" : known)); pick one of "
                        + "those or add it with `databricks configure --profile \(named)`"
                )
            }
            return try fromProfile(named, fields, path: path, environment: environment)
        }
        if let host = environment["DATABRICKS_HOST"], !host.isEmpty {
            let url = try hostURL(host, origin: "DATABRICKS_HOST")
            if let token = environment["DATABRICKS_TOKEN"], !token.isEmpty {
                return DatabricksCredential(host: url, secret: .token(token), profile: nil, origin: "DATABRICKS_HOST and DATABRICKS_TOKEN")
            }
            if let client = environment["DATABRICKS_CLIENT_ID"], !client.isEmpty, let secret = environment["DATABRICKS_CLIENT_SECRET"],
                !secret.isEmpty
            {
                return DatabricksCredential(
                    host: url, secret: .servicePrincipal(clientId: client, clientSecret: secret), profile: nil,
                    origin: "DATABRICKS_HOST with DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET")
            }
            if cliInstalled(environment) {
                return DatabricksCredential(
                    host: url, secret: .cli, profile: nil, origin: "DATABRICKS_HOST with the Databricks CLI's login")
            }
            throw PipelineError(
                .config,
                "DATABRICKS_HOST is set but nothing to sign in with; set DATABRICKS_TOKEN (a personal access token), or "
                    + "DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET for a service principal"
            )
        }
        if let file = try DatabricksConfigFile.load(path: path), let fields = file.profiles["DEFAULT"], fields["host"] != nil {
            return try fromProfile("DEFAULT", fields, path: path, environment: environment)
        }
        throw PipelineError(
            .config,
            "no Databricks host is configured; set DATABRICKS_HOST and DATABRICKS_TOKEN, or name a profile of \(path) with --profile "
                + "(`make auth` explains the options)"
        )
    }

    static func fromProfile(_ name: String, _ fields: [String: String], path: String, environment: [String: String]) throws(PipelineError)
        -> DatabricksCredential
    {
        let origin = "profile \(name) in \(path)"
        guard let host = fields["host"], !host.isEmpty else {
            throw PipelineError(
                .config, "the [\(name)] profile in \(path) has no host; add `host = https://<workspace>.cloud.databricks.com`")
        }
        let url = try hostURL(host, origin: origin)
        if let token = fields["token"], !token.isEmpty {
            return DatabricksCredential(host: url, secret: .token(token), profile: name, origin: origin)
        }
        if let client = fields["client_id"], !client.isEmpty, let secret = fields["client_secret"], !secret.isEmpty {
            return DatabricksCredential(
                host: url, secret: .servicePrincipal(clientId: client, clientSecret: secret), profile: name, origin: origin)
        }
        if fields["auth_type"] == "databricks-cli" || cliInstalled(environment) {
            return DatabricksCredential(host: url, secret: .cli, profile: name, origin: origin + " (Databricks CLI login)")
        }
        throw PipelineError(
            .config,
            "the [\(name)] profile in \(path) has no token or client_id/client_secret; add a token, or log in with `databricks auth "
                + "login --profile \(name)`"
        )
    }

    /// Whether the Databricks CLI is on `PATH` (for browser logins).
    package static func cliInstalled(_ environment: [String: String]) -> Bool {
        ExternalCommand(environment: environment).locate("databricks") != nil
    }

    /// `adb-1.2.azuredatabricks.net` or `https://…/` as `https://…` (http only for a local stand-in).
    static func hostURL(_ text: String, origin: String) throws(PipelineError) -> URL {
        var value = text.trimmingCharacters(in: .whitespaces)
        if !value.contains("://") { value = "https://" + value }
        while value.hasSuffix("/") { value.removeLast() }
        guard case .success(let url) = EnvironmentURL.parse(value) else {
            throw PipelineError(
                .config,
                "the Databricks host '\(text)' (\(origin)) is not a URL; use the workspace address, such as "
                    + "https://adb-1234567890123456.7.azuredatabricks.net"
            )
        }
        return url
    }
}
