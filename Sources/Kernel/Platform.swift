#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library in one place, for Linux (Glibc) and macOS (Darwin) alike: the libm routines the readable
/// reference paths use, the environment, and what the worker team needs of the system's threads.
enum Platform {
    /// libm's e^x.
    @inline(__always) static func exp(_ x: Double) -> Double {
        #if canImport(Glibc)
        Glibc.exp(x)
        #else
        Darwin.exp(x)
        #endif
    }

    /// libm's hyperbolic tangent (the kernel's own `tanh` names the course's layer, so libm's is qualified).
    @inline(__always) static func tanh(_ x: Double) -> Double {
        #if canImport(Glibc)
        Glibc.tanh(x)
        #else
        Darwin.tanh(x)
        #endif
    }

    /// libm's sine.
    @inline(__always) static func sin(_ x: Double) -> Double {
        #if canImport(Glibc)
        Glibc.sin(x)
        #else
        Darwin.sin(x)
        #endif
    }

    /// libm's x^y.
    @inline(__always) static func pow(_ x: Double, _ y: Double) -> Double {
        #if canImport(Glibc)
        Glibc.pow(x, y)
        #else
        Darwin.pow(x, y)
        #endif
    }

    /// An environment variable, if set.
    static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

    /// The cores online.
    static var processorCount: Int { sysconf(Int32(_SC_NPROCESSORS_ONLN)) }

    /// Nanoseconds on the monotonic clock (for timing the team's jobs, never for results).
    @inline(__always) static func nanoseconds() -> UInt64 { read(CLOCK_MONOTONIC) }

    /// The clock of processor time the calling thread has had (another thread can read it, to the nanosecond);
    /// nil where threads have none to share.
    static func threadClock() -> Int32? {
        #if canImport(Glibc)
        var clock = clockid_t()
        return pthread_getcpuclockid(pthread_self(), &clock) == 0 ? clock : nil
        #else
        return nil
        #endif
    }

    /// Nanoseconds on a thread's processor-time clock from `threadClock`.
    static func nanoseconds(onThreadClock clock: Int32) -> UInt64 {
        #if canImport(Glibc)
        return read(clock)
        #else
        return 0
        #endif
    }

    @inline(__always) private static func read(_ clock: clockid_t) -> UInt64 {
        var t = timespec()
        clock_gettime(clock, &t)
        return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
    }

    /// Asks the C library to keep memory it is given back for the next allocation instead of returning it to the
    /// system: a training evaluation frees and allocates again hundreds of megabytes of trace, and pages returned and
    /// faulted in again cost it about a twentieth of its time. Blocks under 32 MiB come from the heap, and the heap
    /// is never trimmed. (glibc only; elsewhere nothing changes.)
    static let keepFreedMemory: Void = {
        #if canImport(Glibc)
        // mallopt is in <malloc.h>, which Swift's Glibc module leaves out; its option numbers are glibc's ABI.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, Int32.max)
        #endif
    }()

    /// Lets another thread run.
    @inline(__always) static func yield() { sched_yield() }

    /// Starts a detached thread that runs `body` (which never returns).
    static func startThread(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        pthread_create(&thread, nil, { raw in
            #if canImport(Glibc)
            let raw = raw
            #else
            let raw = raw as UnsafeMutableRawPointer?
            #endif
            Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, box)
        #if canImport(Glibc)
        pthread_detach(thread)
        #else
        if let thread { pthread_detach(thread) }
        #endif
    }

    /// A flag each thread holds for itself (false until set on that thread).
    final class ThreadFlag: @unchecked Sendable {
        private var key = pthread_key_t()
        init() { pthread_key_create(&key, nil) }
        var isSet: Bool { pthread_getspecific(key) != nil }
        func set(_ on: Bool) { pthread_setspecific(key, on ? UnsafeRawPointer(bitPattern: 1) : nil) }
    }

    private final class ThreadBody {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}
