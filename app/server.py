"""``nnmath-app``: start the "fit your own data" page on this computer.

    nnmath-app [--host 127.0.0.1] [--port 7860] [--cache-dir DIR] [--workers N]
               [--scheduler tcp://HOST:PORT] [--time-limit 600] [--max-waiting 50]

By default it listens on 127.0.0.1 only (this computer); give --host 0.0.0.0 to let
other computers in on purpose. Fits run on a local Dask cluster of one worker process per
core (--workers N), or on an existing cluster (--scheduler). Bad options, and a scheduler
that cannot be reached, give one line and exit code 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

__all__ = ["main", "parse_args"]

DEFAULT_PORT = 7860


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # noqa: D401 - argparse API
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"the port is {text!r}; give a whole number such as 7860") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"the port is {port}; give a number from 1 to 65535")
    return port


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"the video size is {text!r}; write it as WIDTHxHEIGHT") from None
    if not (16 <= w <= 3840 and 16 <= h <= 2160) or w % 2 or h % 2:
        raise argparse.ArgumentTypeError(f"the video size {text} must be even numbers up to 3840x2160")
    return w, h


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a number above 0")
    return value


def _scheduler(text: str) -> str:
    from .cluster import ClusterError, check_address

    try:
        return check_address(text)
    except ClusterError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _waiting(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= 1000:
        raise argparse.ArgumentTypeError(f"{text!r} must be a whole number from 1 to 1000")
    return count


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line of ``nnmath-app``."""
    parser = _Parser(prog="nnmath-app", description="The 'fit your own data' page.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=_port,
                        default=os.environ.get("NNMATH_APP_PORT", str(DEFAULT_PORT)),
                        help=f"port (default {DEFAULT_PORT}, or $NNMATH_APP_PORT)")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="where results are kept (default ~/.cache/nnmath-app)")
    parser.add_argument("--workers", type=int, default=None, choices=range(1, 65), metavar="N",
                        help="worker processes of the local cluster: fits rendered at the same "
                             "time, 1 to 64 (one per core)")
    parser.add_argument("--scheduler", type=_scheduler, default=None, metavar="tcp://HOST:PORT",
                        help="run the fits on this existing Dask cluster instead")
    parser.add_argument("--time-limit", type=_positive, default=600.0,
                        help="seconds one fit and its video may take (600)")
    parser.add_argument("--max-waiting", type=_waiting, default=50,
                        help="jobs allowed to wait for a worker, 1 to 1000 (50: a class of "
                             "thirty fits)")
    parser.add_argument("--video-size", type=_size, default=None,
                        help="override the video resolution, e.g. 320x180 (for tests)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Start the page and serve until interrupted."""
    args = parse_args(argv)
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from .cluster import ClusterError
    from .jobs import JobQueue, default_cache_dir

    cache = args.cache_dir or default_cache_dir()
    try:
        jobs = JobQueue(cache, scheduler=args.scheduler, workers=args.workers,
                        time_limit=args.time_limit, max_waiting=args.max_waiting,
                        size=args.video_size)
    except OSError as err:
        print(f"nnmath-app: error: cannot use the cache folder {cache}: {err.strerror or err}",
              file=sys.stderr)
        return 2
    except ClusterError as err:
        print(f"nnmath-app: error: {err}", file=sys.stderr)
        return 2
    where = (f"the Dask scheduler at {args.scheduler}" if args.scheduler
             else "a local Dask cluster")
    workers = jobs.cluster.workers()
    print(f"nnmath-app: fits run on {where} ({workers} worker processes)"
          + ("; none is connected yet, so fits wait until one is" if not workers else ""),
          flush=True)
    from .page import CSS, build_page  # gradio: imported once the cluster answers

    page = build_page(jobs)
    page.queue(max_size=64, default_concurrency_limit=None)
    print(f"nnmath-app: open http://{args.host}:{args.port}/ (Ctrl+C stops it)", flush=True)
    try:
        page.launch(server_name=args.host, server_port=args.port, allowed_paths=[str(cache)],
                    ssr_mode=False, show_error=False, quiet=True, css=CSS, inbrowser=False)
    except OSError as err:
        print(f"nnmath-app: error: cannot listen on {args.host}:{args.port}: {err}; "
              "try another --port", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    finally:
        jobs.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
