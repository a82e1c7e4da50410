import CReadline
import Foundation
import Lang

/// GNU readline through its callback interface, so Ctrl-C can be handled outside the signal handler:
/// while editing it clears the line; a finished line goes to `onLine`.
final class LineEditor {
    nonisolated(unsafe) static var current: LineEditor?
    nonisolated(unsafe) static var completions: [String] = []
    static let wordBreaks = UnsafePointer(strdup(" \t\n\"'`$><=;|&([,+*/"))

    let onLine: (String?) -> Void
    var completer: (String, Int) -> (start: Int, candidates: [String]) = { _, _ in (0, []) }

    init(onLine: @escaping (String?) -> Void) {
        self.onLine = onLine
        rl_catch_signals = 0
        rl_readline_name = UnsafePointer(strdup("lstm"))
        rl_completer_word_break_characters = Self.wordBreaks
        rl_attempted_completion_function = { text, start, end in LineEditor.complete(text, start, end) }
        LineEditor.current = self
    }

    /// Shows `prompt` and waits for a line, in the callback interface.
    func prompt(_ prompt: String) {
        rl_callback_handler_install(prompt) { line in
            let text = line.map { String(cString: $0) }
            if let line { free(line) }
            LineEditor.current?.onLine(text)
        }
    }

    /// Leaves the line editor (the terminal goes back to normal while a command runs).
    func pause() { rl_callback_handler_remove() }

    /// Ctrl-C while editing: drop what was typed and start a fresh line.
    func interruptLine() {
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_replace_line("", 0)
        rl_callback_handler_remove()
        Console.out("^C")
    }

    /// Reads characters until a line is finished or Ctrl-C; returns false at end of input.
    func readCharacter() -> Bool {
        var fds = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        let ready = poll(&fds, 1, -1)
        if ready < 0 { return errno == EINTR }
        if fds.revents & Int16(POLLIN | POLLHUP) != 0 { rl_callback_read_char() }
        return true
    }

    func add(history entry: String) { add_history(entry) }

    static func complete(_ text: UnsafePointer<CChar>?, _ start: Int32,
        _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        rl_attempted_completion_over = 1
        guard let editor = current, let buffer = rl_line_buffer else { return nil }
        let line = String(cString: buffer)
        // readline counts bytes; the completer counts Unicode scalars.
        let cursorBytes = Int(rl_point)
        let cursor = String(decoding: Array(line.utf8.prefix(cursorBytes)), as: UTF8.self).unicodeScalars.count
        let startScalars = String(decoding: Array(line.utf8.prefix(Int(start))), as: UTF8.self).unicodeScalars.count
        let (mine, candidates) = editor.completer(line, cursor)
        let scalars = Array(line.unicodeScalars)
        if mine >= startScalars {
            let lead = String(String.UnicodeScalarView(scalars[startScalars ..< mine]))
            completions = candidates.map { lead + $0 }
        } else {
            // readline's word starts later (after a '/' of a path): hand it only the part after that.
            let cut = String(String.UnicodeScalarView(scalars[mine ..< startScalars]))
            completions = candidates.filter { $0.hasPrefix(cut) }
                .map { String(String.UnicodeScalarView($0.unicodeScalars.dropFirst(cut.unicodeScalars.count))) }
        }
        // A keyword or a meta-command is followed by a space; a name may go on with a dot, a field with an operator.
        let word = candidates.count == 1 ? candidates[0] : ""
        rl_completion_append_character = Completion.keywords.contains(word) || Completion.metaCommands.contains(word) ? 32 : 0
        return rl_completion_matches(text) { _, state in
            let k = Int(state)
            return k < LineEditor.completions.count ? strdup(LineEditor.completions[k]) : nil
        }
    }
}
