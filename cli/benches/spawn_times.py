#!/usr/bin/env python3
"""Times whole processes for the benchmark scripts, alternated run by run.

    spawn_times.py RUNS -- KEY COMMAND [ARG...] [-- KEY COMMAND [ARG...]]...

Runs each command RUNS times, in turn (first, second, ..., first, ...), and
prints one line per command: KEY, the mean and the median wall time in
nanoseconds. Each run is timed from posix_spawn to waitpid with a monotonic
clock, standard output and error sent to /dev/null; a run that does not exit
with 0 stops everything (a benchmark must judge what it times). Timing from
the shell instead (`date +%s%N` around each run) adds two forks and execs of
`date` to every figure, about 3 ms on this machine, more than most of the
commands timed, which pulls every ratio towards 1.
"""
import os
import shutil
import statistics
import sys
import time


def main() -> None:
    if len(sys.argv) < 5 or sys.argv[2] != "--":
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    commands = []
    group = []
    for arg in sys.argv[3:] + ["--"]:
        if arg == "--":
            if len(group) < 2:
                sys.exit("each command needs a KEY and a COMMAND")
            key, argv = group[0], group[1:]
            commands.append((key, shutil.which(argv[0]) or argv[0], argv))
            group = []
        else:
            group.append(arg)
    null = [
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    times = {key: [] for key, _, _ in commands}
    for _ in range(runs):
        for key, path, argv in commands:
            start = time.perf_counter_ns()
            pid = os.posix_spawn(path, argv, os.environ, file_actions=null)
            _, status = os.waitpid(pid, 0)
            times[key].append(time.perf_counter_ns() - start)
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                sys.exit(f"{key}: {' '.join(argv)} exited with {code}")
    for key, values in times.items():
        print(key, round(statistics.mean(values)), round(statistics.median(values)))


main()
