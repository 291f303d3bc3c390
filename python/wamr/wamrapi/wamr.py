"""Classes over WAMR's embedding API (wasm_export.h), as WAMR's Python binding names them:

    from wamr.wamrapi.wamr import Engine, Module, Instance, ExecEnv

    engine = Engine()                                   # the runtime, initialised
    module = Module.from_file(engine, "sum.wasm")       # loaded and validated
    instance = Instance(module, stack_size=65536, heap_size=16384)
    exec_env = ExecEnv(instance)                        # what calls run in
    argv = (c_uint * 2)(10, 11)                         # 32-bit cells: arguments in,
    exec_env.call(instance.lookup_function("sum"), 2, argv)   # results out
    print(argv[0])                                      # 21

Each object keeps the one it was made from alive (an ExecEnv its Instance, an Instance
its Module, a Module its Engine), and frees what it owns when it is collected, children
first (ExecEnv, Instance, Module, Engine), as WAMR's binding does; like it, each
announces that on stdout ("deleting Instance"), unless PRINT_DELETIONS is false.

Natives: `engine.register_natives("env", (NativeSymbol * n)(...))` (wamr.wamrapi.iwasm's
NativeSymbol and String) links a module's imports when it is loaded; a native gets the
raw exec env first, and `ExecEnv.wrap(env)` gives back the ExecEnv the call runs in.

Errors raise: WamrError for what the runtime refuses (its message: "WASM module load
failed: ...", "Exception: integer divide by zero", ...), TypeError/ValueError for
arguments that do not fit (an argv without room for the function's cells, ...), before
anything reaches C.
"""
from __future__ import annotations

import os
import weakref
from ctypes import (POINTER, Array, addressof, byref, c_char_p, c_uint8, c_uint32, c_uint64, c_void_p, c_wchar_p,
                    cast, create_string_buffer, memmove, sizeof, string_at, _Pointer, _SimpleCData)
from typing import Any, Iterable, List, Optional, Union

from . import iwasm as _binding
from .iwasm import NativeSymbol, RuntimeInitArgs

# The generated binding has no annotations: its functions are called as Any.
iwasm: Any = _binding

__all__ = ["Engine", "Module", "Instance", "ExecEnv", "WamrError", "PRINT_DELETIONS"]

# WAMR's binding prints "deleting <Class>" when an object is freed (the native-symbol
# sample's output shows it); set this to False to keep stdout quiet.
PRINT_DELETIONS = True

# Room for the results of any function: at most 1000 (the validator's limit), two cells
# each at most (i64, f64).
_MAX_RESULT_CELLS = 2000
_ERROR_BUF_SIZE = 128


class WamrError(Exception):
    """The runtime refused: a module that does not load or instantiate, a trap, a missing
    export, an exhausted app heap... The message is the runtime's."""


class _Handle:
    """A native object the runtime made, freed by `free(handle)` once its Python object is
    collected (release()) and every handle made from it (its children) is freed: so a
    module is never unloaded before its instances, even when the Python objects die
    together in a reference cycle (a native's closure that holds its Instance makes one:
    Engine, natives, closure, Instance, Module, Engine). A handle refers to its parent
    handle and to plain data only, never to a Python object of this module, so keeping
    it alive (a finalizer does) keeps no such object alive."""

    __slots__ = ("what", "free", "handle", "parent", "children", "released")

    def __init__(self, what: str, free: Any, handle: Any, parent: Optional["_Handle"] = None) -> None:
        self.what, self.free, self.handle, self.parent = what, free, handle, parent
        self.children, self.released = 0, False
        if parent is not None:
            parent.children += 1

    def release(self) -> None:
        self.released = True
        self._free_if_unused()

    def _free_if_unused(self) -> None:
        if not self.released or self.children or self.free is None:
            return
        free, self.free = self.free, None
        if PRINT_DELETIONS:
            print("deleting " + self.what)
        free(self.handle)
        if self.parent is not None:
            self.parent.children -= 1
            self.parent._free_if_unused()


