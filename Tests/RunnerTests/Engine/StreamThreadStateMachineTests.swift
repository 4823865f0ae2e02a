import Testing

@testable import StreamrunEngine

/// The stream thread's lifecycle on its own, without a thread: each event's action and state.
@Suite struct StreamThreadStateMachineTests {
    typealias Machine = StreamThread.StateMachine
    struct Boom: Error {}

    @Test func itStartsOnceRunsAfterTheFirstPollAndAnnouncesReadinessOnce() {
        var machine = Machine()
        #expect(!machine.keepsLooping && !machine.isRunning)
        #expect(machine.start() == .startLoop)
        #expect(machine.start() == .none)
        #expect(machine.keepsLooping && !machine.isRunning)
        #expect(machine.polled(tasksReady: false) == .none)
        #expect(machine.isRunning)
        #expect(machine.polled(tasksReady: true) == .announceReady)
        #expect(machine.polled(tasksReady: true) == .none)
        #expect(machine.polled(tasksReady: false) == .none)
    }

    @Test func aFirstPollWithEveryTaskReadyAnnouncesAtOnce() {
        var machine = Machine()
        _ = machine.start()
        #expect(machine.polled(tasksReady: true) == .announceReady)
        #expect(machine.polled(tasksReady: true) == .none)
    }

    @Test func aStopWakesTheLoopOnceAndEndsItsTurns() {
        var machine = Machine()
        _ = machine.start()
        _ = machine.polled(tasksReady: true)
        #expect(machine.stopRequested() == .wakeUpLoop)
        #expect(!machine.keepsLooping && !machine.isRunning)
        #expect(machine.stopRequested() == .none)
        #expect(machine.polled(tasksReady: true) == .none)
        machine.loopEnded(failure: nil)
        #expect(machine.failure == nil && !machine.isRunning)
        #expect(machine.stopRequested() == .none)
        #expect(machine.start() == .none)
    }

    @Test func aStopBeforeTheStartEndsWithoutALoopAndTheStartThenDoesNothing() {
        var machine = Machine()
        #expect(machine.stopRequested() == .endWithoutLoop)
        #expect(machine.start() == .none)
        #expect(!machine.keepsLooping && machine.failure == nil)
    }

    @Test func aStopWhileStartingStillWakesTheLoop() {
        var machine = Machine()
        _ = machine.start()
        #expect(machine.stopRequested() == .wakeUpLoop)
        #expect(machine.polled(tasksReady: true) == .none)
        #expect(!machine.isRunning)
    }

    @Test func aFailureEndsTheLoopWithItsError() {
        var machine = Machine()
        _ = machine.start()
        _ = machine.polled(tasksReady: true)
        machine.loopEnded(failure: Boom())
        #expect(machine.failure is Boom)
        #expect(!machine.isRunning && !machine.keepsLooping)
        #expect(machine.stopRequested() == .none)
    }
}
