import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Time from starting `lstm` on a pseudo-terminal to its first prompt, over `runs` starts.
func benchPrompt(binary: String, runs: Int) {
    var times: [Double] = []
    for _ in 0..<runs {
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(binary), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = [strdup("TERM=xterm"), strdup("LSTM_HISTORY=/dev/null"), nil]
        var fd: Int32 = -1
        let start = DispatchTime.now().uptimeNanoseconds
        let pid = forkpty(&fd, nil, nil, nil)
        if pid == 0 { execve(argv[0]!, argv, envp); _exit(127) }
        var seen = ""
        while !seen.contains("> ") {
            var buffer = [UInt8](repeating: 0, count: 1024)
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            seen += String(decoding: buffer[0..<n], as: UTF8.self)
        }
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(fd)
        for p in argv + envp { free(p) }
    }
    times.sort()
    printJSON(["peer": "lstm", "bench": "prompt", "runs": runs, "median_ms": times[times.count / 2], "max_ms": times.last!])
}
