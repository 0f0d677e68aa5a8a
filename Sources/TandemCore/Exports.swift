// TandemCore is the one module hosts import: it re-exports the two capabilities whose types
// its API uses (LuaBudgets, StreamReport, …), so the server, the CLI and the wasm exports never
// reach below it and Package.swift can say exactly what each host depends on.

@_exported import Lua
@_exported import TransportStream
