// Ziv's rounding test (Ziv 1991; the first step of every CORE-MATH function): a fast result
// v = hi + lo with a proven error bound is returned only when every value within that bound
// rounds to the same double; otherwise the caller recomputes exactly (MPFixed).

enum ZivRounding {
    /// The double nearest to v when all of v·(1 ± relativeError) round to it, else nil.
    /// v = hi + lo with |lo| small against |hi| (the error bound must include half an ulp of
    /// lo ± error), and its rounding normal (not subnormal).
    @inline(__always) static func round(_ v: DD, relativeError: Double) -> Double? {
        round(v, absoluteError: v.hi.magnitude * relativeError)
    }

    /// The double nearest to v when all of v ± absoluteError round to it, else nil.
    @inline(__always) static func round(_ v: DD, absoluteError error: Double) -> Double? {
        let below = v.hi + (v.lo - error)
        let above = v.hi + (v.lo + error)
        return below == above ? below : nil
    }
}
