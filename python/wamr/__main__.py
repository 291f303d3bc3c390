"""`python -m wamr run module.wasm [args...]`: the `wamr` command line (see wamr._cli)."""
import sys

from wamr._cli import main

if __name__ == "__main__":
    sys.exit(main())
