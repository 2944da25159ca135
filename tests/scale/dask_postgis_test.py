#!/usr/bin/env python3
"""Scale-out through Dask distributed into one PostGIS database (GEOEVENT_TEST_PG):

  a scheduler and 4 workers, started here as separate processes;
  step 1: 4 tasks `geoevent extract CORPUS --shard k/4 --partial-out DIR`; worker 0 is
          killed (with the geoevent it is running) in the middle of its shard; Dask runs
          that shard again on a surviving worker;
  step 2: 4 tasks `geoevent extract --merge DIR --place-shard j/4 -o PG:... --append`;

then the table must equal the one a single `geoevent extract CORPUS -o PG:...` writes:
same rows, none lost, none duplicated. Exit 77 (skipped) without python3-distributed."""
import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

try:
    from dask.distributed import Client
except ImportError:
    print("python3-distributed is not installed (scripts/install-deps.sh --with-scale): skipped")
    sys.exit(77)


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def pg_params(target):
    """'PG:host=/x port=5439 dbname=d user=u' -> dict."""
    return dict(kv.split("=", 1) for kv in target[3:].split())


def psql(pg, sql):
    binary = sorted(d for d in os.listdir("/usr/lib/postgresql"))[-1]
    cmd = [f"/usr/lib/postgresql/{binary}/bin/psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", pg["host"],
           "-p", pg["port"], "-U", pg["user"], "-d", pg["dbname"], "-c", sql]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        fail(f"psql: {p.stderr}")
    return p.stdout


