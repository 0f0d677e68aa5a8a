// LibM: the transcendental functions of Lua's math library, in Swift, so native and wasm give
// bit-identical results (glibc and wasi-libc do not). Only IEEE-exact operations are used
// (+ − × ÷ and square root); intermediate results are double-doubles (DoubleDouble.swift),
// so each function's error is essentially its final rounding — within 1 ulp of the correctly
// rounded result, checked against mpmath in Tests/LuaTests/Math.

/// Portable, deterministic transcendental functions.
public enum LibM {}
