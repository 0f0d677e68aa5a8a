# Tandem — every command a user types. `make serve` and `make test` work on a fresh Debian
# machine (as root): they install what is missing first, idempotently.

SWIFT       ?= swift
HOST        ?= 0.0.0.0
PORT        ?= 8080
APT_PACKAGES = bc python3-mpmath wasi-libc libclang-rt-16-dev-wasm32 binaryen wabt lua5.4 ffmpeg chromium nodejs postgresql brotli wrk time curl
VENV        := .venv
PYTHON      := $(VENV)/bin/python
RELEASE_BIN := .build/release/tandem
DEBUG_BIN   := .build/debug/tandem
# The corpora `tandem parity` runs besides its built-in cases: the differential scripts, the
# parity sweeps and the generated recordings (make streams).
PARITY_FOLDERS := Tests/LuaTests/Scripts Tests/LuaTests/LibraryScripts Tests/ParityTests/Sweeps Tests/Fixtures/generated/streams

.PHONY: all setup apt python wasm precompress streams build release serve test test-swift test-parity test-node test-browser bench bench-cpu bench-libm bench-worst bench-load fuzz clean test-attack test-ledger test-shell test-generated

all: wasm build

## setup: install missing Debian and PyPI packages (idempotent; needs root or sudo for apt)
setup: apt python

apt:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

## python: the venv for the browser tests (playwright) and the receipt tests (cryptography: an
## independent Ed25519); cryptography is checked on every run so older venvs get it too
python: $(VENV)/.ready
	@$(PYTHON) -c 'import cryptography' 2>/dev/null || $(VENV)/bin/pip install -q cryptography==48.0.0
$(VENV)/.ready:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q playwright==1.65.2
	touch $@

## wasm: build web/tandem.wasm (Embedded Swift → wasm32, wasm-opt -Oz); prints its size
wasm: apt
	wasm/build.sh web/tandem.wasm
	@$(MAKE) --no-print-directory precompress

## precompress: Brotli and gzip copies of the page's files (name.br, name.gz) that the server
## answers with Content-Encoding (Sources/TandemServer/HTTP/PrecompressedFiles.swift)
PAGE_FILES = $(wildcard web/*.html web/*.js web/*.css web/*.svg web/*.webmanifest web/tandem.wasm)
precompress: apt $(PAGE_FILES:=.br) $(PAGE_FILES:=.gz)
	@echo "page files precompressed (br, gzip); tandem.wasm: $$(stat -c %s web/tandem.wasm) bytes, br $$(stat -c %s web/tandem.wasm.br), gzip $$(stat -c %s web/tandem.wasm.gz)"
web/%.br: web/%
	@brotli -f -k -q 11 $<
web/%.gz: web/%
	@gzip -f -k -n -9 $<

## streams: small ffmpeg recordings for the parity and browser tests (Tests/Fixtures/generated)
streams: apt
	Tests/Fixtures/make-streams.sh

## build: debug build of the server and CLI
build:
	$(SWIFT) build --product tandem

## release: the optimized binary, with the Swift runtime and Foundation linked in statically, and
## no libcurl (the CLI's one HTTP GET uses AsyncHTTPClient, not FoundationNetworking): a process
## starts in ~5.5 ms of CPU instead of ~27 (the dynamic loader's symbol lookups over ~35 shared
## libraries), which every `tandem run` and every worker the server spawns pays (BENCHMARKS.md).
## --no-export-dynamic undoes the -export-dynamic of the toolchain's static-stdlib-args.lnk: it
## exported the packages' own ~50,000 symbols, which nothing looks up by name, but which the
## runtime's dladdr at every start (backtracer set-up) walked one by one (~1.3 ms).
release: apt
	$(SWIFT) build -c release --static-swift-stdlib -Xlinker --no-export-dynamic --product tandem

## serve: set up, build and serve the app on http://localhost:$(PORT)
serve: setup wasm release
	$(RELEASE_BIN) serve --host $(HOST) --port $(PORT) --web web

## test: every test — Swift unit/differential/parity tests, CLI parity, Node and browser tests
test: setup wasm streams test-swift test-ledger test-parity test-shell test-generated test-node test-browser test-attack

## test-swift: the Swift tests; ParityTests run on their own afterwards, because their long
## synchronous WasmKit runs hold Swift's cooperative threads (one per core) and starved the
## in-process servers of ServerTests running beside them into read timeouts on 2 cores
test-swift:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip LedgerTests --skip ParityTests
	$(SWIFT) test --skip-build --filter ParityTests

## test-ledger: receipts, identity and the ledger against SQLite and a throwaway PostgreSQL cluster
## (Tests/Support/postgres.sh); nothing may be missing here, so a missing server fails, not skips
test-ledger: apt python
	$(SWIFT) build --build-tests
	TANDEM_TEST_REQUIRE=1 TANDEM_TEST_PYTHON=$(PYTHON) Tests/Support/postgres.sh $(SWIFT) test --skip-build --filter LedgerTests

## test-attack: hostile requests against a real server on loopback (Tests/Attack/attack.py)
test-attack:
	$(SWIFT) build --product tandem
	python3 Tests/Attack/attack.py --binary $(DEBUG_BIN)

## test-parity: the corpus natively and in the wasm module (WasmKit); also exports it for test-node
test-parity:
	$(SWIFT) build --product tandem
	$(DEBUG_BIN) parity --wasm web/tandem.wasm --export-corpus .build/parity-corpus $(PARITY_FOLDERS)

test-node:
	node Tests/web/worker-parity.mjs .build/parity-corpus

## test-shell: `tandem run` against lua5.4 at the shell, case by case (Tests/Shell/shell_differential.py)
test-shell: apt
	$(SWIFT) build --product tandem
	python3 Tests/Shell/shell_differential.py --binary $(DEBUG_BIN)

## test-generated: generated Lua programs, `tandem run` against lua5.4 (Tests/Differential/generated_programs.py);
## a fixed seed, 500 programs (about 30 s on 2 cores); --seed/--count run others
test-generated: apt
	$(SWIFT) build --product tandem
	python3 Tests/Differential/generated_programs.py --binary $(DEBUG_BIN) --seed 1 --count 500

test-browser: python precompress
	$(PYTHON) Tests/web/browser_test.py --binary $(DEBUG_BIN)

## bench: benchmarks against the reference tools, measured in the same run
bench: setup wasm release
	bench/run.sh
	bench/load.sh
	bench/libm/run.sh

## bench-cpu: the Lua programs by CPU time (lua5.4, native, wasm in Node), for a shared machine
bench-cpu: setup wasm release
	bench/cpu.sh

## bench-libm: LibM against glibc: time per call (bench/libm/run.sh) and instructions per call (callgrind)
bench-libm:
	bench/libm/run.sh
	bench/libm/callgrind.sh

## bench-load: wrk against /api/lua/verify, worker pool vs in-process, and a saturating load
bench-load: setup release
	bench/load.sh

## bench-worst: worst-case scripts under the default budgets (wall time, max RSS; RELIABILITY.md)
bench-worst: release
	bench/worst-case.sh

## fuzz: libFuzzer harnesses over the shared core (FUZZ_SECONDS per harness, default 60)
FUZZ_SECONDS ?= 60
fuzz: apt
	Tests/Fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build wasm/out web/tandem.wasm web/*.br web/*.gz $(VENV)
