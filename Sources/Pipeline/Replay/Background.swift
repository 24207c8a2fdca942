import Context
import Dispatch
import Synchronization

/// Work started on another core now, its result collected later: lets a replay read the next day while it
/// evaluates this one.
final class Background<Value: Sendable>: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let result = Mutex<Result<Value, PipelineError>?>(nil)

    package init(_ work: @escaping @Sendable () throws(PipelineError) -> Value) {
        DispatchQueue.global().async { [self] in
            let outcome: Result<Value, PipelineError>
            do throws(PipelineError) { outcome = .success(try work()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            done.signal()
        }
    }

    /// Waits for the work and returns its value, or throws its error.
    package func value() throws(PipelineError) -> Value {
        done.wait()
        done.signal()
        guard let outcome = result.withLock({ $0 }) else { throw PipelineError(.runtime, "background work ended without a result") }
        return try outcome.get()
    }
}
