#!/usr/bin/env bash
# Runs the official Lua 5.4.4 test files ("testes") under `tandem run` and under `lua5.4`, with
# _port=true _soft=true as the issue prescribes, and prints one line per file: PASS, or FAIL with
# the first error. The files are not ours to commit: they are read from a local checkout of
# github.com/lua/lua at tag v5.4.4 (see README.md).
#
# Usage: Tests/Official/run.sh TESTES_DIR [FILE.lua...]
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
TANDEM=${TANDEM:-$root/.build/release/tandem}
# Without a built tandem, the driver (driver/LuaDriver.swift: Sources/Lua plus a lua5.4-like
# main, built by driver/build-driver.sh) runs the files; it offers standard input and the
# test folder's files as the host does.
DRIVER=${DRIVER:-$root/.build/luadriver}
if [ ! -x "$TANDEM" ] && [ ! -x "$DRIVER" ]; then "$root/Tests/Official/driver/build-driver.sh" >/dev/null; fi
dir=${1:?usage: run.sh TESTES_DIR [FILE.lua...]}
shift
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  # Every file of the 5.4.4 suite except all.lua (the driver of the others); each gets a line.
  files=(bitwise closure constructs cstack events goto literals math nextvar pm sort strings tpack
         utf8 vararg verybig calls coroutine errors locals attrib api big code db files gc gengc
         heavy main)
fi
cd "$dir"
pass=0; total=0
for f in "${files[@]}"; do
  f=${f%.lua}.lua
  total=$((total + 1))
  ref=$(timeout 300 lua5.4 -e "_port=true _soft=true" "$f" 2>&1 >/dev/null </dev/null | tail -1)
  # bitwise.lua requires the module bwcoercion.lua from its folder, locals.lua and cstack.lua
  # require tracegc.lua: the sandbox has no file system, so the host registers them (what
  # lua5.4 finds through package.path).
  modules=()
  for m in bwcoercion tracegc; do
    [ -f $m.lua ] && modules+=(--module $m=$m.lua)
  done
  if [ -x "$TANDEM" ]; then
    ours=$(timeout 300 "$TANDEM" run --steps 100000000000 --memory-bytes 2000000000 "${modules[@]}" \
             -e "_port=true _soft=true" "$f" 2>&1 >/dev/null </dev/null)
  else
    ours=$(timeout 300 "$DRIVER" -e "_port=true _soft=true" "$f" 2>&1 >/dev/null </dev/null)
  fi
  status=$?
  if [ $status -eq 0 ]; then
    pass=$((pass + 1)); printf "PASS %-16s\n" "$f"
  else
    printf "FAIL %-16s %s%s\n" "$f" "$(echo "$ours" | head -1 | cut -c1-150)" \
      "$([ -n "$ref" ] && echo "   (lua5.4 also: $(echo "$ref" | cut -c1-150))")"
  fi
done
echo "$pass of $total files pass"
