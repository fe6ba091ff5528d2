"""CPython peer of the temp-fixtures benchmark (stdlib only).

The Node harness starts this once per run and sends one JSON request per
round on stdin; each request times every variant of one operation, including
the raw `os` floor, in this same process, interleaved (ABAB...), with
time.perf_counter_ns. Each reply line is JSON: nanoseconds per operation for
every sample of every variant, so the harness can divide each CPython variant
by the CPython floor of the same round and also show it next to the Node floor.
"""

import io
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time

ns = time.perf_counter_ns
TMP = tempfile.gettempdir()
CHUNK = b"x" * 100
PAGE = b"x" * 4096
FILE_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL
ANON_FLAGS = FILE_FLAGS | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
FILES_PER_DIR = 100


def rand_path():
    """A fresh name in the temp dir, like the Node floor's: prefix + random hex."""
    return os.path.join(TMP, "tmp" + os.urandom(6).hex())


# --- empty dir create + remove -------------------------------------------------


def dir_floor(ops, _size):
    start = ns()
    for _ in range(ops):
        p = rand_path()
        os.mkdir(p, 0o700)
        os.rmdir(p)
    return ns() - start


def dir_temporary_directory(ops, _size):
    start = ns()
    for _ in range(ops):
        d = tempfile.TemporaryDirectory()
        d.cleanup()
    return ns() - start


# --- file create + close + unlink ----------------------------------------------


def file_floor(ops, _size):
    start = ns()
    for _ in range(ops):
        p = rand_path()
        fd = os.open(p, FILE_FLAGS, 0o600)
        os.close(fd)
        os.unlink(p)
    return ns() - start


def file_mkstemp(ops, _size):
    start = ns()
    for _ in range(ops):
        fd, p = tempfile.mkstemp()
        os.close(fd)
        os.unlink(p)
    return ns() - start


def file_named(ops, _size):
    start = ns()
    for _ in range(ops):
        f = tempfile.NamedTemporaryFile()
        f.close()
    return ns() - start


# --- tree removal ----------------------------------------------------------------


def build_tree(files):
    """`files` empty files, 100 per folder, in a fresh dir; returns the dir.

    As in the Node harness, the first file of each folder is created and the
    others are hard links to it (allocating inodes is slow on the benchmark
    machine; removing a link costs what removing a file does).
    """
    root = tempfile.mkdtemp()
    for d in range(max(1, -(-files // FILES_PER_DIR))):
        sub = os.path.join(root, "d%d" % d)
        os.mkdir(sub)
        first = os.path.join(sub, "f0")
        os.close(os.open(first, FILE_FLAGS, 0o600))
        for f in range(1, min(FILES_PER_DIR, files - d * FILES_PER_DIR)):
            os.link(first, os.path.join(sub, "f%d" % f))
    return root


def walk_remove(path):
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                walk_remove(entry.path)
            else:
                os.unlink(entry.path)
    os.rmdir(path)


def timed_tree_removal(remove):
    def run(ops, size):
        total = 0
        for _ in range(ops):
            root = build_tree(size)
            start = ns()
            remove(root)
            total += ns() - start
            if os.path.exists(root):
                raise RuntimeError("tree not removed: " + root)
        return total

    return run


# --- spooled writes --------------------------------------------------------------


def spool_floor(ops, _size):
    start = ns()
    chunks = []
    for _ in range(ops):
        chunks.append(CHUNK)
    data = b"".join(chunks)
    elapsed = ns() - start
    assert len(data) == ops * len(CHUNK)
    return elapsed


def spool_spooled(ops, _size):
    start = ns()
    f = tempfile.SpooledTemporaryFile(max_size=ops * len(CHUNK) + 1)
    for _ in range(ops):
        f.write(CHUNK)
    f.seek(0)
    data = f.read()
    f.close()
    elapsed = ns() - start
    assert len(data) == ops * len(CHUNK)
    return elapsed


def spool_bytesio(ops, _size):
    start = ns()
    b = io.BytesIO()
    for _ in range(ops):
        b.write(CHUNK)
    b.seek(0)
    data = b.read()
    elapsed = ns() - start
    assert len(data) == ops * len(CHUNK)
    return elapsed


# --- anonymous file + 4 KiB ------------------------------------------------------


def anon_floor(ops, _size):
    start = ns()
    for _ in range(ops):
        p = rand_path()
        fd = os.open(p, ANON_FLAGS, 0o600)
        os.unlink(p)
        os.write(fd, PAGE)
        os.close(fd)
    return ns() - start


def anon_temporary_file(ops, _size):
    start = ns()
    for _ in range(ops):
        f = tempfile.TemporaryFile()
        f.write(PAGE)
        f.close()
    return ns() - start


OPERATIONS = {
    "dir": {"floor": dir_floor, "TemporaryDirectory": dir_temporary_directory},
    "file": {"floor": file_floor, "mkstemp": file_mkstemp, "NamedTemporaryFile": file_named},
    "tree": {
        "floor": timed_tree_removal(walk_remove),
        "shutil.rmtree": timed_tree_removal(shutil.rmtree),
    },
    "spool": {
        "floor": spool_floor,
        "SpooledTemporaryFile": spool_spooled,
        "BytesIO": spool_bytesio,
    },
    "anon": {"floor": anon_floor, "TemporaryFile": anon_temporary_file},
}


def run_round(request):
    variants = OPERATIONS[request["op"]]
    ops = int(request["ops"])
    size = request.get("size")
    names = list(variants)
    # A fixed pseudo-random order per round, so no variant always follows the same one.
    random.Random(int(request.get("round", 0))).shuffle(names)
    if request.get("warmup"):
        for name in names:
            variants[name](1, size)
    samples = {name: [] for name in names}
    for _ in range(int(request.get("samples", 1))):
        for name in names:
            samples[name].append(variants[name](ops, size) / ops)
    return {"ns": samples}


def main():
    hello = {"ready": True, "version": platform.python_version(), "tmp": TMP}
    print(json.dumps(hello), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = run_round(json.loads(line))
        except Exception as error:  # reported to the harness, which marks the rows
            reply = {"error": "%s: %s" % (type(error).__name__, error)}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
