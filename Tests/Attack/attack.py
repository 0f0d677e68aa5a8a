#!/usr/bin/env python3
"""The attack suite (issue 12): hostile requests against a real `tandem serve` on loopback.

Every class of attack the server must survive, bounded in count and time. For each it checks:
the server stays up (/healthz answers), every request gets a 2xx, 4xx or 503 answer whose body
is JSON (a document or {"error":{...}}), requests in flight beside the attack are unaffected,
and the memory of the server plus its workers stays bounded (sampled from /proc all along).

    Tests/Attack/attack.py --binary .build/debug/tandem [--port N]

Standard library only; exit status 1 when any check fails. Figures go to stdout.
"""
import argparse, http.client, json, os, signal, socket, subprocess, sys, threading, time

WORKER_MEMORY = 1536 << 20   # address-space limit of each worker (--worker-memory)
RSS_LIMIT_MB = 2 * 1536 + 512   # two workers at their limit plus the server, sampled every 50 ms
ANSWER_SECONDS = 45          # any single answer (the debug build; the job deadline is 30 s)
JSON = {"Content-Type": "application/json"}
BYTES = {"Content-Type": "application/octet-stream"}

failures = []
peak_rss_mb = 0


def check(condition, what):
    print(("  ok    " if condition else "  FAIL  ") + what, flush=True)
    if not condition:
        failures.append(what)


def request(port, method, path, body=None, headers=None, timeout=ANSWER_SECONDS):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.monotonic()
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data, time.monotonic() - started


def lua(port, source, budgets=None, timeout=ANSWER_SECONDS):
    body = {"source": source}
    if budgets:
        body["budgets"] = budgets
    return request(port, "POST", "/api/lua/run", json.dumps(body).encode(), JSON, timeout)


def is_json_answer(status, data):
    if not (200 <= status < 300 or 400 <= status < 500 or status == 503):
        return False
    try:
        value = json.loads(data)
    except ValueError:
        return False
    return isinstance(value, dict) and ("kind" in value or "error" in value)


