"""Extension: wamr_wat_to_wasm (WebAssembly text to binary)."""
import unittest

from wasmtest import *  # noqa: F401,F403
from wasmtest import StoreTest, byte_vec, name_bytes


class WatToWasmTest(StoreTest):
    def test_wamr_wat_to_wasm(self):
        text = byte_vec(b'(module (func (export "f") (result i32) i32.const 7))')
        out = wasm_byte_vec_t()
        self.assertTrue(wamr_wat_to_wasm(text, out))
        binary = name_bytes(out)
        self.assertEqual(binary[:4], b"\0asm")
        # the binary is a real module
        self.assertTrue(wasm_module_validate(self.store, out))
        wasm_byte_vec_delete(out)
        wasm_byte_vec_delete(text)

    def test_wamr_wat_to_wasm_negative(self):
        text = byte_vec(b"(module (func")
        out = wasm_byte_vec_t()
        self.assertFalse(wamr_wat_to_wasm(text, out))
        message = name_bytes(out)
        self.assertTrue(message.endswith(b"\0"))
        self.assertIn(b"expected", message)
        wasm_byte_vec_delete(out)
        wasm_byte_vec_delete(text)
        # NULL input: false and an empty vector; NULL output: false
        out = wasm_byte_vec_t()
        self.assertFalse(wamr_wat_to_wasm(None, out))
        self.assertEqual(out.size, 0)
        self.assertFalse(wamr_wat_to_wasm(None, None))


if __name__ == "__main__":
    unittest.main()
