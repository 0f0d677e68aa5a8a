// math.random and math.randomseed: xoshiro256** exactly as the reference's lmathlib.c of Lua
// 5.4.4, so `math.randomseed(n [, m])` followed by `math.random(...)` gives lua5.4's numbers.
//
// Where the reference reaches for ambient randomness, Tandem stays deterministic:
// - The state at library open is the one `math.randomseed(Int64(bitPattern: seed))` would
//   give, where `seed` is the run's seed (`LuaState.randomSeed`, from the run request);
//   the reference uses time(NULL) and the address of the Lua state.
// - `math.randomseed()` without arguments seeds with (run seed, k) for its k-th such call in
//   the run (k = 1, 2, …), i.e. like `math.randomseed(Int64(bitPattern: seed), k)`, and
//   returns those two numbers as the reference returns its two seeds.
//
// The state (four 64-bit words plus the count k) lives in a userdata shared as upvalue by
// the two functions, as the reference does.

enum MathRandom {
    /// Adds `random` and `randomseed` to the math table `math`.
    static func open(_ L: LuaState, _ math: LuaValue) throws(LuaError) {
        let state = try L.newUserdata(byteCount: 5 * 8)
        guard let generator = Generator(state) else { return }
        generator.seed(L.randomSeed, 0)
        try L.setFunction(math, "random", upvalues: [state], random)
        try L.setFunction(math, "randomseed", upvalues: [state], randomseed)
    }

    /// The generator state stored in the userdata (words 0–3: xoshiro256** state; word 4: the
    /// number of argument-less `randomseed` calls so far).
    struct Generator {
        let words: UnsafeMutableRawPointer

        /// The state inside `userdata`; nil if it is not such a userdata (`debug.setupvalue`
        /// can replace a native function's upvalue, where the reference would crash).
        init?(_ userdata: LuaValue) {
            guard userdata.tag == .userdata, userdata.userdataObject.pointee.byteCount >= 5 * 8 else { return nil }
            words = userdata.userdataObject.pointee.bytes
        }

        @inline(__always) func word(_ i: Int) -> UInt64 { words.load(fromByteOffset: i * 8, as: UInt64.self) }
        @inline(__always) func setWord(_ i: Int, _ v: UInt64) { words.storeBytes(of: v, toByteOffset: i * 8, as: UInt64.self) }

        /// The next 64 random bits (nextrand).
        @inline(__always)
        func next() -> UInt64 {
            let s0 = word(0), s1 = word(1)
            let s2 = word(2) ^ s0
            let s3 = word(3) ^ s1
            let result = rotateLeft(s1 &* 5, 7) &* 9
            setWord(0, s0 ^ s3)
            setWord(1, s1 ^ s2)
            setWord(2, s2 ^ (s1 << 17))
            setWord(3, rotateLeft(s3, 45))
            return result
        }

        /// Seeds the state from two numbers and discards 16 values (setseed).
        func seed(_ n1: UInt64, _ n2: UInt64) {
            setWord(0, n1)
            setWord(1, 0xFF)  // avoid a zero state
            setWord(2, n2)
            setWord(3, 0)
            for _ in 0..<16 { _ = next() }
        }

        /// Projects the random value `ran` into [0, n] uniformly: mask with the smallest
        /// 2^b - 1 not below n and retry while the result is above n (project).
        func project(_ ranIn: UInt64, _ n: UInt64) -> UInt64 {
            if n & (n &+ 1) == 0 { return ranIn & n }  // n + 1 is a power of 2
            var lim = n
            lim |= lim >> 1
            lim |= lim >> 2
            lim |= lim >> 4
            lim |= lim >> 8
            lim |= lim >> 16
            lim |= lim >> 32
            var ran = ranIn & lim
            while ran > n { ran = next() & lim }
            return ran
        }
    }

    @inline(__always)
    static func rotateLeft(_ x: UInt64, _ n: UInt64) -> UInt64 { (x << n) | (x >> (64 - n)) }

    /// A float in [0, 1) from the top 53 bits (I2d).
    @inline(__always)
    static func toFloat(_ x: UInt64) -> Double { Double(x >> 11) * 0x1p-53 }

    /// The generator of the running `random`/`randomseed`.
    static func state(_ L: LuaState) throws(LuaError) -> Generator {
        guard let generator = Generator(L.upvalue(1)) else { throw L.error("random number generator state is missing") }
        return generator
    }

    /// `math.random([m [, n]])`.
    static func random(_ L: LuaState) throws(LuaError) -> Int {
        let generator = try state(L)
        let rv = generator.next()
        let low: Int64, up: Int64
        switch L.argumentCount {
        case 0:
            try L.push(.float(toFloat(rv)))
            return 1
        case 1:
            low = 1
            up = try L.checkInteger(1)
            if up == 0 {  // math.random(0): all 64 bits
                try L.push(.integer(Int64(bitPattern: rv)))
                return 1
            }
        case 2:
            low = try L.checkInteger(1)
            up = try L.checkInteger(2)
        default:
            throw L.error("wrong number of arguments")
        }
        if low > up { throw L.argumentError(1, "interval is empty") }
        let p = generator.project(rv, UInt64(bitPattern: up) &- UInt64(bitPattern: low))
        try L.push(.integer(Int64(bitPattern: p &+ UInt64(bitPattern: low))))
        return 1
    }

    /// `math.randomseed([n [, m]])`: reseeds and returns the two seeds.
    static func randomseed(_ L: LuaState) throws(LuaError) -> Int {
        let generator = try state(L)
        let n1: Int64, n2: Int64
        if L.argumentCount == 0 {
            let count = generator.word(4) &+ 1
            generator.setWord(4, count)
            n1 = Int64(bitPattern: L.randomSeed)
            n2 = Int64(bitPattern: count)
        } else {
            n1 = try L.checkInteger(1)
            n2 = try L.optionalInteger(2, 0)
        }
        generator.seed(UInt64(bitPattern: n1), UInt64(bitPattern: n2))
        try L.push(.integer(n1))
        try L.push(.integer(n2))
        return 2
    }
}
