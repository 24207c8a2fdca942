import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// How `aa databricks` finds a workspace and signs in — host and token, a profile of ~/.databrickscfg, a service
/// principal (OAuth M2M), the Databricks CLI's login — and the one sentence it prints when it cannot.
@Suite struct DatabricksAuthTests {
    /// A ~/.databrickscfg with a DEFAULT and a `dev` profile.
    func configFile(_ host: String, extra: String = "") throws -> String {
        let path = AACommand.temporaryFolder() + "/databrickscfg"
        try """
        ; written by the test
        [DEFAULT]
        host = \(host)
        token = dapi-default

        [dev]
        host = \(host)/
        token = dapi-dev
        \(extra)
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func statusNamesTheHostTheCredentialTheUserAndTheFolderFromGit() throws {
        let workspace = try DatabricksFixture()
        let result = workspace.aa(
            ["status", "--json"], ["GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "user.email", "GIT_CONFIG_VALUE_0": "tester@example.com"])
        #expect(result.status == 0, "\(result.stderr)")
        let status = try JSONValue.parse(result.stdout)
        #expect(status["host"]?.stringValue == workspace.stub.url)
        #expect(status["kind"] == "personal access token")
        #expect(status["user"] == "analyst@example.com")
        #expect(status["workspace_path"]?.stringValue == DatabricksFixture.folder)
        #expect(status["workspace_path_from"] == "git user.email")
        #expect(status["pushed"] == false)
        #expect(!result.stdout.contains("dapi-test"))
        let me = try workspace.requests("/api/2.0/preview/scim/v2/Me")
        #expect(me.count == 1)
        #expect(me.first?["auth"] == "Bearer dapi-test")
        #expect(try workspace.sdkProblems().isEmpty)
    }

    @Test func aProfileIsChosenByFlagOrVariableAndAMissingOneIsNamedWithTheKnownOnes() throws {
        let workspace = try DatabricksFixture()
        workspace.stub.post("/_control", ["tokens": ["dapi-dev", "dapi-default"]])
        let file = try configFile(workspace.stub.url)
        let noEnv = ["DATABRICKS_HOST": "", "DATABRICKS_TOKEN": "", "DATABRICKS_CONFIG_FILE": file]
        let byFlag = workspace.aa(["status", "--profile", "dev", "--workspace-path", DatabricksFixture.folder], noEnv)
        #expect(byFlag.status == 0, "\(byFlag.stderr)")
        #expect(byFlag.stdout.contains("profile dev in \(file)"))
        let byVariable = workspace.aa(
            ["status", "--workspace-path", DatabricksFixture.folder], noEnv.merging(["DATABRICKS_CONFIG_PROFILE": "dev"]) { $1 })
        #expect(byVariable.status == 0, "\(byVariable.stderr)")
        let byDefault = workspace.aa(["status", "--workspace-path", DatabricksFixture.folder], noEnv)
        #expect(byDefault.status == 0, "\(byDefault.stderr)")
        #expect(byDefault.stdout.contains("profile DEFAULT"))
        #expect(
            try workspace.requests("/api/2.0/preview/scim/v2/Me").compactMap { $0["auth"]?.stringValue } == [
                "Bearer dapi-dev", "Bearer dapi-dev", "Bearer dapi-default",
            ])

        let missing = workspace.aa(["status", "--profile", "prod"], noEnv)
        #expect(missing.status == 2)
        #expect(
            missing.stderr
                == "aa: error: --profile prod was given but \(file) has no [prod] profile (it has: DEFAULT, dev); pick one of those or "
                + "add it with `databricks configure --profile prod`\n"
        )
    }

    @Test func withNoHostAnywhereOneSentenceSaysWhatToSet() throws {
        let result = AACommand.aa(["databricks", "status"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 2)
        #expect(
            result.stderr.hasPrefix(
                "aa: error: no Databricks host is configured; set DATABRICKS_HOST and DATABRICKS_TOKEN, or name a profile"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        let noSecret = AACommand.aa(
            ["databricks", "status"], environment: ["PATH": "/usr/bin:/bin", "DATABRICKS_HOST": "https://adb-1.azuredatabricks.net"])
        #expect(noSecret.status == 2)
        #expect(noSecret.stderr.contains("DATABRICKS_HOST is set but nothing to sign in with; set DATABRICKS_TOKEN"))
        let badHost = AACommand.aa(["databricks", "status"], environment: ["DATABRICKS_HOST": "ftp://x", "DATABRICKS_TOKEN": "t"])
        #expect(badHost.status == 2)
        #expect(badHost.stderr.contains("is not a URL"))
    }

    @Test func aServicePrincipalSignsInWithClientCredentialsAtTheWorkspaceTokenEndpoint() throws {
        let workspace = try DatabricksFixture()
        workspace.stub.post("/_control", ["clients": ["sp-1234": "s3cret-value"]])
        let env = ["DATABRICKS_TOKEN": "", "DATABRICKS_CLIENT_ID": "sp-1234", "DATABRICKS_CLIENT_SECRET": "s3cret-value"]
        let result = workspace.aa(["status", "--json", "--workspace-path", DatabricksFixture.folder], env)
        #expect(result.status == 0, "\(result.stderr)")
        let status = try JSONValue.parse(result.stdout)
        #expect(status["kind"] == "OAuth service principal")
        #expect(status["client_id"] == "sp-1234")
        #expect(!result.stdout.contains("s3cret-value"))
        let token = try workspace.requests("/oidc/v1/token")
        #expect(token.count == 1)
        #expect(token.first?["auth"]?.stringValue == "Basic " + Data("sp-1234:s3cret-value".utf8).base64EncodedString())
        #expect(token.first?["body"] == ["grant_type": "client_credentials", "scope": "all-apis"])
        // Both API calls used the one token the exchange returned.
        let api = try workspace.requests().filter { $0["path"]?.stringValue?.hasPrefix("/api/") == true }
        #expect(api.count == 2)
        #expect(api.allSatisfy { $0["auth"] == "Bearer oauth-sp-1234-0" })

        let wrong = workspace.aa(["status"], env.merging(["DATABRICKS_CLIENT_SECRET": "wrong"]) { $1 })
        #expect(wrong.status == 2)
        #expect(
            wrong.stderr.contains(
                "the service principal sp-1234 (DATABRICKS_HOST with DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET) could not sign in"))
        #expect(!wrong.stderr.contains("wrong"))
    }

    @Test func anExpiredOrUnknownTokenStopsAtOnceNamingTheHostAndProfile() throws {
        let workspace = try DatabricksFixture()
        workspace.stub.post("/_control", ["expired": ["dapi-dev"]])
        let file = try configFile(workspace.stub.url)
        let expired = workspace.aa(["status", "--profile", "dev"], ["DATABRICKS_CONFIG_FILE": file])
        #expect(expired.status == 2)
        #expect(
            expired.stderr
                == "aa: error: Databricks at \(workspace.stub.url) (profile dev in \(file)) refused GET /api/2.0/preview/scim/v2/Me "
                + "(403): Invalid access token.; the token may have expired or lack permission — create a new one, or ask an admin "
                + "for access\n"
        )
        let unknown = workspace.aa(["status"], ["DATABRICKS_TOKEN": "dapi-typo"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("(DATABRICKS_HOST and DATABRICKS_TOKEN) refused the credential (401)"))
        #expect(!unknown.stderr.contains("dapi-typo"))
        // Neither was retried: one request each.
        #expect(try workspace.requests("/api/2.0/preview/scim/v2/Me").count == 2)
    }

    @Test func aProfileLoggedInWithTheDatabricksCLIBorrowsItsToken() throws {
        let workspace = try DatabricksFixture()
        workspace.stub.post("/_control", ["tokens": ["cli-token-1"]])
        let bin = AACommand.temporaryFolder()
        try """
        #!/bin/sh
        echo "$@" >> \(bin)/calls
        echo '{"access_token": "cli-token-1", "token_type": "Bearer", "expiry": "2099-01-01T00:00:00Z"}'
        """.write(toFile: bin + "/databricks", atomically: true, encoding: .utf8)
        _ = AACommand.run("/bin/chmod", ["+x", bin + "/databricks"])
        let file = AACommand.temporaryFolder() + "/cfg"
        try "[sso]\nhost = \(workspace.stub.url)\nauth_type = databricks-cli\n".write(toFile: file, atomically: true, encoding: .utf8)
        let result = workspace.aa(
            ["auth", "--profile", "sso", "--workspace-path", DatabricksFixture.folder],
            ["DATABRICKS_CONFIG_FILE": file, "PATH": bin + ":/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("credential: Databricks CLI login"))
        #expect(result.stderr.contains("it is installed — `databricks auth login --host <workspace-url>` signs in"))
        #expect(try String(contentsOfFile: bin + "/calls", encoding: .utf8) == "auth token --profile sso --output json\n")
        #expect(try workspace.requests("/api/2.0/preview/scim/v2/Me").first?["auth"] == "Bearer cli-token-1")

        let notInstalled = workspace.aa(["status", "--profile", "sso"], ["DATABRICKS_CONFIG_FILE": file])
        #expect(notInstalled.status == 2)
        #expect(notInstalled.stderr.contains("asks for the Databricks CLI's login, but `databricks` is not installed"))
    }
}
