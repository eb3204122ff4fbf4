"""`flask content check [PATH…]`: one line per problem, `file:line: field: message`.

Exit codes: 0 clean (warnings allowed), 1 content errors, 2 usage error. Whatever a file
holds, the checker reports it as a problem and never shows a Python traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

from navigator.catalog.files import ContentFile, UsageError, classify, discover
from navigator.catalog.loader import load
from navigator.catalog.plain_language import check as plain_check
from navigator.catalog.references import KINDS
from navigator.catalog.sources import registry_problems

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _expand(paths: list[Path]) -> list[ContentFile]:
    files: list[ContentFile] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or directory")
        if path.is_dir():
            if path.name in KINDS:
                files.extend(classify(p) for p in sorted(path.glob("*.md")))
            else:
                files.extend(discover(path))
        else:
            files.append(classify(path))
    return files


def run_check(
    content_dir: Path,
    paths: list[Path],
    *,
    today: dt.date | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    plain_language: bool = False,
) -> int:
    """Check `paths` (all of `content_dir` when empty); with `plain_language`, warn where a text is hard to read.

    The plain-language checks (plain_language.py) are asked for by `flask content check`; they cost
    about a second and a half over all content, which callers that only want errors need not pay.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        requested = _expand(paths) if paths else []
        extra = [f.path for f in requested]
        result = load(content_dir, extra=extra, today=today)
        registry = [] if paths else registry_problems(content_dir, result.catalog)
        plain = plain_check(content_dir, requested or result.files) if plain_language else []
    except UsageError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    except Exception as exc:
        print(f"error: the checker failed unexpectedly ({type(exc).__name__}: {exc}); please report it", file=err)
        return EXIT_INTERNAL
    wanted = {f.display for f in requested} if requested else None
    problems = [p for p in result.problems if wanted is None or p.file in wanted] + plain
    problems = sorted(problems, key=lambda p: (p.file, p.line, p.severity != "error")) + registry
    for problem in problems:
        print(problem.render(), file=out)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    checked = len(wanted) if wanted is not None else len(result.files)
    print(f"checked {checked} file(s): {errors} error(s), {warnings} warning(s)", file=err)
    return EXIT_ERRORS if errors else EXIT_OK
