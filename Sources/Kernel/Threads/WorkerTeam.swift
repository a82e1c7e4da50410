import Dispatch
import Synchronization

/// Helper threads that share the parts of a job with the thread that asks for it, handed over in well
/// under a microsecond (so even one step's matrix–vector product can be split between the cores).
///
/// The calling thread runs part 0 itself, then takes any part no helper has claimed yet, so a helper that
/// is slow to wake never holds a job up. A helper spins briefly after each job, then sleeps on a semaphore
/// until the next one. When the machine is busy, a helper can be descheduled holding a part; when sharing has
/// cost more than it saved, the team backs off (see `Backoff`): jobs stay on the caller for a while before the
/// helpers are tried again. Which thread runs a part never changes what the part computes, so results do not
/// depend on the number of threads.
final class WorkerTeam: @unchecked Sendable {
    /// The team the kernel's products and training passes use: one helper per core beyond the first.
    static let shared = WorkerTeam(helpers: min(7, max(1, Platform.processorCount - 1)))

    /// How long a helper spins for its next job before it sleeps, in nanoseconds.
    static let spinNanoseconds: UInt64 = 50_000

    private let helpers: [Helper]
    /// The job's generation, its number of parts and the next unclaimed part, packed in one word so a
    /// part is only ever claimed from the job it belongs to (a helper that lags behind cannot take a
    /// part of a newer job by its old count).
    private let ticket = Atomic<Int>(0)
    private let partsDone = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    /// The job being shared; written only while no part of it can be running.
    private var job: ((Int) -> Void)?
    /// Whether sharing has been paying off; read and written only by the caller holding `busy`.
    private var backoff = Backoff()
    /// The stretch of shared jobs being watched for cores (see `Backoff.checkCores`), caller-only as `backoff`.
    private var window = CoreWindow()
    private init(helpers count: Int) {
        helpers = (0..<count).map { _ in Helper() }
        for helper in helpers { helper.start(team: self) }
    }

    /// Runs `body(p)` for p in 0..<parts, spread over this thread and the helpers; returns when all are
    /// done. Runs them here in order when threads are off, this thread must stay serial, the parts are
    /// more than a ticket counts, or the team is already busy (a part asking for a team of its own, or a
    /// second caller).
    func run(parts: Int, _ body: (Int) -> Void) {
        guard parts > 1, parts < Ticket.partLimit, !helpers.isEmpty, Threading.count > 1, !Threading.isSerialHere,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else {
            for p in 0..<parts { body(p) }
            return
        }
        let start = Platform.nanoseconds()
        guard backoff.shouldShare(at: start) else {
            busy.store(false, ordering: .releasing)
            for p in 0..<parts { body(p) }
            return
        }
        withoutActuallyEscaping(body) { body in
            job = body
            partsDone.store(0, ordering: .relaxed)
            let generation = Ticket.generation(ticket.load(ordering: .relaxed)) &+ 1
            // Part 0 is the caller's (the helpers' claims start at 1): each part keeps to the same core from job to
            // job, and so do the weights it reads, in that core's cache.
            ticket.store(Ticket.make(generation: generation, parts: parts) + 1, ordering: .sequentiallyConsistent)
            // Only helpers running on a core count as idle if they take no part; one just signalled may take a while to wake.
            let running = helpers.contains { $0.running.load(ordering: .relaxed) }
            var woken = false
            for helper in helpers where helper.sleeping.exchange(false, ordering: .sequentiallyConsistent) {
                helper.wake.signal()
                woken = true
            }
            let taken = Threading.serially {
                body(0)
                partsDone.add(1, ordering: .releasing)
                return 1 + takeParts(of: generation)
            }
            let worked = Platform.nanoseconds()
            var polls = 0
            while partsDone.load(ordering: .acquiring) < parts {
                polls += 1
                if polls % 4096 == 0 { Platform.yield() }
            }
            let done = polls == 0 ? worked : Platform.nanoseconds()
            // Helpers that were on a core and took no part are not getting one: their spinning costs the caller time.
            let idle = taken == parts && running && !woken
            backoff.record(worked: worked - start, waited: done - worked, parts: parts, taken: taken, helpersIdle: idle, at: done)
            watchCores(jobStart: start, at: done)
            job = nil
        }
        busy.store(false, ordering: .releasing)
    }

