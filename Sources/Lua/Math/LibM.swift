// LibM: the transcendental functions of Lua's math library, in Swift, so native and wasm give
// bit-identical results (glibc and wasi-libc do not). Only IEEE-exact operations are used
// (+ − × ÷, square root, integer arithmetic). Every function is correctly rounded (CORE-MATH's
// scheme: double-double fast path, Ziv's rounding test, exact MPFixed slow path; see README.md),
// checked bit for bit against mpmath in Tests/LuaTests/Math.

/// Portable, deterministic, correctly rounded transcendental functions.
public enum LibM {}
