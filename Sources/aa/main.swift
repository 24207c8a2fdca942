import CLI
import Context
import Foundation

exit(AA.main(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment, clock: .system))