def _owned(obj: Any, *args: Any) -> _Handle:
    """A _Handle(*args) released when `obj` is collected."""
    handle = _Handle(*args)
    weakref.finalize(obj, handle.release)
    return handle


def _destroy_runtime(registered: List[Any]) -> None:
    # the natives first: the runtime lives on while another Engine holds it
    for name, address in reversed(registered):
        iwasm.wasm_runtime_unregister_natives(name, cast(c_void_p(address), POINTER(NativeSymbol)))
    iwasm.wasm_runtime_destroy()


def _address(p: Any) -> int:
    """The address a ctypes pointer (or a c_void_p, or an int) holds; 0 for NULL."""
    if p is None or isinstance(p, int):
        return p or 0
    return cast(p, c_void_p).value or 0


def _error(buf: Any, default: str) -> WamrError:
    return WamrError(buf.value.decode("utf-8", "replace") or default)


class Engine:
    """The runtime (`wasm_runtime_full_init`; the last Engine collected ends it with
    `wasm_runtime_destroy`), and the natives registered with it."""

    def __init__(self) -> None:
        self.init_args = RuntimeInitArgs()
        self.init_args.mem_alloc_type = iwasm.Alloc_With_System_Allocator
        self._native_symbols: List[Any] = []  # the arrays registered: the runtime points into them
        self._registered: List[Any] = []  # their (module name, address), to unregister them
        if not iwasm.wasm_runtime_full_init(byref(self.init_args)):
            raise WamrError("wasm_runtime_full_init failed")
        self._handle = _owned(self, "Engine", _destroy_runtime, self._registered)

    def register_natives(self, module_name: str, native_symbols: Iterable[NativeSymbol]) -> None:
        """Links imports from `module_name` to these natives in the modules loaded from now
        on (a later registration of a name shadows an earlier one). The symbols are copied
        into an array this Engine keeps, with the strings and callbacks they point to."""
        if not isinstance(module_name, (str, bytes)):
            raise TypeError("module_name must be a str, not %s" % type(module_name).__name__)
        symbols = list(native_symbols)
        for s in symbols:
            if not isinstance(s, NativeSymbol):
                raise TypeError("native_symbols must hold NativeSymbol, not %s" % type(s).__name__)
            if not s.symbol or not s.func_ptr:
                raise ValueError("a NativeSymbol needs a symbol name and a func_ptr")
        array = (NativeSymbol * len(symbols))(*symbols)
        name = module_name.encode() if isinstance(module_name, str) else module_name
        if not iwasm.wasm_runtime_register_natives(name, array, len(symbols)):
            raise WamrError("registering the natives of %r failed" % module_name)
        self._native_symbols.append(array)
        self._registered.append((name, addressof(array)))


class Module:
    """A loaded (validated, compiled) module: `Module(engine, wasm_bytes)` or
    `Module.from_file(engine, path)`. Natives are linked now, from those registered."""

    def __init__(self, engine: Engine, wasm: Union[bytes, bytearray, memoryview]) -> None:
        if not isinstance(engine, Engine):
            raise TypeError("engine must be an Engine, not %s" % type(engine).__name__)
        if not isinstance(wasm, (bytes, bytearray, memoryview)):
            raise TypeError("wasm must be bytes, not %s" % type(wasm).__name__)
        self.engine = engine
        data = bytes(wasm)
        self.file_data = (c_uint8 * len(data)).from_buffer_copy(data)
        error = create_string_buffer(_ERROR_BUF_SIZE)
        module = iwasm.wasm_runtime_load(self.file_data, len(data), error, len(error))
        if not module:
            raise _error(error, "WASM module load failed")
        self.module = module
        # (the handle keeps the bytes: WAMR's own library reads them while the module lives)
        self._handle = _owned(self, "Module", lambda m, data=self.file_data: iwasm.wasm_runtime_unload(m), module,
                              engine._handle)

    @classmethod
    def from_file(cls, engine: Engine, path: Union[str, "os.PathLike[str]"]) -> "Module":
        """The module in a .wasm file."""
        with open(path, "rb") as f:
            return cls(engine, f.read())

    def set_wasi_args(self, dir_list: Iterable[str] = (), env: Iterable[str] = (),
                      argv: Iterable[str] = ()) -> None:
        """WASI set-up of the instances made from now on: preopened directories,
        environment (`"KEY=VALUE"`) and arguments."""
        dirs, envs, args = (_strings(x) for x in (dir_list, env, argv))
        iwasm.wasm_runtime_set_wasi_args(self.module, dirs, len(dirs), None, 0, envs, len(envs), args, len(args))
        self._wasi_args = (dirs, envs, args)  # the runtime may keep the pointers


