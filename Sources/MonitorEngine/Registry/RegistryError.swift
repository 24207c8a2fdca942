/// Why a registry or template cannot be used, with the file and JSON path at fault.
public struct RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the problem is in.
    public let file: String
    /// JSON path such as `$.monitors[0].detection.severity`, or nil for whole-file problems.
    public let path: String?
    /// What is wrong and how to fix it.
    public let message: String

    public init(file: String, path: String?, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    /// One line: a key or value holding a line break or another control character shows it as `‹U+XXXX›`.
    public var description: String {
        DisplayText.visible(path.map { "\(file) at \($0): \(message)" } ?? "\(file): \(message)", keepingLines: false)
    }
}
