"""Write a letter with demo data to standard output: `python -m workflow.letters.preview apology > x.pdf`."""

from __future__ import annotations

import sys
from collections.abc import Callable

from workflow.letters import demo
from workflow.letters.apology import render_apology
from workflow.letters.control_sheet import render_control_sheet
from workflow.letters.refusal import render_refusal_after_appraisal
from workflow.letters.stop_notice import render_stop_notice

KINDS: dict[str, Callable[[], bytes]] = {
    "apology": lambda: render_apology(demo.apology()),
    "stop": lambda: render_stop_notice(demo.stop_notice()),
    "refusal": lambda: render_refusal_after_appraisal(demo.refusal()),
    "control-sheet": lambda: render_control_sheet(demo.control_sheet()),
}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in KINDS:
        print(
            f"usage: python -m workflow.letters.preview {{{','.join(KINDS)}}} > letter.pdf", file=sys.stderr
        )
        return 2
    if sys.stdout.isatty():
        print("refusing to write PDF bytes to a terminal: redirect to a file", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(KINDS[argv[0]]())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
