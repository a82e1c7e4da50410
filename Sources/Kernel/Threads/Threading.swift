/// How many threads the kernel may use, and which threads must keep their products to themselves.
///
/// The thread count changes only the time: every number is computed by the same operations in the same
/// order whichever thread runs it, so one thread and many give the same bits.
public enum Threading {
    /// How many threads a large product or a training pass may use (1 turns threading off). Starts at 2,
    /// or at the environment's `LSTM_THREADS` (1…64).
    nonisolated(unsafe) public static var count = threadCount(Platform.environment("LSTM_THREADS")) ?? 2

    /// The thread count a setting such as `LSTM_THREADS` names, if it is a whole number from 1 to 64.
    static func threadCount(_ setting: String?) -> Int? {
        guard let count = setting.flatMap({ Int($0) }), (1...64).contains(count) else { return nil }
        return count
    }

    /// Marks threads whose products must not fan out again (they are already one of several workers).
    private static let serialFlag = Platform.ThreadFlag()

    /// Whether products on this thread stay on it.
    static var isSerialHere: Bool { serialFlag.isSet }

    /// Runs `body` with every product on this thread kept on it.
    public static func serially<T>(_ body: () -> T) -> T {
        let was = serialFlag.isSet
        serialFlag.set(true)
        defer { serialFlag.set(was) }
        return body()
    }
}
