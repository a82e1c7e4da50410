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

    /// Sharing that pays leaves the team sharing; a job where the caller waited longer than it worked keeps the next
    /// jobs on the caller for 1 ms, a late job starting within a pause of the last pause's end doubles it up to 512 ms, a late
    /// job after a quiet spell starts again from 1 ms.
    @Test func theTeamBacksOffWhenAHelperKeepsTheCallerWaiting() {
        let ms: UInt64 = 1_000_000
        var b = Backoff()
        #expect(b.shouldShare(at: 0))
        b.record(worked: 10_000, waited: 9_000, at: 50_000)  // the helper finished a little after the caller: fine
        #expect(b.shouldShare(at: 50_001) && b.pause == 0)
        b.record(worked: 10_000, waited: 30_000, at: 100_000)  // a helper was late: alone would have been faster
        #expect(!b.shouldShare(at: 100_000) && !b.shouldShare(at: 100_000 + ms - 1) && b.shouldShare(at: 100_000 + ms))
        b.record(worked: 10_000, waited: 30_000, at: 2 * ms)  // late again at once: a busy machine
        #expect(b.pause == 2 * ms && !b.shouldShare(at: 4 * ms - 1) && b.shouldShare(at: 4 * ms))
        var now = 4 * ms  // every try is late
        for _ in 0..<12 {
            b.record(worked: 1, waited: 2, at: now)
            now += b.pause
        }
        #expect(b.pause == Backoff.longestPause)
        b.record(worked: 10, waited: 0, at: now)  // a good job changes nothing
        #expect(b.pause == Backoff.longestPause && b.shouldShare(at: now))
        b.record(worked: 1, waited: 2, at: now + 1_000 * ms)  // late again after a quiet second
        #expect(b.pause == ms)
        var idle = Backoff()  // awake helpers that took no part: the caller did it all, and they took its time
        idle.record(worked: 10, waited: 0, helpersIdle: true, at: 5 * ms)
        #expect(idle.pause == ms && !idle.shouldShare(at: 6 * ms - 1))
        idle.record(worked: 10, waited: 0, helpersIdle: true, at: 50 * ms)  // long after: still a first pause
        #expect(idle.pause == ms)
    }
}
