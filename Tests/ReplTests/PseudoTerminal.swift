import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The `lstm` binary running on a pseudo-terminal, as a person at a terminal would run it: keys go in,
/// the screen's bytes come out.
final class PseudoTerminal {
    let pid: pid_t
    let master: Int32
    private(set) var screen = ""

    /// The `lstm` binary built beside the test runner.
    static var binary: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lstm").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../.build/debug/lstm").standardized.path
    }

    /// Starts the binary on a new terminal, in `directory` when one is given (a folder outside the checkout).
    init(arguments: [String] = [], environment: [String: String] = [:], directory: String? = nil) {
        var env = ["TERM": "xterm", "HOME": Scratch.root, "PATH": "/usr/bin:/bin"]
        for (k, v) in environment { env[k] = v }
        // Everything the child needs is made before fork: after it, only execve and _exit run.
        let argv: [UnsafeMutablePointer<CChar>?] = ([Self.binary] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0)=\($1)") } + [nil]
        let folder: UnsafeMutablePointer<CChar>? = directory.flatMap { strdup($0) }
        var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        var fd: Int32 = -1
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        let child = forkpty(&fd, nil, nil, &size)
        if child == 0 {
            // The test runner's threads may block or ignore SIGINT; a terminal program must get it.
            sigprocmask(SIG_SETMASK, &unblocked, nil)
            signal(SIGINT, SIG_DFL)
            if let folder, chdir(folder) != 0 { _exit(126) }
            execve(argv[0]!, argv, envp)
            _exit(127)
        }
        pid = child
        master = fd
        for p in argv + envp { free(p) }
        free(folder)
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    /// Types `text` (control keys as their bytes: "\u{03}" is Ctrl-C, "\u{04}" Ctrl-D, "\t" Tab).
    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
    }

    /// Reads the screen until it holds `text` after position `from`, or the time runs out.
    @discardableResult
    func waitFor(_ text: String, after from: String.Index? = nil, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let start = from ?? screen.startIndex
            if screen[start...].contains(text) { return true }
            readAvailable(milliseconds: 50)
        }
        return screen[(from ?? screen.startIndex)...].contains(text)
    }

    /// The number of times `text` appears on the screen so far.
    func count(_ text: String) -> Int { screen.components(separatedBy: text).count - 1 }

    func readAvailable(milliseconds: Int32) {
        var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&fds, 1, milliseconds) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        if n > 0 { screen += String(decoding: buffer[0..<n], as: UTF8.self) }
    }

    /// Waits for the process to end; its exit status, or nil if it is still running.
    func exitStatus(seconds: Double = 20) -> Int32? {
        waitStatus(seconds: seconds).map { ($0 >> 8) & 0xFF }
    }

    /// The signal that ended the process (nil if it exited, or is still running after `seconds`).
    func endingSignal(seconds: Double = 20) -> Int32? {
        waitStatus(seconds: seconds).flatMap { $0 & 0x7F == 0 ? nil : $0 & 0x7F }
    }

    /// waitpid's status once the process has ended.
    private func waitStatus(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while Date() < deadline {
            readAvailable(milliseconds: 20)
            if waitpid(pid, &status, WNOHANG) == pid { return status }
        }
        return nil
    }

    /// The terminal's local modes (ECHO, ICANON, …) as the program's side has them now (Linux answers the master's
    /// tcgetattr with its other side's modes).
    var localModes: tcflag_t? {
        var modes = termios()
        return tcgetattr(master, &modes) == 0 ? modes.c_lflag : nil
    }
}

/// One folder per test process for the files the sessions write (histories, saved notebooks), removed when it ends.
enum Scratch {
    static let root: String = {
        let path = NSTemporaryDirectory() + "lstm-repl-tests-\(getpid())/"
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Scratch.root) }
        return path
    }()
}
