import Foundation

/// Runs another program found on `PATH` (git, the Databricks CLI) and captures what it printed.
struct ExternalCommand {
    let environment: [String: String]

    /// The full path of `name` on `PATH`, if it is installed.
    func locate(_ name: String) -> String? {
        for folder in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Exit status and standard output (trimmed), or nil when the program is not installed or cannot start.
    package func run(_ name: String, _ arguments: [String], directory: String? = nil) -> (status: Int32, output: String)? {
        guard let path = locate(name) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
