// The ring that holds back PCR accuracy results (Clock/RingBuffer.swift; TR 101 290 2.4):
// every sequence of operations gives what the Array it replaced gave (append then
// removeFirst past the capacity, removeLast from the newest end, drain in order).

import TestSupport
import Testing
@testable import TransportStream

@Suite struct RingBufferTests {
    /// Random operations on a ring and on an Array model agree at every step, for capacities
    /// that wrap often and one that stays partly filled for long.
    @Test func matchesArrayModel() {
        for (capacity, seed) in [(1, 1), (2, 2), (3, 3), (7, 4), (16, 5), (256, 6)] as [(Int, UInt64)] {
            var rng = SplitMix(seed: seed)
            var ring = RingBuffer<Int>(capacity: capacity)
            var model: [Int] = []
            var next = 0
            for _ in 0..<5_000 {
                switch rng.below(10) {
                case 0..<6:
                    next += 1
                    model.append(next)
                    let expected = model.count > capacity ? model.removeFirst() : nil
                    #expect(ring.append(next) == expected)
                case 6, 7:
                    #expect(ring.popFirst() == (model.isEmpty ? nil : model.removeFirst()))
                case 8:
                    let bound = next - rng.below(4)
                    while let last = model.last, last >= bound { model.removeLast() }
                    ring.removeLast(while: { $0 >= bound })
                default:
                    if rng.below(20) == 0 { model.removeAll(); ring.removeAll() }
                }
                #expect(ring.count == model.count)
                #expect(ring.storageCapacity >= min(ring.count, capacity))
            }
            var drained: [Int] = []
            while let x = ring.popFirst() { drained.append(x) }
            #expect(drained == model)
            #expect(ring.isEmpty)
        }
    }
}