def tree_rss_mb(root_pid):
    """RSS of a process and all its descendants, in MiB (from /proc)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except OSError:
                pass
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def sample_memory(pid, stop):
    global peak_rss_mb
    while not stop.is_set():
        peak_rss_mb = max(peak_rss_mb, tree_rss_mb(pid))
        time.sleep(0.05)


def worker_pids(server_pid):
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    args = f.read().split(b"\0")
            except OSError:
                continue
            if ppid == server_pid and b"worker" in args:
                pids.append(int(entry))
    return pids


def running_jobs(port):
    _, data, _ = request(port, "GET", "/readyz")
    return json.loads(data)["running"]


def wait_until(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def attack_huge_values(port):
    print("huge returns and huge errors (the output budget bounds the whole document)")
    cases = {
        "40 references to a 32 MiB string": "local s=string.rep('x',2^25) local t={} for i=1,40 do t[i]=s end return table.unpack(t)",
        "4000 references to a 32 MiB string": "local s=string.rep('x',2^25) local t={} for i=1,4000 do t[i]=s end return table.unpack(t)",
        "a 60 MiB error value": "error(string.rep('\\1',60*2^20),0)",
        "a 60 MiB error message with traceback": "error(string.rep('e',60*2^20))",
    }
    for name, source in cases.items():
        status, data, seconds = lua(port, source)
        ok = is_json_answer(status, data) and len(data) <= (4 << 20) + (64 << 10)
        check(ok, f"{name}: HTTP {status}, {len(data)} bytes in {seconds:.1f} s")


def attack_cpu_and_memory(port):
    print("reader floods, long-string CPU burners, deep nesting, pattern bombs (budgets bound real cost)")
    cases = {
        "load reader returning 32 MiB pieces": "local s=string.rep('x',2^25) return load(function() return s end)",
        "2000 comparisons of 16 MiB strings": "local a=string.rep('a',2^24)..'x' local b=string.rep('a',2^24)..'y' local n=0 for i=1,2000 do if a<b then n=n+1 end end return n",
        "concatenation of long strings": "local s=string.rep('c',2^22) local t='' for i=1,200 do t=s..s end return #t",
        "string.sub copies": "local s=string.rep('s',2^24) local n=0 for i=1,2000 do n=n+#s:sub(2) end return n",
        "table.concat with a long separator": "local sep=string.rep(',',2^20) local t={} for i=1,2000 do t[i]='' end return #table.concat(t,sep)",
        "compiling a large chunk": "return load(string.rep('local a = 1 ', 2^21))",
        "deep nesting in the compiler": "return load('return '..string.rep('(',100000)..'1'..string.rep(')',100000))",
        "deep recursion": "local function f(n) return f(n+1)+1 end return f(1)",
        "pattern bomb": "return string.find(string.rep('a',2^20),'.-.-.-.-.-.-b')",
        "gsub with long replacements": "local s=string.rep('a',2^16) return #s:gsub('a',string.rep('b',2^10))",
        "memory growth": "local t={} for i=1,1e8 do t[i]=string.rep('m',1000)..i end",
    }
    for name, source in cases.items():
        status, data, seconds = lua(port, source)
        check(is_json_answer(status, data), f"{name}: HTTP {status} in {seconds:.1f} s, {data[:90]!r}")


def attack_bodies(port):
    print("oversized, malformed and mislabelled bodies")
    status, data, _ = request(port, "POST", "/api/lua/run", b"{" + b" " * (17 << 20) + b"}", JSON)
    check(status == 413 and is_json_answer(status, data), f"17 MiB JSON body: HTTP {status}")
    for body in [b"", b"{", b"[]", b'{"source":', b"\xff\xfe", b'{"source":"x","budgets":{"steps":1e300}}']:
        status, data, _ = request(port, "POST", "/api/lua/run", body, JSON)
        check(status == 400 and json.loads(data)["error"]["code"] == "invalid_request", f"malformed {body[:20]!r}: HTTP {status}")
    status, data, _ = request(port, "POST", "/api/lua/run", b'{"source":"return 1"}', {"Content-Type": "text/plain"})
    check(status == 415, f"text/plain to a Lua endpoint: HTTP {status}")
    status, data, _ = request(port, "POST", "/api/lua/run", b'{"source":"return 1"}', {**JSON, "Origin": "https://evil.example"})
    check(status == 403, f"another site's origin: HTTP {status}")
    huge_header = {**JSON, "X-Big": "h" * (100 << 10)}
    try:
        status, _, _ = request(port, "POST", "/api/lua/run", b'{"source":"return 1"}', huge_header)
        check(status in (400, 431), f"a 100 KiB header: HTTP {status}")
    except (ConnectionError, http.client.HTTPException) as error:
        check(True, f"a 100 KiB header: connection refused ({type(error).__name__})")


def attack_slow_clients(port, idle_timeout):
    print("slow bodies and idle connections (slowloris)")
    sockets = []
    for _ in range(50):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /api/lua/run HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
        sockets.append(s)
    status, data, seconds = lua(port, "return 'served beside 50 slow clients'")
    check(status == 200 and seconds < 10, f"a request beside 50 slow bodies: HTTP {status} in {seconds:.1f} s")
    time.sleep(idle_timeout + 2)
    closed = sum(1 for s in sockets if connection_ended(s))
    check(closed == len(sockets), f"slow bodies ended (408 body_timeout, connection closed): {closed}/{len(sockets)}")


def attack_trickled_uploads(port, idle_timeout):
    print("stream uploads that trickle (fast enough for the idle timeout, too slow to keep a worker)")
    sockets = []
    for _ in range(4):  # more than the workers: the queue holds the rest until a worker is free
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /api/stream/validate HTTP/1.1\r\nHost: x\r\nContent-Type: video/mp2t\r\n"
                  b"Content-Length: 100000000\r\n\r\n")
        sockets.append(s)
    started = time.monotonic()
    answers = [b""] * len(sockets)
    # Two rounds of the pace check (the queued pair starts when the first pair is cut off),
    # with room for a loaded machine.
    while time.monotonic() - started < 2 * (idle_timeout + 4) and not all(answers):
        for i, s in enumerate(sockets):
            if answers[i]:
                continue
            try:
                s.sendall(b"G" * 188)  # 188 bytes a second, well under the minimum pace
                s.settimeout(0.01)
                first = s.recv(4096)
                answers[i] = rest_of_answer(s, first) if first else b"(closed)"
            except socket.timeout:
                pass
            except OSError:
                answers[i] = b"(closed)"
        time.sleep(1)
    slow = sum(1 for a in answers if b" 408 " in a[:20] and b"body_too_slow" in a)
    check(slow == len(sockets), f"trickling uploads cut off with 408 body_too_slow: {slow}/{len(sockets)} "
                                f"(those beyond the workers waited in the queue, never holding one)")
    for s in sockets:
        s.close()
    status, data, seconds = lua(port, "return 'served after the trickles'")
    check(status == 200 and seconds < 5, f"a request after the trickling uploads: HTTP {status} in {seconds:.1f} s")


def rest_of_answer(s, answer):
    """`answer` completed up to its Content-Length: the server may write an answer's head and
    body in separate segments."""
    deadline = time.monotonic() + 2
    s.settimeout(0.1)
    while time.monotonic() < deadline:
        head, _, body = answer.partition(b"\r\n\r\n")
        length = [int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
        if _ and length and len(body) >= length[0]:
            break
        try:
            piece = s.recv(65536)
        except socket.timeout:
            continue
        except OSError:
            break
        if not piece:
            break
        answer += piece
    return answer


def connection_ended(s):
    """True when the server closed the connection (after an answer, if it sent one)."""
    s.settimeout(1)
    try:
        while s.recv(65536):
            pass
        return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False
    finally:
        s.close()


def worker_failures(port):
    """tandem_worker_failures_total from /metrics."""
    _, data, _ = request(port, "GET", "/metrics")
    for line in data.decode().splitlines():
        if line.startswith("tandem_worker_failures_total"):
            return float(line.split()[-1])
    return 0.0


def attack_disconnects(port):
    print("long runs and uploads whose clients hang up")
    failures_before = worker_failures(port)
    for _ in range(2):  # a stream upload cut off mid-body: the client's doing, not a worker failure
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /api/stream/validate HTTP/1.1\r\nHost: x\r\nContent-Type: video/mp2t\r\n"
                  b"Content-Length: 100000000\r\n\r\n" + b"G" * 188 * 100)
        time.sleep(0.3)
        s.close()
    for _ in range(6):
        s = socket.create_connection(("127.0.0.1", port))
        body = json.dumps({"source": "while true do end", "budgets": {"steps": 1000000000}}).encode()
        s.sendall(b"POST /api/lua/run HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        time.sleep(0.2)
        s.close()
    started = time.monotonic()
    idle = wait_until(lambda: running_jobs(port) == 0, 10)
    check(idle, f"every worker freed {time.monotonic() - started:.1f} s after the clients hung up")
    failed = worker_failures(port) - failures_before
    check(failed == 0, f"hang-ups counted as worker failures: {failed:.0f}")
    status, _, seconds = request(port, "GET", "/")
    check(status == 200, f"GET / afterwards: HTTP {status} in {seconds * 1000:.0f} ms")


def attack_flood(port, queue):
    print(f"a flood of long runs (queue of {queue})")
    results = []
    def one():
        try:
            status, data, seconds = lua(port, "local n=0 for i=1,5e6 do n=n+i end return n")
            results.append((status, data, seconds))
        except Exception as error:  # a connection error is an answer we did not get
            results.append((0, repr(error).encode(), 0))
    threads = [threading.Thread(target=one) for _ in range(40)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    status, _, static_seconds = request(port, "GET", "/")
    health, _, health_seconds = request(port, "GET", "/healthz")
    for t in threads:
        t.join()
    statuses = sorted({r[0] for r in results})
    refused = [r for r in results if r[0] == 503]
    check(all(is_json_answer(r[0], r[1]) for r in results), f"40 long runs: statuses {statuses}, {len(refused)} refused with 503")
    check(all(json.loads(r[1])["error"]["code"] == "queue_full" and r[2] < 2 for r in refused), "refusals are queue_full and immediate")
    check(status == 200 and static_seconds < 1, f"GET / while every worker is busy: {static_seconds * 1000:.0f} ms")
    check(health == 200 and health_seconds < 1, f"GET /healthz while every worker is busy: {health_seconds * 1000:.0f} ms")


def attack_killed_worker(port, server_pid):
    print("a worker killed with SIGKILL mid-job")
    result = {}
    def victim():
        result["victim"] = lua(port, "while true do end", {"steps": 1000000000})
    thread = threading.Thread(target=victim)
    thread.start()
    check(wait_until(lambda: running_jobs(port) == 1, 10), "the victim's job started")
    time.sleep(1)  # the job is in its worker, burning CPU
    busy = max(worker_pids(server_pid), key=cpu_seconds)
    os.kill(busy, signal.SIGKILL)
    status, data, _ = lua(port, "return 'a bystander'")
    thread.join()
    vstatus, vdata, _ = result["victim"]
    check(vstatus == 503 and json.loads(vdata)["error"]["code"] == "worker_failed", f"the victim's request: HTTP {vstatus}")
    check(status == 200, f"a request after the kill: HTTP {status}")


def cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/debug/tandem")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args()
    if args.port == 0:
        with socket.socket() as probe:  # a free loopback port, so no other server can answer for ours
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]
    idle, queue = 5, 8
    server = subprocess.Popen([args.binary, "serve", "--port", str(args.port), "--workers", "2", "--queue", str(queue),
                               "--job-timeout", "30", "--idle-timeout", str(idle), "--drain", "2", "--log-level", "warning",
                               "--worker-memory", str(WORKER_MEMORY)])
    stop = threading.Event()
    sampler = threading.Thread(target=sample_memory, args=(server.pid, stop), daemon=True)
    try:
        if not wait_until(lambda: server.poll() is None and _healthy(args.port), 30) or server.poll() is not None:
            print("the server did not start")
            return 1
        sampler.start()
        started = time.monotonic()
        for attack in [lambda: attack_huge_values(args.port), lambda: attack_cpu_and_memory(args.port),
                       lambda: attack_bodies(args.port), lambda: attack_slow_clients(args.port, idle),
                       lambda: attack_trickled_uploads(args.port, idle),
                       lambda: attack_disconnects(args.port), lambda: attack_flood(args.port, queue),
                       lambda: attack_killed_worker(args.port, server.pid)]:
            attack()
            check(server.poll() is None and _healthy(args.port), "the server is up and healthy")
        stop.set()
        check(peak_rss_mb < RSS_LIMIT_MB, f"peak memory of server + workers: {peak_rss_mb:.0f} MiB (limit {RSS_LIMIT_MB})")
        print(f"{len(failures)} failures; suite took {time.monotonic() - started:.0f} s")
    finally:
        stop.set()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            failures.append("the server did not stop within 15 s of SIGTERM")
    return 1 if failures else 0


def _healthy(port):
    try:
        return request(port, "GET", "/healthz", timeout=5)[0] == 200
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main())
