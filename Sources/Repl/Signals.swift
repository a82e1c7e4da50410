import Foundation

/// Ctrl-C: during a long command the handler only raises a flag; the interpreter checks it at each step
/// boundary and stops there, leaving every cell whole.
enum Signals {
    nonisolated(unsafe) static var flag: sig_atomic_t = 0

    /// Installs the SIGINT handler that raises the flag. For scripts (`exitOnSecond`), a second Ctrl-C
    /// before the first was dealt with ends the process (status 130), so nothing can hold it hostage.
    static func install(exitOnSecond: Bool = false) {
        // A parent may have started us with SIGINT blocked (a test runner, a job engine); Ctrl-C must reach us all the same.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        sigprocmask(SIG_UNBLOCK, &interrupt, nil)
        if exitOnSecond {
            signal(SIGINT) { _ in
                if Signals.flag != 0 { _exit(130) }
                Signals.flag = 1
            }
        } else {
            // The REPL: while a command runs, say at once that the Ctrl-C was heard (write(2) is safe in a handler).
            stopping = UnsafePointer(strdup("\n(stopping at the end of the current step)\n"))
            stillStopping = UnsafePointer(strdup("\n(still stopping: the current step runs to its end; the session stays open)\n"))
            signal(SIGINT) { _ in
                if Signals.editing == 0, let text = Signals.flag == 0 ? Signals.stopping : Signals.stillStopping {
                    _ = write(2, text, strlen(text))
                }
                Signals.flag = 1
            }
        }
    }

    /// What the REPL's handler writes for a first and a later Ctrl-C during a command (made before it is installed).
    nonisolated(unsafe) static var stopping: UnsafePointer<CChar>?
    nonisolated(unsafe) static var stillStopping: UnsafePointer<CChar>?

    /// Whether Ctrl-C was pressed since the last `clear()`.
    @Sendable static func interrupted() -> Bool { flag != 0 }

    static func clear() { flag = 0 }

    /// SIGTERM or SIGHUP that arrived while the line editor had the terminal (0: none).
    nonisolated(unsafe) static var ending: sig_atomic_t = 0
    /// Whether the line editor has the terminal (raw mode) and must give it back before the process ends.
    nonisolated(unsafe) static var editing: sig_atomic_t = 0

    /// SIGTERM and SIGHUP: at the prompt, the REPL is told (it gives the terminal back, then ends by the same
    /// signal); while a command runs the terminal is already as it was, so the signal ends the process at once.
    static func installEnding() {
        for ending in [SIGTERM, SIGHUP] {
            signal(ending) { number in
                if Signals.editing != 0 {
                    Signals.ending = number
                } else {
                    signal(number, SIG_DFL)
                    raise(number)
                }
            }
        }
    }

    /// Ends the process by the signal that asked, as if no handler had been installed.
    static func endByPendingSignal() -> Never {
        signal(ending, SIG_DFL)
        raise(ending)
        exit(128 + ending)
    }
}