    /// Adds a shared job to the watched stretch; every 2 ms of it, asks `backoff` whether the helpers had the cores
    /// they used. A stretch starts again after a pause (the helpers' clocks are read only then and every 2 ms).
    private func watchCores(jobStart: UInt64, at now: UInt64) {
        if window.start <= backoff.pausedAt {  // the first stretch, or the first since a pause began (0 before any)
            guard let processor = helpersProcessorTime() else { return }
            window = CoreWindow(start: jobStart, processor: processor)
        }
        window.inJobs += now - jobStart
        guard now - window.start >= CoreWindow.length, let processor = helpersProcessorTime() else { return }
        backoff.checkCores(since: window.start, inJobs: window.inJobs, processor: processor - window.processor,
                           threads: helpers.count, at: now)
        window = CoreWindow(start: now, processor: processor)
    }

    /// The processor time the helpers have had, together; nil while one has no clock to read (not started yet).
    private func helpersProcessorTime() -> UInt64? {
        var total: UInt64 = 0
        for helper in helpers {
            let clock = helper.clock.load(ordering: .acquiring)
            guard clock != Helper.noClock else { return nil }
            total += Platform.nanoseconds(onThreadClock: clock)
        }
        return total
    }

    /// Claims and runs parts of job `generation` until none is left; returns how many it ran.
    @discardableResult
    fileprivate func takeParts(of generation: Int) -> Int {
        var ran = 0
        while true {
            let current = ticket.load(ordering: .acquiring)
            guard Ticket.generation(current) == generation, Ticket.next(current) < Ticket.parts(current) else { return ran }
            guard ticket.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
                .exchanged else { continue }
            job?(Ticket.next(current))
            partsDone.add(1, ordering: .releasing)
            ran += 1
        }
    }

    /// Waits until a job newer than generation `seen` is posted; returns its generation.
    fileprivate func waitForJob(after seen: Int, helper: Helper) -> Int {
        var polls = 0
        var since = Platform.nanoseconds()
        while true {
            let now = Ticket.generation(ticket.load(ordering: .acquiring))
            if now != seen { return now }
            polls += 1
            if polls % 256 != 0 || Platform.nanoseconds() - since < Self.spinNanoseconds { continue }
            helper.running.store(false, ordering: .relaxed)
            helper.sleeping.store(true, ordering: .sequentiallyConsistent)
            if Ticket.generation(ticket.load(ordering: .sequentiallyConsistent)) != seen,
               helper.sleeping.exchange(false, ordering: .sequentiallyConsistent) {
                helper.running.store(true, ordering: .relaxed)
                continue  // a job came before anyone saw us asleep: no signal is on its way
            }
            helper.wake.wait()  // the poster cleared `sleeping` and signals
            helper.running.store(true, ordering: .relaxed)
            since = Platform.nanoseconds()
        }
    }
}

/// When a `WorkerTeam` shares a job and when it keeps it on the caller.
///
/// Each shared job is weighed against the caller working alone: the caller's time per part it ran, times the
/// parts, against how long the job took (its parts, then the wait for the helpers'). The differences add up in
/// `balance`, which may bank at most `credit` ahead. A helper descheduled holding a part costs a time slice of
/// the scheduler (milliseconds, where a step takes microseconds); a helper whose cache is cold costs a little
/// for a few jobs and then pays it back. Helpers that were on a core and still took no part are not getting
/// one, and their spinning takes the caller's time: such a job is charged its own length. When the balance falls
/// below `-tolerance`, jobs run whole on the caller for a while: 1 ms, or twice the last pause when this happens
/// within eight pauses' length of the last pause's end, up to 512 ms; the balance then starts again from zero. The
/// balance cannot see a helper that keeps up only by taking turns on a core with the caller (the caller's own part
/// is then slow too), so the team also watches the helpers' processor time (`checkCores`) and pauses the same way.
/// On a busy machine the helpers are tried about twice a second, each try costing a few milliseconds (about 1 %).
struct Backoff {
    static let firstPause: UInt64 = 1_000_000, longestPause: UInt64 = 512_000_000
    /// How far sharing may fall behind working alone, and how far ahead it may bank, in nanoseconds.
    static let tolerance: Int64 = 1_000_000, credit: Int64 = 1_000_000
    /// How long the last pause was.
    private(set) var pause: UInt64 = 0
    /// Until when jobs stay on the caller.
    private(set) var soloUntil: UInt64 = 0
    /// What sharing has saved (positive) or cost (negative) since the last pause, in nanoseconds.
    private(set) var balance: Int64 = 0
    /// Whether the team has paused before, and when it last began to.
    private var pausedBefore = false
    private(set) var pausedAt: UInt64 = 0
    /// When the stretch began that found the helpers short of cores, if the last one did.
    private var shortOfCores: UInt64?

