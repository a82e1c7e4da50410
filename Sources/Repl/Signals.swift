import Foundation

/// Ctrl-C: during a long command the handler only raises a flag; the interpreter checks it at each step
/// boundary and stops there, leaving every cell whole.
enum Signals {
    nonisolated(unsafe) static var flag: sig_atomic_t = 0

    /// Installs the SIGINT handler that raises the flag. For scripts (`exitOnSecond`), a second Ctrl-C
    /// before the first was dealt with ends the process (status 130), so nothing can hold it hostage.
    static func install(exitOnSecond: Bool = false) {
        if exitOnSecond {
            signal(SIGINT) { _ in
                if Signals.flag != 0 { _exit(130) }
                Signals.flag = 1
            }
        } else {
            signal(SIGINT) { _ in Signals.flag = 1 }
        }
    }

    /// Whether Ctrl-C was pressed since the last `clear()`.
    @Sendable static func interrupted() -> Bool { flag != 0 }

    static func clear() { flag = 0 }
}
