"""Runs a plan's independent steps at once, each on its own cursor of one native connection.

Most of the generator's 200-odd statements make small tables, and DuckDB spends most of their
time binding and planning them on the calling thread: one statement at a time leaves the other
cores idle. Every step names the steps it reads (``deps``); a step starts once they are done.
Each table's rows depend only on the seed, so the order steps finish in changes nothing.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, Callable

# A statement that checkpoints, after any comments.
_CHECKPOINT = re.compile(r"^(\s|--[^\n]*\n|/\*.*?\*/)*(FORCE\s+)?CHECKPOINT\b", re.IGNORECASE | re.DOTALL)

# Enough to keep a server's cores busy planning; more cursors only add memory.
MAX_WORKERS = 8


def parallel_workers(con: Any) -> int:
    """Steps to run at once on a native DuckDB connection: its ``threads`` setting, so that a
    user who limits DuckDB's threads limits this too; 1 where ``con`` has no cursors."""
    if not callable(getattr(con, "cursor", None)) or not callable(getattr(con, "interrupt", None)):
        return 1
    try:
        threads = int(con.execute("SELECT current_setting('threads')").fetchone()[0])
    except Exception:
        return 1
    return max(1, min(threads, MAX_WORKERS))


def run_steps(
    con: Any,
    jobs: list[tuple[str, list[str], list[str]]],
    workers: int,
    setup: list[str] = (),
    on_statements: Callable[[int], None] | None = None,
    priority: dict[str, float] | None = None,
) -> None:
    """Runs ``jobs`` (step id, the ids it waits for, its statements in order) on up to
    ``workers`` cursors of ``con``, as far as the dependencies allow: of the steps ready to
    start, those of highest ``priority`` first, then in the plan's order.

    Each cursor starts on ``con``'s current database and schema, then runs ``setup``; it does
    not share the settings ``con`` was given with SET (the program relies on none). The first
    failure stops the run: steps still running are interrupted, and the failure is raised once
    they have stopped. So is an interruption of the caller (KeyboardInterrupt).
    ``on_statements`` is called on the caller's thread with the count of statements run so far.

    A step with a CHECKPOINT runs alone: DuckDB checkpoints only while no other transaction
    writes. Once one is ready, no other step starts until it has run.
    """
    # fetchall ends the query: a half-read result keeps a transaction open, which a CHECKPOINT refuses.
    database, schema = con.execute("SELECT current_database(), current_schema()").fetchall()[0]
    use = f'USE "{_quote(database)}"."{_quote(schema)}"'
    cursors: list[Any] = []
    lock = threading.Lock()
    local = threading.local()
    # DuckDB drops an interrupt of a cursor that runs nothing: a worker between two
    # statements checks this instead.
    stop = threading.Event()

    def cursor() -> Any:
        c = getattr(local, "cursor", None)
        if c is None:
            c = con.cursor()
            with lock:
                cursors.append(c)
            local.cursor = c
            for sql in [use, *setup]:
                c.execute(sql)
        return c

    def run(statements: list[str]) -> int:
        c = cursor()
        for sql in statements:
            if stop.is_set():
                raise _Stopped()
            c.execute(sql)
        return len(statements)

    known = {step_id for step_id, _, _ in jobs}
    alone = {step_id for step_id, _, sql in jobs if _alone(sql)}
    waiting = [(step_id, [d for d in deps if d in known], sql) for step_id, deps, sql in jobs]
    done: set[str] = set()
    running: dict[Future, str] = {}
    count = 0
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="snds-synth")
    try:
        while waiting or running:
            ready = [j for j in waiting if all(d in done for d in j[1])]
            ready.sort(key=lambda j: -(priority or {}).get(j[0], 0.0))  # stable: plan order
            first_alone = next((j for j in ready if j[0] in alone), None)
            if alone.intersection(running.values()):
                ready = []  # a safety net: a checkpoint starts alone, and the loop waits for it
            elif first_alone:
                ready = [] if running else [first_alone]  # the others finish first
            for job in ready:
                if len(running) >= workers:
                    break
                waiting.remove(job)
                running[pool.submit(run, job[2])] = job[0]
            if not running:
                missing = sorted({d for _, deps, _ in waiting for d in deps if d not in done})
                raise RuntimeError(f"Steps wait for each other and can never start: {missing}")
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                step_id = running.pop(future)
                count += future.result()  # raises the step's failure
                done.add(step_id)
            if on_statements:
                on_statements(count)
    except BaseException:
        stop.set()
        with lock:
            for c in cursors:
                try:
                    c.interrupt()
                except Exception:
                    pass  # the cursor has nothing running
        wait(running)
        raise
    finally:
        pool.shutdown(wait=True)
        for c in cursors:
            try:
                c.close()
            except Exception:
                pass  # already closed with its connection


def _alone(statements: list[str]) -> bool:
    """Whether a step must run with no other beside it: it checkpoints."""
    return any(_CHECKPOINT.match(sql) for sql in statements)


class _Stopped(Exception):
    """A step given up because another failed or the caller was interrupted."""


def _quote(identifier: str) -> str:
    return str(identifier).replace('"', '""')
