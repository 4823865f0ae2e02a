import Testing

@testable import StreamrunKafka

/// How a Kafka consumer takes its partitions, on its own: each call's librdkafka steps and state.
@Suite struct KafkaConsumerStateMachineTests {
    typealias Machine = KafkaConsumer.StateMachine

    @Test func aSubscriptionAfterAManualAssignmentLeavesTheAssignmentFirst() {
        var machine = Machine()
        #expect(machine.assign() == .assign)
        #expect(machine.assign() == .assign)
        #expect(machine.subscribe() == .leaveAssignmentAndSubscribe)
        #expect(machine.state == .subscribed)
        #expect(machine.subscribe() == .subscribe)
    }

    @Test func aManualAssignmentOfAGroupMemberUnsubscribesFirst() {
        var machine = Machine()
        #expect(machine.subscribe() == .subscribe)
        #expect(machine.assign() == .unsubscribeAndAssign)
        #expect(machine.state == .assigned)
    }

    @Test func aClosedConsumerClosesOnceAndRefusesEverythingAfter() {
        var machine = Machine()
        _ = machine.subscribe()
        #expect(machine.close() == .closeConsumer)
        #expect(machine.isClosed)
        #expect(machine.close() == .none)
        #expect(machine.subscribe() == .refuseClosed)
        #expect(machine.assign() == .refuseClosed)
        #expect(machine.state == .closed)
    }
}