def _strings(items: Iterable[str]) -> Any:
    values = list(items)
    if isinstance(items, (str, bytes)) or not all(isinstance(v, (str, bytes)) for v in values):
        raise TypeError("expected a list of str")
    return (c_char_p * len(values))(*(v.encode() if isinstance(v, str) else v for v in values))


class Instance:
    """An instance of a Module, with a wasm stack of `stack_size` bytes for its calls and
    an app heap of `heap_size` bytes (for `malloc`; a module exporting malloc and free uses
    its own). `dir_list` preopens host directories for WASI."""

    _live: "weakref.WeakValueDictionary[int, Instance]" = weakref.WeakValueDictionary()

    def __init__(self, module: Module, stack_size: int = 65536, heap_size: int = 16384,
                 dir_list: Optional[List[str]] = None) -> None:
        if not isinstance(module, Module):
            raise TypeError("module must be a Module, not %s" % type(module).__name__)
        _check_u32("stack_size", stack_size)
        _check_u32("heap_size", heap_size)
        self.module = module
        self._calls = 0  # calls running through ExecEnv, see ExecEnv._run
        if dir_list:
            module.set_wasi_args(dir_list)
        error = create_string_buffer(_ERROR_BUF_SIZE)
        inst = iwasm.wasm_runtime_instantiate(module.module, stack_size, heap_size, error, len(error))
        if not inst:
            raise _error(error, "Instantiate wasm module failed")
        self.module_inst = inst
        Instance._live[_address(inst)] = self
        self._handle = _owned(self, "Instance", iwasm.wasm_runtime_deinstantiate, inst, module._handle)

    @classmethod
    def _borrow(cls, module_inst: Any) -> "Instance":
        """The Instance of a raw module instance: the one made here, or one that does not
        own it (an instance the runtime made)."""
        found = cls._live.get(_address(module_inst))
        if found is not None:
            return found
        borrowed = cls.__new__(cls)
        borrowed.module = None  # type: ignore[assignment]
        borrowed.module_inst = cast(module_inst, iwasm.wasm_module_inst_t)
        borrowed._handle = None  # type: ignore[assignment]
        borrowed._calls = 1  # a call made elsewhere runs: its caller sees the exception
        return borrowed

    def lookup_function(self, name: str) -> int:
        """The exported function `name` (a wasm_function_inst_t, for ExecEnv.call)."""
        if not isinstance(name, (str, bytes)):
            raise TypeError("name must be a str, not %s" % type(name).__name__)
        func = iwasm.wasm_runtime_lookup_function(self.module_inst, name)
        if not func:
            raise WamrError("function %r is not exported" % name)
        return int(func)

    def get_exception(self) -> Optional[str]:
        """The instance's exception ("Exception: ..."), None if there is none. A call that
        fails raises it as WamrError and, unless it runs inside another call, clears it."""
        text = iwasm.wasm_runtime_get_exception(self.module_inst)
        return None if text is None else text.decode("utf-8", "replace")

    def clear_exception(self) -> None:
        """Clears the instance's exception: while it has one, calls fail (as in WAMR)."""
        iwasm.wasm_runtime_clear_exception(self.module_inst)

    def malloc(self, nbytes: int, native_handler: Any = None) -> int:
        """`nbytes` of the app heap: their app offset (and their native address in
        `native_handler`, a `byref(c_void_p())`, when given)."""
        _check_u32("nbytes", nbytes)
        offset = iwasm.wasm_runtime_module_malloc(self.module_inst, nbytes, native_handler)
        if not offset:
            raise WamrError(self.get_exception() or "app heap exhausted: no %d bytes" % nbytes)
        return int(offset)

    def free(self, wasm_handler: int) -> None:
        """Frees what `malloc` gave at app offset `wasm_handler`."""
        _check_u32("wasm_handler", wasm_handler)
        iwasm.wasm_runtime_module_free(self.module_inst, wasm_handler)

    def app_addr_to_native_addr(self, app_addr: int) -> int:
        """The native address of an app offset into memory 0."""
        _check_u32("app_addr", app_addr)
        if not iwasm.wasm_runtime_get_app_addr_range(self.module_inst, app_addr, None, None):
            raise ValueError("app address %#x is outside the instance's memory" % app_addr)
        return int(iwasm.wasm_runtime_addr_app_to_native(self.module_inst, app_addr))

    def native_addr_to_app_addr(self, native_addr: Any) -> int:
        """The app offset of a native address (an int or a ctypes pointer) into memory 0."""
        address = _address(native_addr)
        if address <= 0 or not iwasm.wasm_runtime_get_native_addr_range(
                self.module_inst, cast(c_void_p(address), POINTER(c_uint8)), None, None):
            raise ValueError("native address %#x is outside the instance's memory" % address)
        return int(iwasm.wasm_runtime_addr_native_to_app(self.module_inst, address))

    def read(self, app_addr: int, size: int) -> bytes:
        """A copy of `size` bytes of memory 0 at app offset `app_addr`."""
        return string_at(self._range(app_addr, size), size)

    def write(self, app_addr: int, data: Union[bytes, bytearray]) -> None:
        """Copies `data` into memory 0 at app offset `app_addr`."""
        data = bytes(data)
        memmove(self._range(app_addr, len(data)), data, len(data))

    def _range(self, app_addr: int, size: int) -> int:
        _check_u32("app_addr", app_addr)
        _check_u32("size", size)
        end = c_uint64()
        if not iwasm.wasm_runtime_get_app_addr_range(self.module_inst, app_addr, None, byref(end)) \
                or app_addr + size > end.value:
            raise ValueError("%d bytes at app address %#x are outside the instance's memory" % (size, app_addr))
        return int(iwasm.wasm_runtime_addr_app_to_native(self.module_inst, app_addr))