def run_shard(geoevent, args, marker):
    """Runs in a Dask worker: one geoevent process; returns who ran it and how it ended."""
    import socket
    import subprocess
    from dask.distributed import get_worker
    open(marker, "w").write(str(os.getpid()))
    p = subprocess.run([geoevent] + args, capture_output=True, text=True)
    if p.returncode != 0:
        # An exception, so that Dask retries the task (submit(retries=...)) and then reports it.
        raise RuntimeError(f"geoevent {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return {"worker": get_worker().name, "stderr": p.stderr, "host": socket.gethostname()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--geoevent", required=True)
    ap.add_argument("--corpus-tool", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--mb", type=float, default=24)
    args = ap.parse_args()
    target = os.environ.get("GEOEVENT_TEST_PG", "")
    if not target:
        fail("GEOEVENT_TEST_PG is not set (ctest sets it with the pg fixture)")
    pg = pg_params(target)
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    w = lambda *p: os.path.join(args.work, *p)
    corpus = w("corpus.jsonl")
    subprocess.run([sys.executable, args.corpus_tool, "--mb", str(args.mb), "-o", corpus], check=True)

    tag = f"{os.getpid()}_{random.randrange(1 << 30)}"
    single, dist = f"scale_single_{tag}", f"scale_dask_{tag}"
    for schema in (single, dist):
        psql(pg, f"CREATE SCHEMA {schema}")
    to = lambda schema: f"{target} active_schema={schema}"
    procs = []
    try:
        # The reference: one process, all articles.
        t0 = time.monotonic()
        p = subprocess.run([args.geoevent, "extract", corpus, "-o", to(single), "--threads", "2"],
                           capture_output=True, text=True)
        if p.returncode != 0:
            fail("single run: " + p.stderr)
        single_secs = time.monotonic() - t0
        print("single run:", p.stderr.strip().splitlines()[-1])
        single_events = int(re.search(r" (\d+) events, ", p.stderr).group(1))

        # The cluster: each process in its own session, so a kill takes its children too.
        sched_file = w("scheduler.json")
        py = sys.executable
        procs.append(subprocess.Popen([py, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                       "--port", "0", "--dashboard-address", ":0", "--scheduler-file", sched_file],
                                      stdout=open(w("scheduler.log"), "w"), stderr=subprocess.STDOUT,
                                      start_new_session=True))
        for deadline in range(300):
            if os.path.exists(sched_file):
                break
            time.sleep(0.1)
        workers = {}
        for k in range(4):
            workers[f"w{k}"] = subprocess.Popen(
                [py, "-m", "distributed.cli.dask_worker", "--scheduler-file", sched_file, "--name", f"w{k}",
                 "--nthreads", "1", "--no-nanny", "--dashboard-address", ":0", "--local-directory", w(f"w{k}")],
                stdout=open(w(f"w{k}.log"), "w"), stderr=subprocess.STDOUT, start_new_session=True)
            procs.append(workers[f"w{k}"])
        client = Client(scheduler_file=sched_file, timeout=60)
        client.wait_for_workers(4, timeout=120)
        addr = {info["name"]: a for a, info in client.scheduler_info()["workers"].items()}

        # Step 1: extraction shards, one per worker; worker w0 dies in the middle of its shard.
        parts = w("partial")
        t0 = time.monotonic()
        futures = []
        for k in range(4):
            cmd = ["extract", corpus, "--shard", f"{k}/4", "--partial-out", parts, "--threads", "1"]
            futures.append(client.submit(run_shard, args.geoevent, cmd, w(f"started-{k}"),
                                         workers=[addr[f"w{k}"]], allow_other_workers=True, pure=False))
        # Midway: shard 0's unpublished file has received events (its buffer was flushed).
        def victim_progress():
            for f in os.listdir(parts) if os.path.isdir(parts) else []:
                if f.startswith(".shard-0-of-4.events.tmp-"):
                    try:
                        return os.path.getsize(os.path.join(parts, f))
                    except FileNotFoundError:  # published meanwhile
                        return 0
            return 0
        for _ in range(12000):
            if victim_progress() > 32:  # more than the header
                break
            time.sleep(0.005)
        else:
            fail("shard 0 never started writing events")
        os.killpg(workers["w0"].pid, signal.SIGKILL)
        # Checked after the kill: a killed shard cannot publish any more.
        if os.path.exists(os.path.join(parts, "shard-0-of-4.events")):
            fail("shard 0 finished before the kill landed")
        print("killed worker w0 and its geoevent midway through shard 0/4")
        results = client.gather(futures)  # raises what a shard raised
        step1 = time.monotonic() - t0
        if results[0]["worker"] == "w0":
            fail("shard 0 reports the killed worker")
        print("shard 0 re-run by", results[0]["worker"])
        for k, r in enumerate(results):  # each shard's summary line: its own throughput
            print(f"shard {k}/4 on {r['worker']}: {r['stderr'].strip().splitlines()[-1]}")
        leftovers = [f for f in os.listdir(parts) if not f.startswith("shard-")]
        files = sorted(f for f in os.listdir(parts) if f.startswith("shard-"))
        if files != [f"shard-{k}-of-4.events" for k in range(4)]:
            fail(f"partial files: {files}")

        # Step 2: merge shards by place, all appending to one table. The first ones to
        # finish race to create the table; the losers fail and Dask's retry appends.
        t0 = time.monotonic()
        futures = [client.submit(run_shard, args.geoevent,
                                 ["extract", "--merge", parts, "--place-shard", f"{j}/4", "-o", to(dist), "--append",
                                  "--quiet"], w(f"merge-{j}"), pure=False, retries=3)
                   for j in range(4)]
        client.gather(futures)
        step2 = time.monotonic() - t0
        client.close()

        # The tables must be equal, row for row.
        cols = ("event_id, event_class, event_type, sub_event_type, event_date, time_precision, actor1, "
                "assoc_actor_1, inter1, actor2, inter2, location, geonameid, latitude, longitude, source_id, notes, "
                "confidence, lang")
        # One JSON object per row: notes hold newlines, which would split psql's rows.
        rows = lambda schema: psql(pg, f"SELECT row_to_json(t)::text FROM (SELECT {cols} FROM {schema}.events) t "
                                       "ORDER BY 1").splitlines()
        a, b = rows(single), rows(dist)
        dups = psql(pg, f"SELECT count(*) - count(DISTINCT event_id) FROM {dist}.events").strip()
        print(f"single run: {len(a)} events; Dask run: {len(b)} events, {dups} duplicated ids; "
              f"temporary files left by the killed shard: {leftovers}")
        if len(a) != single_events:
            fail(f"the single run reported {single_events} events but its table has {len(a)} rows")
        if len(a) < 1000:
            fail(f"only {len(a)} events in the single run: the corpus should give many")
        if dups != "0":
            fail(f"{dups} duplicated event ids")
        missing, extra = set(a) - set(b), set(b) - set(a)
        if missing or extra or len(a) != len(b):
            fail(f"{len(missing)} rows lost, {len(extra)} rows differ or are extra; e.g. "
                 f"{sorted(missing)[:1]} vs {sorted(extra)[:1]}")
        with open(w("throughput.json"), "w") as f:
            json.dump({"single_s": single_secs, "step1_s": step1, "step2_s": step2,
                       "corpus_mb": args.mb, "events": len(a)}, f)
        print(f"timings: single {single_secs:.1f} s; Dask step 1 {step1:.1f} s (with a kill and a re-run), "
              f"step 2 {step2:.1f} s")
        print("ok")
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for schema in (single, dist):
            try:
                psql(pg, f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            except SystemExit:
                pass


if __name__ == "__main__":
    main()
