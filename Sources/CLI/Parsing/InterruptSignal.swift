import Dispatch
import Foundation

/// Turns Ctrl-C (SIGINT) and SIGTERM into a flag a long-running command polls, instead of ending the process, so
/// it can clean up first (cancel a Databricks run). A second Ctrl-C still ends the process at once.
final class InterruptSignal: @unchecked Sendable {
    // @unchecked: the lock guards `raised`, the only mutable state.
    private let lock = NSLock()
    private var raised = false
    private var sources: [any DispatchSourceSignal] = []

    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.lock.lock()
                let again = self.raised
                self.raised = true
                self.lock.unlock()
                if again { exit(130) }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Whether an interrupt has arrived.
    var isRaised: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }
}
