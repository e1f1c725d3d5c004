"""Write a letter with demo data to standard output: `python -m intake.letters.preview receipt > x.pdf`."""

from __future__ import annotations

import sys
from collections.abc import Callable

from intake.letters import demo
from intake.letters.eform import render_eform_printout
from intake.letters.receipt import render_receipt
from intake.letters.refusal import render_refusal
from intake.letters.supplement import render_supplement_request

KINDS: dict[str, Callable[[], bytes]] = {
    "receipt": lambda: render_receipt(demo.receipt()),
    "supplement": lambda: render_supplement_request(demo.supplement_request()),
    "refusal": lambda: render_refusal(demo.refusal()),
    "eform": lambda: render_eform_printout(demo.eform_printout()),
}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in KINDS:
        print(f"usage: python -m intake.letters.preview {{{','.join(KINDS)}}} > letter.pdf", file=sys.stderr)
        return 2
    if sys.stdout.isatty():
        print("refusing to write PDF bytes to a terminal: redirect to a file", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(KINDS[argv[0]]())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