def _check_u32(what: str, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("%s must be an int, not %s" % (what, type(value).__name__))
    if not 0 <= value <= 0xFFFFFFFF:
        raise ValueError("%s must be in 0..4294967295, not %d" % (what, value))


# The 32-bit cells a value of each kind takes in argv (wasm_valkind_t: i32 i64 f32 f64 v128).
_CELLS = {iwasm.WASM_I32: 1, iwasm.WASM_I64: 2, iwasm.WASM_F32: 1, iwasm.WASM_F64: 2, iwasm.WASM_V128: 4}


def _argv_cells(argv: Any) -> int:
    """How many 32-bit cells a ctypes argv holds (an array or a number: c_uint, ...)."""
    if isinstance(argv, (_Pointer, c_void_p, c_char_p, c_wchar_p)) or not isinstance(argv, (Array, _SimpleCData)):
        raise TypeError("argv must be a ctypes array or number (c_uint, (c_uint * n)(...)), not %s"
                        % type(argv).__name__)
    return sizeof(argv) // 4


class ExecEnv:
    """What calls into an Instance run in (`wasm_runtime_create_exec_env`), with a wasm
    stack of `stack_size` bytes."""

    _live: "weakref.WeakValueDictionary[int, ExecEnv]" = weakref.WeakValueDictionary()

    def __init__(self, module_inst: Instance, stack_size: int = 65536) -> None:
        if not isinstance(module_inst, Instance):
            raise TypeError("module_inst must be an Instance, not %s" % type(module_inst).__name__)
        _check_u32("stack_size", stack_size)
        self.module_inst = module_inst
        exec_env = iwasm.wasm_runtime_create_exec_env(module_inst.module_inst, stack_size)
        if not exec_env:
            raise WamrError("creating the execution environment failed")
        self.exec_env = exec_env
        ExecEnv._live[_address(exec_env)] = self
        self._handle = _owned(self, "ExecEnv", iwasm.wasm_runtime_destroy_exec_env, exec_env, module_inst._handle)

    @staticmethod
    def wrap(env: Any) -> "ExecEnv":
        """The ExecEnv of the raw exec env a native gets first (an int, a c_void_p or a
        wasm_exec_env_t): the one made here, or else one that does not own it (an exec
        env the runtime made), usable while the native runs."""
        address = _address(env)
        if not address:
            raise ValueError("ExecEnv.wrap() of a NULL exec env")
        found = ExecEnv._live.get(address)
        if found is not None:
            return found
        borrowed = ExecEnv.__new__(ExecEnv)
        borrowed.exec_env = cast(c_void_p(address), iwasm.wasm_exec_env_t)
        borrowed.module_inst = Instance._borrow(iwasm.wasm_runtime_get_module_inst(borrowed.exec_env))
        return borrowed

    def get_module_inst(self) -> Instance:
        """The Instance calls run in."""
        return self.module_inst

    def call(self, func: int, argc: int, argv: Any) -> None:
        """Calls `func` (from lookup_function) with `argc` 32-bit cells of arguments in
        `argv` (an i64 or f64 takes two, low half first); its results are written back
        from argv[0]. argv is a ctypes array (`(c_uint * n)(...)`) or number (`c_uint(x)`)
        with room for the arguments and the results."""
        cells = self._check_argv(argc, argv)
        inst = self.module_inst.module_inst
        if not isinstance(func, (int, c_void_p)) or isinstance(func, bool):
            raise TypeError("func must be a function from lookup_function, not %s" % type(func).__name__)
        if not _address(func):
            raise ValueError("func is NULL")
        need = [0, 0]
        for i, (count, kinds_of) in enumerate(((iwasm.wasm_func_get_param_count, iwasm.wasm_func_get_param_types),
                                               (iwasm.wasm_func_get_result_count, iwasm.wasm_func_get_result_types))):
            n = count(func, inst)
            kinds = (iwasm.wasm_valkind_t * max(n, 1))()
            kinds_of(func, inst, kinds)
            need[i] = sum(_CELLS.get(k, 1) for k in kinds[:n])
        if cells < max(need):
            raise ValueError("argv has room for %d cells; the function takes %d and returns %d"
                             % (cells, need[0], need[1]))
        self._run(iwasm.wasm_runtime_call_wasm, func, argc, cast(addressof(argv), POINTER(c_uint32)))

    def call_indirect(self, element_index: int, argc: int, argv: Any) -> None:
        """As call(), for element `element_index` of the instance's table 0."""
        cells = self._check_argv(argc, argv)
        _check_u32("element_index", element_index)
        # the element's type is known only to the runtime: the call gets room for any results
        scratch = (c_uint32 * max(cells, _MAX_RESULT_CELLS))()
        memmove(scratch, addressof(argv), cells * 4)
        self._run(iwasm.wasm_runtime_call_indirect, element_index, argc, scratch)
        memmove(addressof(argv), scratch, cells * 4)

    def _run(self, call: Any, *args: Any) -> None:
        """A call; its failure raises WamrError with the instance's exception. As in WAMR,
        the exception stays on the instance, so a call that fails inside a native fails
        the call that led to it too; the outermost call clears it once it is raised."""
        inst = self.module_inst
        inst._calls += 1
        try:
            ok = call(self.exec_env, *args)
        finally:
            inst._calls -= 1
        if not ok:
            error = WamrError(inst.get_exception() or "calling the function failed")
            if not inst._calls:
                inst.clear_exception()
            raise error

    def _check_argv(self, argc: int, argv: Any) -> int:
        cells = _argv_cells(argv)
        _check_u32("argc", argc)
        if argc > cells:
            raise ValueError("argc is %d but argv holds %d cells" % (argc, cells))
        return cells

    def start_debugging(self) -> int:
        """`wasm_runtime_start_debug_instance`: the debug server's port, 0 when there is
        none (libiwasm on wasmi has no debugger)."""
        return int(iwasm.wasm_runtime_start_debug_instance(self.exec_env))
