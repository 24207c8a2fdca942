import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// The credential chain and the archive upload against a stub that answers as Google's token endpoint, the
/// metadata server and BigQuery do (what the emulator, which accepts any token, cannot show).
@Suite struct GoogleAuthTests {
    static let queries = "/bigquery/v2/projects/p1/queries"

    /// A fresh RSA key and a service account key file naming `tokenURL`.
    func serviceAccount(tokenURL: String) throws -> (file: String, publicKey: String) {
        let folder = AACommand.temporaryFolder()
        #expect(
            AACommand.run(
                "/usr/bin/openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", folder + "/key.pem"]
            ).status == 0)
        #expect(
            AACommand.run("/usr/bin/openssl", ["pkey", "-in", folder + "/key.pem", "-pubout", "-out", folder + "/pub.pem"]).status == 0)
        let key: JSONValue = [
            "type": "service_account", "project_id": "p1", "private_key_id": "kid1", "client_email": "aa-runner@p1.iam.gserviceaccount.com",
            "private_key": .string(try String(contentsOfFile: folder + "/key.pem", encoding: .utf8)), "token_uri": .string(tokenURL),
        ]
        try key.canonicalString.write(toFile: folder + "/sa.json", atomically: true, encoding: .utf8)
        return (folder + "/sa.json", folder + "/pub.pem")
    }

    static let dryRunAnswer: JSONValue = [
        "jobComplete": true, "totalBytesProcessed": "1048576", "jobReference": ["jobId": "dry"], "schema": ["fields": []],
    ]

    func render(_ environment: [String: String]) -> AACommand.Result {
        AACommand.aa(["monitors", "render", "--monitor", "revenue_funnel", "--date", "2026-06-30", "--dry-run"], environment: environment)
    }

    func base64URL(_ text: Substring) -> Data? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s)
    }

    @Test func aServiceAccountKeySignsAJWTThatVerifiesAndTheTokenIsCached() throws {
        let stub = try HTTPStub()
        let (file, publicKey) = try serviceAccount(tokenURL: stub.url + "/token")
        try stub.script([
            ["method": "POST", "path": "/token", "body": ["access_token": "ya29.SA-TOKEN", "expires_in": 3599, "token_type": "Bearer"]],
            ["method": "POST", "path": .string(Self.queries), "body": Self.dryRunAnswer, "times": 4],
        ])
        let result = render(["GOOGLE_APPLICATION_CREDENTIALS": file, "AA_BIGQUERY_ENDPOINT": stub.url])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("-- dry run: would process 1,048,576 (1.0 MiB) bytes"))
        let received = try stub.received()
        let tokenRequests = received.filter { $0["path"] == "/token" }
        #expect(tokenRequests.count == 1)
        let queries = received.filter { $0["path"]?.stringValue == Self.queries }
        #expect(queries.count == 1) // the shipped template reads every dimension in one scan
        #expect(queries.allSatisfy { $0["headers"]?["Authorization"] == "Bearer ya29.SA-TOKEN" })
        #expect(queries.allSatisfy { (try? JSONValue.parse($0["body"]?.stringValue ?? ""))?["dryRun"] == true })

        // The JWT: RS256, the right claims, and a signature openssl verifies with the public key.
        let form = Dictionary(
            uniqueKeysWithValues: (tokenRequests[0]["body"]?.stringValue ?? "").split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1)
                return (String(parts[0]), String(parts.count > 1 ? parts[1] : "").removingPercentEncoding ?? "")
            })
        #expect(form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer")
        let jwt = (form["assertion"] ?? "").split(separator: ".")
        #expect(jwt.count == 3)
        let header = try JSONValue.parse(String(decoding: try #require(base64URL(jwt[0])), as: UTF8.self))
        let claims = try JSONValue.parse(String(decoding: try #require(base64URL(jwt[1])), as: UTF8.self))
        #expect(header == ["alg": "RS256", "typ": "JWT"])
        #expect(claims["iss"] == "aa-runner@p1.iam.gserviceaccount.com")
        #expect(claims["aud"]?.stringValue == stub.url + "/token")
        #expect(claims["scope"] == "https://www.googleapis.com/auth/bigquery https://www.googleapis.com/auth/devstorage.read_write")
        #expect((claims["exp"]?.intValue ?? 0) - (claims["iat"]?.intValue ?? 0) == 3600)
        let folder = AACommand.temporaryFolder()
        try Data("\(jwt[0]).\(jwt[1])".utf8).write(to: URL(fileURLWithPath: folder + "/input"))
        try #require(base64URL(jwt[2])).write(to: URL(fileURLWithPath: folder + "/signature"))
        let verified = AACommand.run(
            "/usr/bin/openssl", ["dgst", "-sha256", "-verify", publicKey, "-signature", folder + "/signature", folder + "/input"])
        #expect(verified.stdout.contains("Verified OK"), "\(verified.stdout)\(verified.stderr)")

        let status = AACommand.aa(["auth", "status"], environment: ["GOOGLE_APPLICATION_CREDENTIALS": file])
        #expect(status.stdout.contains("credential: service account — GOOGLE_APPLICATION_CREDENTIALS=\(file)"))
        #expect(status.stdout.contains("account:    aa-runner@p1.iam.gserviceaccount.com"))
        #expect(status.stdout.contains("project:    p1 (from the credential)"))
        #expect(!status.stdout.contains("PRIVATE KEY"))
    }

    @Test func gcloudApplicationDefaultCredentialsRefreshAndARevokedTokenIsExplained() throws {
        let stub = try HTTPStub()
        let folder = AACommand.temporaryFolder()
        let adc: JSONValue = [
            "type": "authorized_user", "client_id": "764086051850-abc.apps.googleusercontent.com", "client_secret": "d-CLIENT-SECRET",
            "refresh_token": "1//REFRESH-SECRET", "quota_project_id": "p1", "token_uri": .string(stub.url + "/token"),
        ]
        try adc.canonicalString.write(toFile: folder + "/application_default_credentials.json", atomically: true, encoding: .utf8)
        let environment = ["CLOUDSDK_CONFIG": folder, "HOME": folder]
        try stub.script([["method": "POST", "path": "/token", "body": ["access_token": "ya29.USER", "expires_in": 3600]]])
        let ok = AACommand.aa(["auth", "status", "--check"], environment: environment)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(
            ok.stdout.contains(
                "credential: authorized user — gcloud application-default credentials (\(folder)/application_default_credentials.json)"))
        #expect(ok.stdout.contains("project:    p1 (from the credential)"))
        #expect(ok.stdout.contains("token:      fetched (not shown)"))
        let form = try stub.received().first?["body"]?.stringValue ?? ""
        #expect(form.contains("grant_type=refresh_token") && form.contains("refresh_token=1%2F%2FREFRESH-SECRET"))
        for secret in ["d-CLIENT-SECRET", "REFRESH-SECRET", "ya29.USER"] { #expect(!(ok.stdout + ok.stderr).contains(secret)) }

        try stub.script([
            [
                "method": "POST", "path": "/token", "status": 400,
                "body": ["error": "invalid_grant", "error_description": "Token has been expired or revoked."], "times": 2,
            ]
        ])
        let revoked = AACommand.aa(["auth", "status", "--check"], environment: environment)
        #expect(revoked.status == 1)
        #expect(
            revoked.stderr.contains("invalid_grant: Token has been expired or revoked.")
                && revoked.stderr.contains("run `gcloud auth application-default login` again"))
        try BadInputTests().expectRefusal(
            ["run", "--date", "2026-06-30", "--monitors", "revenue_funnel", "--quiet"],
            mentions: ["refresh token", "gcloud auth application-default login"], environment: environment)
    }

    @Test func theMetadataServerIsTheLastResortAndNamesTheProject() throws {
        let stub = try HTTPStub()
        try stub.script([
            [
                "method": "GET", "path": "/computeMetadata/v1/instance/service-accounts/default/token",
                "body": ["access_token": "ya29.VM", "expires_in": 3600],
            ],
            ["method": "GET", "path": "/computeMetadata/v1/project/project-id", "body": "vm-project"],
        ])
        let empty = AACommand.temporaryFolder()
        let status = AACommand.aa(
            ["auth", "status", "--check"],
            environment: [
                "HOME": empty, "CLOUDSDK_CONFIG": empty, "GCE_METADATA_HOST": "127.0.0.1:\(stub.port)",
            ])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("credential: metadata server — metadata server (127.0.0.1:\(stub.port))"))
        #expect(status.stdout.contains("project:    vm-project (from the metadata server)"))
        #expect(try stub.received().allSatisfy { $0["headers"]?["Metadata-Flavor"] == "Google" })
        #expect(try stub.received().count == 2)
    }

    @Test func anExpiredAccessTokenIsRefreshedOnceAndTheCallRetried() throws {
        let stub = try HTTPStub()
        let (file, _) = try serviceAccount(tokenURL: stub.url + "/token")
        try stub.script([
            ["method": "POST", "path": "/token", "body": ["access_token": "ya29.OLD", "expires_in": 3600]],
            ["method": "POST", "path": "/token", "body": ["access_token": "ya29.NEW", "expires_in": 3600]],
            [
                "method": "POST", "path": .string(Self.queries), "status": 401,
                "body": [
                    "error": [
                        "code": 401, "message": "Request had invalid authentication credentials.", "errors": [["reason": "authError"]],
                    ]
                ],
            ],
            ["method": "POST", "path": .string(Self.queries), "body": Self.dryRunAnswer, "times": 4],
        ])
        let result = render(["GOOGLE_APPLICATION_CREDENTIALS": file, "AA_BIGQUERY_ENDPOINT": stub.url])
        #expect(result.status == 0, "\(result.stderr)")
        let received = try stub.received()
        #expect(received.filter { $0["path"] == "/token" }.count == 2)
        let auth = received.filter { $0["path"]?.stringValue == Self.queries }.map { $0["headers"]?["Authorization"]?.stringValue ?? "" }
        #expect(auth == ["Bearer ya29.OLD", "Bearer ya29.NEW"]) // refused once, retried once: one scan
    }

    /// A small archive of its own: two demo days.
    func smallArchive() -> (archive: String, warehouse: String) {
        let folder = AACommand.temporaryFolder()
        let paths = (folder + "/archive.sqlite", folder + "/warehouse.sqlite")
        let demo = AACommand.aa([
            "demo", "--end", "2026-06-30", "--days", "120", "--history", "2", "--quiet", "--archive", paths.0, "--warehouse", paths.1,
        ])
        #expect(demo.status == 0, "\(demo.stderr)")
        return paths
    }

    @Test func anUploadWhoseJobIdBigQueryAlreadyHasCountsOnceThatJobIsConfirmedDone() throws {
        let stub = try HTTPStub()
        let copy = smallArchive()
        let environment = [
            "AA_BIGQUERY_ACCESS_TOKEN": "t", "GOOGLE_CLOUD_PROJECT": "p1", "AA_BIGQUERY_ENDPOINT": stub.url, "AA_SYNC_BATCH": "5000",
        ]
        let table: JSONValue = [
            "method": "GET", "path": "/bigquery/v2/projects/p1/datasets/aa_archive/tables/events", "body": ["id": "p1:aa_archive.events"],
            "times": 3,
        ]
        try stub.script([
            table,
            [
                "method": "POST", "path": "/upload/bigquery/v2/projects/p1/jobs", "status": 409,
                "body": ["error": ["code": 409, "message": "Already Exists: Job p1:US.aa_archive_x", "errors": [["reason": "duplicate"]]]],
            ],
            ["method": "GET", "path": "/bigquery/v2/projects/p1/jobs/aa_archive_", "body": ["status": ["state": "DONE"]]],
        ])
        let first = AACommand.aa(["sync", "--quiet", "--json", "--archive", copy.archive], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try JSONValue.parse(AACommand.aa(["sync", "--status", "--json", "--archive", copy.archive]).stdout)["pending"] == 0)
        #expect(try stub.received().filter { $0["path"]?.stringValue?.hasPrefix("/upload/") == true }.count == 1)

        // A job BigQuery finished with an error keeps the events pending; the retry takes a new job id.
        let second = smallArchive()
        try stub.script([
            table,
            ["method": "POST", "path": "/upload/bigquery/v2/projects/p1/jobs", "body": ["status": ["state": "RUNNING"]]],
            [
                "method": "GET", "path": "/bigquery/v2/projects/p1/jobs/aa_archive_",
                "body": [
                    "status": ["state": "DONE", "errorResult": ["reason": "invalid", "message": "Error while reading data"]]
                ],
            ],
            ["method": "POST", "path": "/upload/bigquery/v2/projects/p1/jobs", "body": ["status": ["state": "DONE"]]],
        ])
        let failed = AACommand.aa(["sync", "--quiet", "--archive", second.archive], environment: environment)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("failed: invalid: Error while reading data; the events stay pending"))
        let status = try JSONValue.parse(AACommand.aa(["sync", "--status", "--json", "--archive", second.archive]).stdout)
        #expect(status["confirmed"] == 0 && status["jobs"]?.arrayValue?.first?["state"] == "failed")
        #expect(AACommand.aa(["sync", "--quiet", "--archive", second.archive], environment: environment).status == 0)
        let jobIds = try stub.received().filter { $0["path"]?.stringValue?.hasPrefix("/upload/") == true }.suffix(2).compactMap {
            request -> String? in
            let body = request["body"]?.stringValue ?? ""
            guard let range = body.range(of: #""jobId":"aa_archive_[0-9a-f]+_\d""#, options: .regularExpression) else { return nil }
            return String(body[range].dropLast().suffix(2))
        }
        #expect(jobIds == ["_0", "_1"])
    }
}

/// Bad credentials and BigQuery settings: one sentence, non-zero exit, the archive unchanged.
@Suite struct BigQueryBadInputTests {
    let base = BadInputTests()
    let run = ["run", "--date", "2026-06-30", "--monitors", "revenue_funnel", "--quiet"]

    func file(_ text: String) throws -> String {
        let path = AACommand.temporaryFolder() + "/credentials.json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aMissingCredentialsFile() throws {
        try base.expectRefusal(
            run, mentions: ["GOOGLE_APPLICATION_CREDENTIALS names /nowhere/key.json, which does not exist"],
            environment: ["GOOGLE_APPLICATION_CREDENTIALS": "/nowhere/key.json"])
    }

    @Test func aCredentialsFileThatIsNotJSON() throws {
        try base.expectRefusal(
            run, mentions: ["is not a JSON credentials file"], environment: ["GOOGLE_APPLICATION_CREDENTIALS": try file("{not json")])
    }

    @Test func aKeyFileOfAnUnknownType() throws {
        try base.expectRefusal(
            run, mentions: ["type 'external_account'", "service_account"],
            environment: ["GOOGLE_APPLICATION_CREDENTIALS": try file(#"{"type":"external_account","audience":"x"}"#)])
    }

    @Test func aServiceAccountKeyWhosePrivateKeyIsBroken() throws {
        try base.expectRefusal(
            run, mentions: ["private_key", "not a readable RSA key"],
            environment: [
                "GOOGLE_APPLICATION_CREDENTIALS": try file(
                    #"{"type":"service_account","client_email":"a@p.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"}"#
                )
            ])
    }

    @Test func noProjectAnywhere() throws {
        try base.expectRefusal(
            run, mentions: ["no BigQuery project", "GOOGLE_CLOUD_PROJECT"], environment: ["AA_BIGQUERY_ACCESS_TOKEN": "t"])
    }

    @Test func anEndpointThatIsNotAURL() throws {
        try base.expectRefusal(
            run, mentions: ["AA_BIGQUERY_ENDPOINT is not a usable http(s) URL"],
            environment: ["AA_BIGQUERY_ACCESS_TOKEN": "t", "GOOGLE_CLOUD_PROJECT": "p", "AA_BIGQUERY_ENDPOINT": "localhost:9050"])
    }

    @Test func aByteLimitOutOfRangeInTheRegistry() throws {
        let registry = try base.registry {
            $0.replacingOccurrences(of: "\"maximum_bytes_billed\": 20000000000", with: "\"maximum_bytes_billed\": 0.5")
        }
        try base.expectRefusal(run, mentions: ["bigquery.maximum_bytes_billed"], registry: registry)
    }
}

/// BigQuery refusing a run's query: one sentence with the reason and the fix, `run.failed` archived, no retry.
@Suite struct BigQueryRunErrorTests {
    func refusedRun(status: Int, reason: String, message: String, project: String) throws -> (AACommand.Result, [JSONValue], Int) {
        let stub = try HTTPStub()
        try stub.script([
            [
                "method": "POST", "path": .string("/bigquery/v2/projects/\(project)/queries"), "status": .int(Int64(status)),
                "body": [
                    "error": [
                        "code": .int(Int64(status)), "message": .string(message),
                        "errors": [["reason": .string(reason), "message": .string(message)]],
                    ]
                ],
            ]
        ])
        let copy = DemoFixture.shared.copy()
        let result = AACommand.aa(
            ["run", "--date", "2026-06-30", "--monitors", "revenue_funnel", "--quiet", "--no-archive", "--archive", copy.archive],
            environment: ["AA_BIGQUERY_ACCESS_TOKEN": "t", "GOOGLE_CLOUD_PROJECT": project, "AA_BIGQUERY_ENDPOINT": stub.url])
        let failed =
            try JSONValue.parse(
                AACommand.aa([
                    "history", "--monitor", "revenue_funnel", "--type", "run.failed", "--payload", "--json",
                    "--archive", copy.archive,
                ]).stdout
            ).items ?? []
        return (result, failed, try stub.received().count)
    }

    @Test func aQueryOverTheByteLimitSaysWhichSettingToRaise() throws {
        let (result, failed, requests) = try refusedRun(
            status: 400, reason: "bytesBilledLimitExceeded",
            message: "Query exceeded limit for bytes billed: 20000000000. 31457280000 or higher required.", project: "p1")
        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("aa: error:") }
        #expect(errors.count == 1)
        #expect(
            errors.first?.contains(
                "monitor revenue_funnel (template revenue_funnel_daily.sql, dimension total+platform+category+region): BigQuery "
                    + "bytesBilledLimitExceeded") == true)
        #expect(errors.first?.contains("raise bigquery.maximum_bytes_billed for the monitor in the registry") == true)
        #expect(failed.count == 1 && failed.first?["payload"]?["error"]?.stringValue?.contains("bytesBilledLimitExceeded") == true)
        #expect(requests == 1)
    }

    @Test func aWrongProjectIsNamedInTheError() throws {
        let (result, failed, requests) = try refusedRun(
            status: 404, reason: "notFound", message: "Not found: Project nope-project", project: "nope-project")
        #expect(result.status == 1)
        #expect(result.stderr.contains("BigQuery notFound: Not found: Project nope-project; check the project (nope-project)"))
        #expect(failed.count == 1)
        #expect(requests == 1)
    }
}
