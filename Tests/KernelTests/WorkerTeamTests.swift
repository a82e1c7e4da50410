import Testing
import Synchronization
@testable import Kernel

/// The team that shares a job's parts between the cores: each part runs exactly once, whoever asks.
@Suite struct WorkerTeamTests {
    /// Runs `jobs` jobs of `parts` parts and returns how often each part ran, summed over the jobs.
    static func tally(jobs: Int, parts: Int) -> [Int] {
        let counts = Mutex([Int](repeating: 0, count: parts))
        for _ in 0..<jobs {
            WorkerTeam.shared.run(parts: parts) { p in counts.withLock { $0[p] += 1 } }
        }
        return counts.withLock { $0 }
    }

    @Test func everyPartRunsOncePerJob() {
        for parts in [1, 2, 3, 7, 64] {
            #expect(Self.tally(jobs: 500, parts: parts) == [Int](repeating: 500, count: parts))
        }
    }

    @Test func morePartsThanATicketCountsRunHereInOrder() {
        #expect(Self.tally(jobs: 1, parts: 70_000) == [Int](repeating: 1, count: 70_000))
    }

    @Test func lstmThreadsNamesACountFromOneTo64() {
        #expect(Threading.threadCount("1") == 1)
        #expect(Threading.threadCount("64") == 64)
        for refused in [nil, "", "0", "-2", "65", "100000", "two", "2.5"] {
            #expect(Threading.threadCount(refused) == nil, "\(refused ?? "nil")")
        }
    }

    @Test func aPartThatAsksForTheTeamRunsItsJobItself() {
        let inner = Atomic<Int>(0)
        WorkerTeam.shared.run(parts: 4) { _ in
            WorkerTeam.shared.run(parts: 5) { _ in inner.add(1, ordering: .relaxed) }
        }
        #expect(inner.load(ordering: .relaxed) == 20)
    }

    @Test func callersOnSeveralThreadsAllFinish() async {
        let results = await withTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 { group.addTask { Self.tally(jobs: 300, parts: 3) } }
            return await group.reduce(into: [[Int]]()) { $0.append($1) }
        }
        #expect(results == [[Int]](repeating: [300, 300, 300], count: 4))
    }

    /// Each shared job is weighed against the caller alone (its time per part × the parts): sharing that pays banks up
    /// to 1 ms; a helper with a cold cache costs a little for a few jobs and the team goes on sharing; a helper
    /// descheduled holding a part (a time slice lost) keeps the next jobs on the caller for 1 ms; falling behind
    /// again within eight pauses of the last one's end doubles the pause, up to 512 ms; after a quiet spell it is 1 ms
    /// again. Helpers on a core that take no part are charged the job's length.
    @Test func theTeamBacksOffWhenSharingCostsMoreThanItSaves() {
        let ms: UInt64 = 1_000_000
        var b = Backoff()
        #expect(b.shouldShare(at: 0))
        b.record(worked: 10_000, waited: 1_000, parts: 2, taken: 1, at: 50_000)  // 11 µs where alone took 20 µs
        #expect(b.balance == 9_000 && b.shouldShare(at: 50_001) && b.pause == 0)
        for k in 1...5 {  // the helper's cache is cold: 100 µs late five times
            b.record(worked: 10_000, waited: 100_000, parts: 2, taken: 1, at: 50_000 + UInt64(k) * 200_000)
        }
        #expect(b.balance == 9_000 - 5 * 90_000 && b.pause == 0 && b.shouldShare(at: 2 * ms))
        for k in 0..<2_000 {  // then it pays it back, and the bank stops at 1 ms
            b.record(worked: 10_000, waited: 0, parts: 2, taken: 1, at: 2 * ms + UInt64(k) * 10_000)
        }
        #expect(b.balance == Backoff.credit)
        b.record(worked: 10_000, waited: 3 * ms, parts: 2, taken: 1, at: 30 * ms)  // a time slice lost: 2.99 ms behind
        #expect(b.pause == ms && b.balance == 0 && !b.shouldShare(at: 31 * ms - 1) && b.shouldShare(at: 31 * ms))
        b.record(worked: 10_000, waited: 2 * ms, parts: 2, taken: 1, at: 33 * ms)  // behind again at once: a busy machine
        #expect(b.pause == 2 * ms && !b.shouldShare(at: 35 * ms - 1) && b.shouldShare(at: 35 * ms))
        var now = 35 * ms  // every try is late
        for _ in 0..<12 {
            now += 2 * ms
            b.record(worked: 10_000, waited: 2 * ms, parts: 2, taken: 1, at: now)
            now += b.pause
        }
        #expect(b.pause == Backoff.longestPause)
        b.record(worked: 10_000, waited: 0, parts: 2, taken: 1, at: now)  // a good job changes no pause
        #expect(b.pause == Backoff.longestPause && b.shouldShare(at: now))
        b.record(worked: 10_000, waited: 2 * ms, parts: 2, taken: 1, at: now + 10_000 * ms)  // behind after a quiet spell
        #expect(b.pause == ms)
        var idle = Backoff()  // helpers on a core that took no part: each job charged its length, 100 µs
        for k in 1...10 { idle.record(worked: 100_000, waited: 0, parts: 2, taken: 2, helpersIdle: true, at: UInt64(k) * ms) }
        #expect(idle.pause == 0 && idle.balance == -1_000_000)
        idle.record(worked: 100_000, waited: 0, parts: 2, taken: 2, helpersIdle: true, at: 11 * ms)
        #expect(idle.pause == ms && !idle.shouldShare(at: 12 * ms - 1))
    }

    /// A stretch spent sharing in which the helpers had under three quarters of a core each: once may be a host lending
    /// the core out; twice in a row pauses the team (then the usual doubling). Stretches mostly outside shared jobs,
    /// and a good stretch between two short ones, change nothing.
    @Test func theTeamPausesWhenItsHelpersDoNotGetTheirCores() {
        let ms: UInt64 = 1_000_000
        var b = Backoff()
        b.checkCores(since: 0, inJobs: 2 * ms, processor: 2 * ms, threads: 1, at: 2 * ms)  // a core all along
        b.checkCores(since: 2 * ms, inJobs: 2 * ms, processor: ms, threads: 1, at: 4 * ms)  // half a core: once
        #expect(b.pause == 0 && b.shouldShare(at: 4 * ms))
        b.checkCores(since: 4 * ms, inJobs: 2 * ms, processor: 1_600_000, threads: 1, at: 6 * ms)  // 0.8 of a core
        b.checkCores(since: 6 * ms, inJobs: 2 * ms, processor: ms, threads: 1, at: 8 * ms)  // short again, but not twice
        #expect(b.pause == 0)
        b.checkCores(since: 8 * ms, inJobs: ms, processor: 0, threads: 1, at: 10 * ms)  // half the stretch in jobs: no verdict
        #expect(b.pause == 0)
        b.checkCores(since: 10 * ms, inJobs: 2 * ms, processor: 2 * ms, threads: 3, at: 12 * ms)  // three helpers, 2/3 of a core
        #expect(b.pause == ms && !b.shouldShare(at: 13 * ms - 1) && b.shouldShare(at: 13 * ms))
        b.checkCores(since: 13 * ms, inJobs: 2 * ms, processor: ms / 2, threads: 1, at: 15 * ms)
        b.checkCores(since: 15 * ms, inJobs: 2 * ms, processor: ms / 2, threads: 1, at: 17 * ms)  // at once again: busy
        #expect(b.pause == 2 * ms && !b.shouldShare(at: 19 * ms - 1) && b.shouldShare(at: 19 * ms))
    }
}
