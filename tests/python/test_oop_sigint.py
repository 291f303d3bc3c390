"""Ctrl-C: SIGINT while the main thread runs wasm raises KeyboardInterrupt within
100 ms and the store keeps working (plain and metered stores); SIGINT outside wasm,
store.interrupt() and a program's own SIGINT handler behave as before."""
import os
import signal
import subprocess
import sys
import time
import unittest

from wasmtest import wat  # noqa: F401  (puts python/ on sys.path)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CHILD = r"""
import signal, sys, time
from wamr import *
store = Store(metered=%(metered)s)
ex = Instance(store, Module(store.engine,
    '(module (func (export "spin") (loop (br 0)))'
    ' (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))')).exports(store)
%(setup)s
print("ready", flush=True)
try:
    %(body)s
except KeyboardInterrupt:
    print("KeyboardInterrupt at", time.monotonic(), flush=True)
except Trap as t:
    print("Trap", type(t).__name__, t.message, flush=True)
print("then add =", ex["add"](store, 2, 3), flush=True)
"""


def run_child(metered=False, setup="", body='ex["spin"](store)', wait=0.5, send=True):
    code = CHILD % {"metered": metered, "setup": setup, "body": body}
    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "python"))
    p = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    try:
        assert p.stdout.readline() == "ready\n", p.stderr.read()
        time.sleep(wait)
        sent = time.monotonic()
        if send:
            p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
    finally:
        p.kill()
    return sent, out, err, p.returncode


class CtrlCTest(unittest.TestCase):
    def check_interrupted(self, metered):
        sent, out, err, code = run_child(metered=metered)
        lines = out.splitlines()
        self.assertEqual(code, 0, err)
        self.assertTrue(lines[0].startswith("KeyboardInterrupt at "), out + err)
        caught = float(lines[0].split()[-1])
        self.assertLess(caught - sent, 0.1)
        self.assertEqual(lines[1], "then add = 5")

    def test_plain_store(self):
        self.check_interrupted(False)

    def test_metered_store(self):
        self.check_interrupted(True)

    def test_outside_wasm_python_as_usual(self):
        sent, out, err, code = run_child(body="time.sleep(5)")
        self.assertEqual(code, 0, err)
        self.assertTrue(out.startswith("KeyboardInterrupt at "), out + err)
        self.assertIn("then add = 5", out)

    def test_store_interrupt_is_still_a_trap(self):
        setup = "import threading; threading.Timer(0.1, store.interrupt).start()"
        sent, out, err, code = run_child(setup=setup, wait=0.0, send=False)
        # no Ctrl-C: Interrupted, not KeyboardInterrupt
        self.assertEqual(out, "Trap Interrupted interrupted\nthen add = 5\n", err)

    def test_own_handler_is_respected(self):
        # a program's own SIGINT handler, installed after ours, gets the signal: wasm is
        # not stopped by Ctrl-C then (the program decides), here it stops the store itself
        setup = "signal.signal(signal.SIGINT, lambda *a: print('own handler', flush=True))\n" \
                "import threading; threading.Timer(1.0, store.interrupt).start()"
        sent, out, err, code = run_child(setup=setup)
        self.assertEqual(code, 0, err)
        self.assertIn("Trap Interrupted interrupted", out)
        self.assertIn("own handler", out)
        self.assertIn("then add = 5", out)


if __name__ == "__main__":
    unittest.main()
