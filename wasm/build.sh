#!/usr/bin/env bash
# Builds web/tandem.wasm: the shared core compiled as Embedded Swift for wasm32, linked against
# Debian's wasi-libc (malloc, memcpy) and clang's wasm32 builtins, then shrunk by wasm-opt.
# The module imports nothing. Usage: wasm/build.sh [output]   (default web/tandem.wasm)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-web/tandem.wasm}
work=${TANDEM_WASM_WORK:-wasm/out}
mkdir -p "$work" "$(dirname "$out")"
SWIFTC=${SWIFTC:-swiftc}
TRIPLE=wasm32-unknown-none-wasm
BUILTINS=$(ls /usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a 2>/dev/null | head -1)
[ -n "$BUILTINS" ] || { echo "missing libclang-rt-*-dev-wasm32 (clang wasm32 builtins)" >&2; exit 1; }
[ -f /usr/lib/wasm32-wasi/libc.a ] || { echo "missing wasi-libc" >&2; exit 1; }

# Modules in dependency order (name:folder). TandemCore adapts the capabilities to documents.
modules=(Lua:Sources/Lua TransportStream:Sources/TransportStream TandemCore:Sources/TandemCore)
[ -n "${TANDEM_WASM_MODULES:-}" ] && read -r -a modules <<< "$TANDEM_WASM_MODULES"

flags=(-target $TRIPLE -enable-experimental-feature Embedded -wmo -parse-as-library -Osize
       -Xfrontend -disable-stack-protector -Xcc -fdeclspec -I "$work")
# Link-time optimization (on; TANDEM_WASM_LTO=0 turns it off): the objects are LLVM bitcode and
# wasm-ld optimizes the whole program at once, so a module's calls into another inline and
# code no export reaches goes (874,292 → 827,998 bytes at 5575ec5; 6–16% less CPU in Node).
# It was off from 5b5c408 to 5575ec5: then, sliced Lua runs (ParityTests) in the LTO module
# were charged other steps and memory peaks than native runs. At 5575ec5 that no longer
# reproduces — every one-shot document of the parity corpus (113) and every corpus script run
# in slices of 1, 7, 101, 997 and 5M steps are byte-identical with and without LTO — and the
# parity suites of `make test` run on this module, so a relapse fails them.
[ "${TANDEM_WASM_LTO:-1}" != 0 ] && flags+=(-lto=llvm-full)
objects=()
for m in "${modules[@]}" Exports:wasm; do
  name=${m%%:*}; dir=${m#*:}
  srcs=$(find "$dir" -name '*.swift' | sort)
  [ -n "$srcs" ] || continue
  if [ "$name" = Exports ]; then
    $SWIFTC "${flags[@]}" -module-name TandemWasm -c $srcs -o "$work/TandemWasm.o"
    objects+=("$work/TandemWasm.o")
  else
    $SWIFTC "${flags[@]}" -module-name "$name" -emit-module -emit-module-path "$work/$name.swiftmodule" -c $srcs -o "$work/$name.o"
    objects+=("$work/$name.o")
  fi
done

wasm-ld --no-entry --gc-sections --stack-first -z stack-size=1048576 \
  --export=_initialize \
  /usr/lib/wasm32-wasi/crt1-reactor.o "${objects[@]}" \
  -L/usr/lib/wasm32-wasi -lc "$BUILTINS" -o "$work/tandem.unopt.wasm"
# -ocimfs 200: Binaryen otherwise inlines every function that has one caller, whatever its size,
# undoing LLVM's choices and `@inline(never)`. That made the interpreter loop 31.6 kB, and V8's
# optimizing compiler took ~140 ms over it while the script ran in baseline code (wasm has no
# on-stack replacement); kept out of line, the loop is 22.9 kB and compiles in ~65 ms, for +0.05%
# module size (BENCHMARKS.md).
wasm-opt -Oz -ocimfs 200 --strip-debug --strip-producers --enable-bulk-memory --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int \
  "$work/tandem.unopt.wasm" -o "$out"
echo "$out: $(stat -c %s "$out") bytes"