    /// Whether a job posted at `now` should be shared.
    func shouldShare(at now: UInt64) -> Bool { now >= soloUntil }

    /// Notes a shared job of `parts` parts that ended at `now`: the caller ran `taken` of them in `worked`
    /// nanoseconds, then waited `waited` for the helpers'; `helpersIdle` when helpers on a core took none.
    mutating func record(worked: UInt64, waited: UInt64, parts: Int, taken: Int, helpersIdle: Bool = false, at now: UInt64) {
        let alone = taken > 0 ? Int64(worked) * Int64(parts) / Int64(taken) : Int64(worked + waited)
        balance = min(Self.credit, balance + alone - Int64(worked + waited) - (helpersIdle ? Int64(worked) : 0))
        guard balance < -Self.tolerance else { return }
        pauseSharing(losingSince: now - worked - waited, at: now)
    }

    /// Notes a stretch of sharing from `start` to `now` that spent `inJobs` nanoseconds in shared jobs and in which the
    /// `threads` helpers had `processor` nanoseconds of processor time together. Sharing nearly all the stretch, a
    /// helper spins or works all of it, so it should have had a core; with under three quarters of that, other
    /// processes have the cores, our threads take turns on them, and every job waits for a turn (measured on a
    /// two-core machine with two busy processes: a step shared took 77 µs, alone 62 µs). After two such stretches in a
    /// row, the team pauses.
    mutating func checkCores(since start: UInt64, inJobs: UInt64, processor: UInt64, threads: Int, at now: UInt64) {
        let wall = now - start
        guard wall > 0, inJobs * 5 >= wall * 4 else { return }
        guard processor * 4 < wall * UInt64(3 * threads) else { return shortOfCores = nil }
        // One such stretch can be a helper's core lent out for a moment (a virtual machine's host does that); two in
        // a row are a busy machine.
        guard let first = shortOfCores else { return shortOfCores = start }
        pauseSharing(losingSince: first, at: now)
    }

    /// Jobs stay on the caller from `now`: 1 ms, or twice the last pause when sharing started losing within eight
    /// pauses' length of the last pause's end (the machine is still busy), up to 512 ms.
    private mutating func pauseSharing(losingSince start: UInt64, at now: UInt64) {
        let recent = pausedBefore && start < soloUntil + 8 * max(pause, Self.firstPause)
        pause = recent ? min(Self.longestPause, max(Self.firstPause, pause * 2)) : Self.firstPause
        soloUntil = now + pause
        pausedBefore = true
        pausedAt = now
        balance = 0
        shortOfCores = nil
    }
}

/// A stretch of shared jobs watched for whether the helpers had the cores they used: when it began, the helpers'
/// processor time then, and how long its shared jobs have taken.
private struct CoreWindow {
    static let length: UInt64 = 2_000_000
    var start: UInt64 = 0, processor: UInt64 = 0, inJobs: UInt64 = 0
}

/// The packing of a `WorkerTeam` ticket: generation in the high bits, then the part count, then the
/// next part to claim.
private enum Ticket {
    static let partLimit = 1 << 16
    static func make(generation: Int, parts: Int) -> Int { (generation & 0xFFFF_FFFF) << 32 | parts << 16 }
    static func generation(_ ticket: Int) -> Int { ticket >> 32 & 0xFFFF_FFFF }
    static func parts(_ ticket: Int) -> Int { ticket >> 16 & 0xFFFF }
    static func next(_ ticket: Int) -> Int { ticket & 0xFFFF }
}

/// One helper thread of a `WorkerTeam`.
private final class Helper: @unchecked Sendable {
    let sleeping = Atomic<Bool>(false)
    /// Whether the helper is on a core, spinning for a job or running one (not asleep, not yet started).
    let running = Atomic<Bool>(false)
    /// The clock of the helper's processor time, once it has started.
    let clock = Atomic<Int32>(Helper.noClock)
    static let noClock: Int32 = -1
    let wake = DispatchSemaphore(value: 0)

    func start(team: WorkerTeam) {
        Platform.startThread { [self] in
            if let own = Platform.threadClock() { clock.store(own, ordering: .releasing) }
            running.store(true, ordering: .relaxed)
            Threading.serially {
                var seen = 0
                while true {
                    seen = team.waitForJob(after: seen, helper: self)
                    team.takeParts(of: seen)
                }
            }
        }
    }
}
