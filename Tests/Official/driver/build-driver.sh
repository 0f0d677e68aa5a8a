#!/usr/bin/env bash
# Builds .build/luadriver: Sources/Lua and LuaDriver.swift compiled as one optimized module
# (see LuaDriver.swift). Used by ../run.sh when TANDEM is not given and tandem is not built.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
mkdir -p "$root/.build"
swiftc -O -wmo -parse-as-library -module-name Lua -o "$root/.build/luadriver" \
  $(find "$root/Sources/Lua" -name '*.swift') "$root/Tests/Official/driver/LuaDriver.swift"
echo "$root/.build/luadriver"
