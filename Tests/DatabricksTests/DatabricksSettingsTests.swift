import CanonicalJSON
import Foundation
import Testing

@testable import Context
@testable import Databricks
@testable import Pipeline

/// The pieces of `aa databricks` that need no workspace: the profiles file as the SDKs read it, the runtime table,
/// and which binaries each runtime can start.
@Suite struct DatabricksSettingsTests {
    @Test func theProfilesFileIsReadWithItsCommentsSeparatorsAndSections() {
        let profiles = DatabricksConfigFile.parse(
            """
            host = https://before-any-section.example
            # a comment
            [DEFAULT]
            ; another comment
            token=dapi-default

            [ prod ]
            host : https://prod.example
            Token = dapi-prod
            client_id = sp = with equals
            """)
        #expect(profiles["DEFAULT"] == ["host": "https://before-any-section.example", "token": "dapi-default"])
        #expect(profiles["prod"] == ["host": "https://prod.example", "token": "dapi-prod", "client_id": "sp = with equals"])
        #expect(profiles.count == 2)
    }

    @Test func hostsAreNormalisedAndNonURLsRefused() throws {
        #expect(
            try DatabricksCredential.hostURL("adb-123.4.azuredatabricks.net/", origin: "t").absoluteString
                == "https://adb-123.4.azuredatabricks.net")
        #expect(
            try DatabricksCredential.hostURL(" https://x.cloud.databricks.com// ", origin: "t").absoluteString
                == "https://x.cloud.databricks.com")
        #expect(throws: PipelineError.self) { try DatabricksCredential.hostURL("ftp://x", origin: "t") }
        #expect(throws: PipelineError.self) { try DatabricksCredential.hostURL("https://", origin: "t") }
    }

    @Test func eachRuntimeMapsToTheUbuntuItsReleaseNotesName() throws {
        let cases: [(String, String, String)] = [
            ("10.4 LTS", "20.04", "2.31"), ("12.2.x-scala2.12", "20.04", "2.31"), ("13.3", "22.04", "2.35"),
            ("15.4.x-photon-scala2.12", "22.04", "2.35"), ("16.4 LTS", "24.04", "2.39"), ("17.3.x-scala2.13", "24.04", "2.39"),
        ]
        for (name, ubuntu, glibc) in cases {
            let runtime = try DatabricksRuntime.named(name)
            #expect(runtime.ubuntu == ubuntu, "\(name)")
            #expect(runtime.glibc.description == glibc, "\(name)")
        }
        #expect(throws: PipelineError.self) { try DatabricksRuntime.named("9.1 LTS") }
        #expect(throws: PipelineError.self) { try DatabricksRuntime.named("LTS") }
    }

    @Test func aBinaryIsJudgedByItsGlibcItsOpenSSLAndItsSwiftRuntime() throws {
        let jammy = try DatabricksRuntime.named("15.4")
        let focal = try DatabricksRuntime.named("12.2")
        let built = ELFRequirements(
            libraries: ["libsqlite3.so.0", "libssl.so.3", "libc.so.6"], versions: ["libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.34", "GLIBC_2.9"]])
        #expect(built.glibc?.description == "2.34")
        #expect(jammy.incompatibility(built, path: "aa") == nil)
        #expect(focal.incompatibility(built, path: "aa")?.hasPrefix("aa needs glibc 2.34 but Databricks Runtime 12.2") == true)
        let oldGlibcNewSSL = ELFRequirements(libraries: ["libssl.so.3", "libc.so.6"], versions: ["libc.so.6": ["GLIBC_2.17"]])
        #expect(
            focal.incompatibility(oldGlibcNewSSL, path: "aa")?.contains(
                "links libssl.so.3 but Databricks Runtime 12.2 (Ubuntu 20.04, glibc 2.31) ships OpenSSL .so.1.1") == true)
        let dynamicSwift = ELFRequirements(libraries: ["libswiftCore.so", "libc.so.6"], versions: [:])
        #expect(jammy.incompatibility(dynamicSwift, path: "aa")?.contains("links the Swift runtime dynamically") == true)
        #expect(ELFRequirements(json: built.json) == built)
        #expect(ELFRequirements(json: ["glibc": "2.34"]) == nil)
        #expect(
            ELFRequirements.parse(Array("#!/bin/sh\necho not an ELF file, just long enough to be read as one by a careless parser\n".utf8))
                == nil)
    }
}
