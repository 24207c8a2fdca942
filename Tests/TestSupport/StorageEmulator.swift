import Foundation

/// The Cloud Storage test peer `gcp-storage-emulator` (PyPI, pinned in Tests/peers-requirements.txt), started on a
/// free 127.0.0.1 port with one bucket for one test and stopped with it. It ignores authentication.
public final class StorageEmulator {
    let process = Process()
    public let port: Int
    public let bucket = "reports"
    let data = AACommand.temporaryFolder()

    public init() throws {
        port = try LLMock.freePort()
        let python = ProcessInfo.processInfo.environment["AA_PYTHON"] ?? AACommand.repository + "/.peers/venv/bin/python"
        let executable = (python as NSString).deletingLastPathComponent + "/gcp-storage-emulator"
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw LLMock.PeerError(message: "gcp-storage-emulator is not installed at \(executable); run `make peers`")
        }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-d", data, "start", "--host", "127.0.0.1", "--port", String(port), "--default-bucket", bucket]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try PeerWait.start(process, readyAt: "\(url)/storage/v1/b/\(bucket)/o", seconds: 20, name: "gcp-storage-emulator")
    }

    deinit { PeerWait.stop(process) }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// What `aa` needs to publish here: the emulator's root and any bearer token.
    public var environment: [String: String] { ["STORAGE_EMULATOR_HOST": url, "AA_BIGQUERY_ACCESS_TOKEN": "emulator-token"] }

    /// The objects under `prefix` as google-cloud-storage reads them (`Tests/peers/read_bucket.py`): name → metadata.
    public func objects(prefix: String) -> AACommand.Result {
        AACommand.run(
            AACommand.python, AACommand.pythonPrefix + [AACommand.repository + "/Tests/peers/read_bucket.py", url, bucket, prefix])
    }
}
