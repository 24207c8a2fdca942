// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "analytics-automation",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "aa", targets: ["aa"])
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite3"])]
        ),
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]
        ),
        .systemLibrary(
            name: "CSSL",
            pkgConfig: "libssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]
        ),
        .target(name: "CanonicalJSON", swiftSettings: strictSettings),
        .target(name: "Digest", dependencies: ["CCrypto"], swiftSettings: strictSettings),
        .target(name: "SQLite", dependencies: ["CSQLite", "Digest"], swiftSettings: strictSettings),
        .target(name: "MonitorEngine", dependencies: ["CanonicalJSON"], swiftSettings: strictSettings),
        .target(
            name: "EventArchive",
            dependencies: ["CanonicalJSON", "MonitorEngine", "Digest", "SQLite"],
            swiftSettings: strictSettings
        ),
        .target(name: "Context", dependencies: ["CanonicalJSON", "MonitorEngine"], swiftSettings: strictSettings),
        .target(name: "HTTPClient", dependencies: ["Context", "CSSL"], swiftSettings: strictSettings),
        .target(
            name: "GoogleCloud",
            dependencies: ["CanonicalJSON", "MonitorEngine", "EventArchive", "Context", "HTTPClient", "Digest", "CSSL"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Databricks", dependencies: ["CanonicalJSON", "EventArchive", "Context", "HTTPClient", "Digest"],
            swiftSettings: strictSettings),
        .target(
            name: "Analyst",
            dependencies: ["CanonicalJSON", "MonitorEngine", "EventArchive", "Context", "HTTPClient", "Digest"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Slack",
            dependencies: ["CanonicalJSON", "MonitorEngine", "Context", "HTTPClient", "Analyst", "EventArchive"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Pipeline",
            dependencies: [
                "CanonicalJSON", "MonitorEngine", "EventArchive", "Context", "HTTPClient", "Analyst", "Slack", "Digest", "SQLite",
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Site",
            dependencies: ["CanonicalJSON", "MonitorEngine", "EventArchive", "Context", "Analyst", "Slack", "Pipeline", "Digest"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CLI",
            dependencies: [
                "CanonicalJSON", "MonitorEngine", "EventArchive", "Context", "HTTPClient", "Analyst", "Slack", "GoogleCloud", "Databricks",
                "Pipeline", "Site",
            ],
            swiftSettings: strictSettings
        ),
        // The guides (Markdown, linked from the README) live beside the executable they document.
        .executableTarget(name: "aa", dependencies: ["CLI", "Context"], exclude: ["Guides"], swiftSettings: strictSettings),
        .executableTarget(
            name: "aa-bench", dependencies: ["Pipeline", "Context", "GoogleCloud", "Digest"], path: "Benchmarks/aa-bench",
            swiftSettings: strictSettings),
        .testTarget(
            name: "MonitorEngineTests",
            dependencies: ["MonitorEngine", "EventArchive", "CanonicalJSON"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EventArchiveTests",
            dependencies: ["EventArchive", "MonitorEngine", "CanonicalJSON", "Digest", "SQLite"],
            swiftSettings: strictSettings
        ),
        .target(name: "TestSupport", dependencies: ["CanonicalJSON"], path: "Tests/TestSupport", swiftSettings: strictSettings),
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "Pipeline", "EventArchive", "MonitorEngine", "CanonicalJSON", "TestSupport", "Context", "HTTPClient", "GoogleCloud",
                "Databricks", "Analyst", "Slack", "Site",
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        // Test targets mirror the modules they test (a test keeps it so); CLITests drives the command line.
        .testTarget(
            name: "AnalystTests",
            dependencies: ["Analyst", "Pipeline", "Context", "EventArchive", "MonitorEngine", "CanonicalJSON", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "HTTPClientTests", dependencies: ["HTTPClient", "Context", "CanonicalJSON", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "GoogleCloudTests",
            dependencies: ["GoogleCloud", "Pipeline", "Context", "MonitorEngine", "CanonicalJSON", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "DatabricksTests", dependencies: ["Databricks", "Pipeline", "Context", "CanonicalJSON"], swiftSettings: strictSettings),
        .testTarget(
            name: "SlackTests",
            dependencies: ["Slack", "Pipeline", "Analyst", "HTTPClient", "EventArchive", "MonitorEngine", "CanonicalJSON", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "SiteTests", dependencies: ["Site", "EventArchive", "MonitorEngine", "CanonicalJSON"], swiftSettings: strictSettings),
        .testTarget(
            name: "CLITests",
            dependencies: ["CLI", "Context", "EventArchive", "MonitorEngine", "CanonicalJSON", "TestSupport", "Digest"],
            swiftSettings: strictSettings
        ),
    ]
)
