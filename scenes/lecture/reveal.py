"""reveal.js, the HTML presentation framework the slides run on, kept beside the virtual
environment so a deck needs no network when it is opened.

``make setup`` runs ``python -m scenes.lecture.reveal install``: it downloads the pinned
release from the npm registry once, checks it against the registry's sha512 integrity
value, and unpacks the few files a deck needs into ``.venv/share/reveal.js``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

__all__ = ["VERSION", "FILES", "home", "missing", "install", "copy_into"]

VERSION = "6.0.2"
_TARBALL = f"https://registry.npmjs.org/reveal.js/-/reveal.js-{VERSION}.tgz"
_INTEGRITY = "sha512-JYIg5D9aoxoaLeb84O+OvAwsKWdIavVgEDScxtYEXFCT6t6TQrhNtSgogcjdCpdLsWglhJn3zyE3fUOwiH5KEg=="
#: what a deck loads: the framework, its styles, the white theme and the speaker notes
FILES = ("dist/reveal.js", "dist/reveal.css", "dist/reset.css", "dist/theme/white.css",
         "dist/plugin/notes.js", "LICENSE")


def home() -> Path:
    """Where reveal.js lives: ``$REVEAL_JS_DIR``, else ``<venv>/share/reveal.js``."""
    return Path(os.environ.get("REVEAL_JS_DIR") or Path(sys.prefix) / "share" / "reveal.js")


def missing(where: Path | None = None) -> list[str]:
    """The files a deck needs that are not in ``where`` (default :func:`home`)."""
    where = where or home()
    return [f for f in FILES if not (where / f).is_file()]


def install(where: Path | None = None, fetch=None) -> Path:
    """Download, check and unpack reveal.js into ``where`` unless it is already there.
    ``fetch(url) -> bytes`` is for tests; it defaults to a plain HTTPS download."""
    where = where or home()
    if not missing(where):
        return where
    data = (fetch or (lambda url: urllib.request.urlopen(url, timeout=60).read()))(_TARBALL)
    algorithm, expected = _INTEGRITY.split("-", 1)
    got = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if got != expected:
        raise ValueError(f"the reveal.js {VERSION} download does not match its registry checksum")
    tmp = where.with_name(where.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for name in FILES:
            member = archive.getmember(f"package/{name}")
            target = tmp / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(member).read())
    shutil.rmtree(where, ignore_errors=True)
    where.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, where)
    return where


def copy_into(folder: Path) -> None:
    """Copy the files a deck needs into ``folder/reveal``. Raises FileNotFoundError with the
    command that installs them when they are missing."""
    absent = missing()
    if absent:
        raise FileNotFoundError(f"reveal.js is not installed in {home()} (missing {absent[0]}); "
                                f"run `make setup`")
    for name in FILES:
        target = Path(folder) / "reveal" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(home() / name, target)


def main(argv: list[str]) -> int:
    if argv != ["install"]:
        print("usage: python -m scenes.lecture.reveal install", file=sys.stderr)
        return 2
    try:
        where = install()
    except (OSError, ValueError) as err:
        print(f"reveal.js {VERSION} could not be installed: {err}", file=sys.stderr)
        return 1
    print(f"reveal.js {VERSION}: {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
