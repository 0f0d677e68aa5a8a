// The intern table (Value/StringObject.swift): open addressing with backward-shift removal.
// Strings with chosen hashes force long probe runs, runs that wrap around the end of the
// slot array, and removals from their middle; after each step every string still in the
// table must be found by probing from its home slot.
import Testing
@testable import Lua

@Suite struct StringTableTests {
    /// A bare string header (no bytes) with the given hash.
    static func string(hash: UInt32) -> UnsafeMutablePointer<StringObject> {
        let s = UnsafeMutablePointer<StringObject>.allocate(capacity: 1)
        s.initialize(to: StringObject(marked: false, isShort: true, hasHash: true, hash: hash, count: 0, id: 0))
        return s
    }

    /// Whether a probe from `str`'s home slot reaches it before an empty slot.
    static func findable(_ t: StringTable, _ str: UnsafeMutablePointer<StringObject>) -> Bool {
        var i = t.home(str.pointee.hash)
        while let s = t.slots[i].string {
            if s == str { return true }
            i = (i + 1) & (t.size - 1)
        }
        return false
    }

    @Test func collisionsWrapAroundAndRemovals() {
        var t = StringTable()
        var live: [UnsafeMutablePointer<StringObject>] = []
        var state: UInt32 = 12345
        for round in 0..<4000 {
            state = state &* 1_103_515_245 &+ 12345
            // Few distinct homes, many near the end of the array: long runs that wrap.
            let hash = UInt32(t.size - 3) &+ (state >> 16) % 7 &+ (round % 3 == 0 ? 0 : UInt32(t.size) * (state >> 28))
            if live.count > 20 && state % 3 == 0 {
                let victim = live.remove(at: Int(state >> 8) % live.count)
                t.remove(victim)
                #expect(!Self.findable(t, victim))
                victim.deallocate()
            } else {
                let s = Self.string(hash: hash)
                t.insert(s, hash: hash)
                live.append(s)
            }
            #expect(t.count == live.count)
            if round % 97 == 0 { for s in live { #expect(Self.findable(t, s)) } }
        }
        for s in live { #expect(Self.findable(t, s)) }
        #expect(2 * t.count <= t.size)
        for s in live { t.remove(s); s.deallocate() }
        #expect(t.count == 0)
        for i in 0..<t.size { #expect(t.slots[i].string == nil) }
        t.free()
    }
}
