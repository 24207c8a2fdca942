import Foundation
import Synchronization

/// A process's standard error read to its end on its own thread, each complete line handed to a watcher as it
/// arrives; ``waitForEnd()`` returns all of it.
final class ErrorLines: Sendable {
    private let handle: FileHandle
    private let onLine: (@Sendable (String) -> Void)?
    private let state = Mutex((data: Data(), consumed: 0, done: false))
    private let finished = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle, onLine: (@Sendable (String) -> Void)?) {
        self.handle = handle
        self.onLine = onLine
    }

    /// Reads until the writer closes the pipe.
    func readToEnd() {
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            let lines = state.withLock { state -> [String] in
                state.data.append(chunk)
                var lines: [String] = []
                while let end = state.data[state.consumed...].firstIndex(of: UInt8(ascii: "\n")) {
                    lines.append(String(decoding: state.data[state.consumed..<end], as: UTF8.self))
                    state.consumed = end + 1
                }
                return lines
            }
            for line in lines { onLine?(line) }
        }
        finished.signal()
    }

    /// Everything read, once the pipe has closed.
    func waitForEnd() -> Data {
        finished.wait()
        return state.withLock { $0.data }
    }
}
