// Ziv's rounding test (Ziv 1991; the first step of every CORE-MATH function): a fast result
// v = hi + lo with a proven error bound is returned only when every value within that bound
// rounds to the same double; otherwise the caller recomputes exactly (MPFixed).

enum ZivRounding {
    /// The double nearest to v when all of v·(1 ± relativeError) round to it, else nil.
    /// v must be a normalized double-double whose rounding is normal (not subnormal).
    @inline(__always) static func round(_ v: DD, relativeError: Double) -> Double? {
        let error = v.hi.magnitude * relativeError
        let below = v.hi + (v.lo - error)
        let above = v.hi + (v.lo + error)
        return below == above ? below : nil
    }
}
