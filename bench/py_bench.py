#!/usr/bin/env python3
"""Python-level benchmarks for `make bench` (issue 6, item 3), one library per process.

    py_bench.py --lib procedural --wasm micro.wasm [--reps N]   # wamr.wasmcapi.ffi on $WAMR_LIBIWASM
    py_bench.py --lib object     --wasm micro.wasm [--reps N]   # the object layer (`from wamr import ...`)
    py_bench.py --lib wasmtime   --wasm micro.wasm [--reps N]   # wasmtime-py
    py_bench.py --lib ... --qjs qjs-wasi-reactor.wasm            # QuickJS-NG evaluating fib(25)

The procedural layer runs on whichever libiwasm.so $WAMR_LIBIWASM names (ours, or either WAMR
build: wamrx-sys' static library linked as a shared one, or WAMR's CMake default build), so the
same Python code measures all three. Prints one JSON object per
line, like bench/capi_bench.c: {"engine", "bench", "unit", "samples"}; "engine" is given by
--name (default: --lib). Rows the layer cannot run yet print {"pending": "why"} instead.

Rows: call_empty, call_add (2 i32 args), host_call (wasm calling a Python function in a loop),
mem_read_1mb / mem_write_1mb (bytes out of / into linear memory), compile_instantiate (the
micro module), and with --qjs: qjs_fib25.
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "python"))

CALLS = 20_000
HOST_CALLS = 20_000
MIB = 1 << 20
JS_FIB = "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); } fib(25);"

ENGINE = "?"


def emit(bench, unit, samples):
    print(json.dumps({"engine": ENGINE, "bench": bench, "unit": unit, "samples": samples}), flush=True)


def pending(bench, why):
    print(json.dumps({"engine": ENGINE, "bench": bench, "pending": why}), flush=True)


def timed(reps, per, scale, fn):
    fn()  # warm-up
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * scale / per)
    return out


# ---------------------------------------------------------------------------------------
# procedural layer: wamr.wasmcapi.ffi (ours, or WAMR's libiwasm via $WAMR_LIBIWASM)
# ---------------------------------------------------------------------------------------

def bench_procedural(wasm, reps):
    import ctypes as c
    from wamr.wasmcapi import ffi as w

    engine = w.wasm_engine_new()
    store = w.wasm_store_new(engine)

    @w.wasm_func_cb_decl
    def host_inc(args, results):
        results.contents.data[0] = w.wasm_i32_val(args.contents.data[0].of.i32 + 1)

    host_type = w.wasm_functype_new_1_1(w.wasm_valtype_new_i32(), w.wasm_valtype_new_i32())

    def instantiate():
        binary = w.load_module_file(wasm)
        module = w.wasm_module_new(store, binary)
        w.wasm_byte_vec_delete(binary)
        if w.is_null_pointer(module):
            raise RuntimeError("wasm_module_new failed")
        func = w.wasm_func_new(store, host_type, host_inc)
        imports = w.wasm_array_vec(w.wasm_extern_vec_t,
                                   w.list_to_carray(c.POINTER(w.wasm_extern_t), w.wasm_func_as_extern(func)))
        trap = c.POINTER(w.wasm_trap_t)()
        instance = w.wasm_instance_new(store, module, imports, c.byref(trap))
        if w.is_null_pointer(instance):
            raise RuntimeError("wasm_instance_new failed")
        return module, func, instance

    def destroy(module, func, instance):
        w.wasm_instance_delete(instance)
        w.wasm_func_delete(func)
        w.wasm_module_delete(module)

    module, func, instance = instantiate()
    exports = w.wasm_extern_vec_t()
    w.wasm_instance_exports(instance, exports)
    etypes = w.wasm_exporttype_vec_t()
    w.wasm_module_exports(module, etypes)
    by_name = {}
    for i in range(etypes.size):
        by_name[w.wasm_name_to_str(w.wasm_exporttype_name(etypes.data[i])).rstrip("\0")] = exports.data[i]
    f = {n: w.wasm_extern_as_func(e) for n, e in by_name.items() if n != "memory"}
    memory = w.wasm_extern_as_memory(by_name["memory"])

    none = w.wasm_val_vec_t()
    w.wasm_val_vec_new_empty(none)
    call = w.wasm_func_call

    def empty():
        fe = f["empty"]
        for _ in range(CALLS):
            call(fe, none, none)
    emit("call_empty", "ns", timed(reps, CALLS, 1e9, empty))

    args = (w.wasm_val_t * 2)(w.wasm_i32_val(0), w.wasm_i32_val(0))
    res = (w.wasm_val_t * 1)(w.wasm_i32_val(0))
    av = w.wasm_array_vec(w.wasm_val_vec_t, args)
    rv = w.wasm_array_vec(w.wasm_val_vec_t, res)

    def add():
        fa = f["add"]
        a0, a1, r0 = args[0].of, args[1].of, res[0].of
        acc = 0
        for i in range(CALLS):
            a0.i32 = acc
            a1.i32 = i
            call(fa, av, rv)
            acc = r0.i32
        assert acc == (CALLS * (CALLS - 1) // 2) & 0xFFFFFFFF or acc == (CALLS * (CALLS - 1) // 2) - (1 << 32)
    emit("call_add", "ns", timed(reps, CALLS, 1e9, add))

    def host():
        args[0].of.i32 = HOST_CALLS
        hv = w.wasm_array_vec(w.wasm_val_vec_t, (w.wasm_val_t * 1)(w.wasm_i32_val(HOST_CALLS)))
        call(f["host_loop"], hv, rv)
        assert res[0].of.i32 == HOST_CALLS, res[0].of.i32
    emit("host_call", "ns", timed(reps, HOST_CALLS, 1e9, host))

    def mem_read():
        base = w.wasm_memory_data(memory)
        data = c.string_at(base, MIB)  # one memcpy, no per-byte loop
        assert len(data) == MIB
    emit("mem_read_1mb", "us", timed(reps, 1, 1e6, mem_read))

    payload = bytes(range(256)) * (MIB // 256)

    def mem_write():
        base = w.wasm_memory_data(memory)
        c.memmove(base, payload, MIB)
    emit("mem_write_1mb", "us", timed(reps, 1, 1e6, mem_write))

    def startup():
        destroy(*instantiate())
    emit("compile_instantiate", "us", timed(reps, 1, 1e6, startup))

    w.wasm_exporttype_vec_delete(etypes)
    w.wasm_extern_vec_delete(exports)
    destroy(module, func, instance)
    w.wasm_functype_delete(host_type)
    w.wasm_store_delete(store)
    w.wasm_engine_delete(engine)


def qjs_procedural(qjs, reps):
    """QuickJS-NG (a WASI reactor; `_initialize` runs at instantiation) through the
    procedural layer, on whichever library $WAMR_LIBIWASM names."""
    import ctypes as c
    from wamr.wasmcapi import ffi as w

    engine = w.wasm_engine_new()
    store = w.wasm_store_new(engine)
    binary = w.load_module_file(qjs)
    module = w.wasm_module_new(store, binary)
    trap = c.POINTER(w.wasm_trap_t)()
    empty = w.wasm_extern_vec_t()
    w.wasm_extern_vec_new_empty(empty)
    # WAMR's default 32 KiB wasm stack is too small for QuickJS: give every library 1 MiB
    # (ours accepts and ignores the size: wasmi's stack limit is per engine).
    instance = w.wasm_instance_new_with_args(store, module, empty, c.byref(trap), 1 << 20, 0)
    if w.is_null_pointer(instance):
        raise RuntimeError("qjs instantiation failed")
    exports = w.wasm_extern_vec_t()
    w.wasm_instance_exports(instance, exports)
    etypes = w.wasm_exporttype_vec_t()
    w.wasm_module_exports(module, etypes)
    ex = {}
    for i in range(etypes.size):
        ex[w.wasm_name_to_str(w.wasm_exporttype_name(etypes.data[i])).rstrip("\0")] = exports.data[i]
    memory = w.wasm_extern_as_memory(ex["memory"])

    def call(name, *ints):
        fn = w.wasm_extern_as_func(ex[name])
        a = (w.wasm_val_t * max(1, len(ints)))(*[w.wasm_i32_val(x) for x in ints])
        r = (w.wasm_val_t * 1)(w.wasm_i32_val(0))
        av = w.wasm_val_vec_t(len(ints), a, len(ints), 16, None)
        rv = w.wasm_val_vec_t(1, r, 1, 16, None)
        t = w.wasm_func_call(fn, av, rv)
        if not w.is_null_pointer(t):
            msg = w.wasm_byte_vec_t()
            w.wasm_trap_message(t, msg)
            raise RuntimeError("%s trapped: %s" % (name, w.wasm_name_to_str(msg)))
        return r[0].of.i32

    def poke(p, data):
        c.memmove(c.cast(w.wasm_memory_data(memory), c.c_void_p).value + p, data, len(data))

    emit("qjs_fib25", "ms", timed(reps, 1, 1e3, lambda: eval_js(call, poke)))


def eval_js(call, poke):
    """qjs_init_argv(argc, argv) with argv = ["qjs", "-e", JS_FIB] written into guest memory."""
    argv = [b"qjs\0", b"-e\0", JS_FIB.encode() + b"\0"]
    ptrs = []
    for s in argv:
        p = call("malloc", len(s))
        poke(p, s)
        ptrs.append(p)
    table = call("malloc", 4 * len(ptrs))
    poke(table, b"".join(p.to_bytes(4, "little") for p in ptrs))
    rc = call("qjs_init_argv", len(ptrs), table)
    if rc != 0:
        raise RuntimeError("qjs_init_argv returned %d" % rc)
    call("qjs_destroy")


# ---------------------------------------------------------------------------------------
# wasmtime-py
# ---------------------------------------------------------------------------------------

def bench_wasmtime(wasm, reps):
    import wasmtime as wt

    engine = wt.Engine()
    store = wt.Store(engine)
    with open(wasm, "rb") as fh:
        binary = fh.read()
    host_type = wt.FuncType([wt.ValType.i32()], [wt.ValType.i32()])

    def instantiate():
        module = wt.Module(engine, binary)
        host = wt.Func(store, host_type, lambda x: x + 1)
        return wt.Instance(store, module, [host])

    instance = instantiate()
    ex = instance.exports(store)
    fe, fa, fh_, memory = ex["empty"], ex["add"], ex["host_loop"], ex["memory"]

    def empty():
        for _ in range(CALLS):
            fe(store)
    emit("call_empty", "ns", timed(reps, CALLS, 1e9, empty))

    def add():
        acc = 0
        for i in range(CALLS):
            acc = fa(store, acc, i)
    emit("call_add", "ns", timed(reps, CALLS, 1e9, add))

    def host():
        assert fh_(store, HOST_CALLS) == HOST_CALLS
    emit("host_call", "ns", timed(reps, HOST_CALLS, 1e9, host))

    def mem_read():
        assert len(memory.read(store, 0, MIB)) == MIB
    emit("mem_read_1mb", "us", timed(reps, 1, 1e6, mem_read))

    payload = bytes(range(256)) * (MIB // 256)
    emit("mem_write_1mb", "us", timed(reps, 1, 1e6, lambda: memory.write(store, payload, 0)))
    emit("compile_instantiate", "us", timed(reps, 1, 1e6, instantiate))


def qjs_wasmtime(qjs, reps):
    import wasmtime as wt

    engine = wt.Engine()
    module = wt.Module.from_file(engine, qjs)
    linker = wt.Linker(engine)
    linker.define_wasi()
    store = wt.Store(engine)
    store.set_wasi(wt.WasiConfig())
    instance = linker.instantiate(store, module)
    ex = instance.exports(store)
    ex["_initialize"](store)  # a reactor: wasmtime-py leaves this to the caller
    memory = ex["memory"]
    emit("qjs_fib25", "ms", timed(reps, 1, 1e3, lambda: eval_js(
        lambda name, *a: ex[name](store, *a), lambda p, data: memory.write(store, data, p))))


# ---------------------------------------------------------------------------------------
# object layer (issue 5): `from wamr import Engine, Store, Module, Func, FuncType, ...`
# ---------------------------------------------------------------------------------------

OBJECT_ROWS = ("call_empty", "call_add", "host_call", "mem_read_1mb", "mem_write_1mb",
               "mem_view_1mb", "compile_instantiate")


def object_layer():
    """The object layer's module, or None while it does not exist yet."""
    try:
        import wamr
        for name in ("Engine", "Store", "Module", "Instance", "Func", "FuncType", "ValType"):
            getattr(wamr, name)
        return wamr
    except (ImportError, AttributeError):
        return None


def bench_object(wasm, reps):
    """The same rows through the object layer; its API is wasmtime-py's shape (issue 5)."""
    wm = object_layer()
    if wm is None:
        for row in OBJECT_ROWS:
            pending(row, "object layer (python/wamr, issue 5) not available yet")
        return
    engine = wm.Engine()
    store = wm.Store(engine)
    with open(wasm, "rb") as fh:
        binary = fh.read()
    host_type = wm.FuncType([wm.ValType.i32()], [wm.ValType.i32()])

    def instantiate():
        module = wm.Module(engine, binary)
        host = wm.Func(store, host_type, lambda x: x + 1)
        return wm.Instance(store, module, [host])

    instance = instantiate()
    ex = instance.exports(store)
    fe, fa, fh_, memory = ex["empty"], ex["add"], ex["host_loop"], ex["memory"]

    def empty():
        for _ in range(CALLS):
            fe(store)
    emit("call_empty", "ns", timed(reps, CALLS, 1e9, empty))

    def add():
        acc = 0
        for i in range(CALLS):
            acc = fa(store, acc, i)
    emit("call_add", "ns", timed(reps, CALLS, 1e9, add))

    def host():
        assert fh_(store, HOST_CALLS) == HOST_CALLS
    emit("host_call", "ns", timed(reps, HOST_CALLS, 1e9, host))

    def mem_read():
        assert len(memory.read(store, 0, MIB)) == MIB
    emit("mem_read_1mb", "us", timed(reps, 1, 1e6, mem_read))
    payload = bytes(range(256)) * (MIB // 256)
    emit("mem_write_1mb", "us", timed(reps, 1, 1e6, lambda: memory.write(store, payload, 0)))

    # zero-copy: a memoryview over linear memory (the name is the object layer's to pick)
    view_fn = next((getattr(memory, n) for n in ("memoryview", "view", "data_view", "buffer")
                    if callable(getattr(memory, n, None))), None)
    if view_fn is None:
        pending("mem_view_1mb", "no memoryview accessor found on Memory")
    else:
        def mem_view():
            view = view_fn(store)
            view[0:MIB] = payload  # one copy into wasm memory, through the view
            assert bytes(view[MIB - 4:MIB]) == payload[-4:]
        emit("mem_view_1mb", "us", timed(reps, 1, 1e6, mem_view))
    emit("compile_instantiate", "us", timed(reps, 1, 1e6, instantiate))


def qjs_object(qjs, reps):
    wm = object_layer()
    if wm is None:
        pending("qjs_fib25", "object layer (python/wamr, issue 5) not available yet")
        return
    engine = wm.Engine()
    module = wm.Module.from_file(engine, qjs)
    store = wm.Store(engine)
    instance = wm.Instance(store, module, [])  # WASI built in; `_initialize` runs here
    ex = instance.exports(store)
    memory = ex["memory"]
    emit("qjs_fib25", "ms", timed(reps, 1, 1e3, lambda: eval_js(
        lambda name, *a: ex[name](store, *a), lambda p, data: memory.write(store, data, p))))


def main():
    global ENGINE
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lib", choices=("procedural", "object", "wasmtime"), required=True)
    ap.add_argument("--name", help="engine name in the output (default: --lib)")
    ap.add_argument("--wasm", help="bench/wat/micro.wat compiled")
    ap.add_argument("--qjs", help="qjs-wasi-reactor.wasm: run the QuickJS row instead")
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    ENGINE = a.name or a.lib
    if a.qjs:
        {"procedural": qjs_procedural, "object": qjs_object, "wasmtime": qjs_wasmtime}[a.lib](a.qjs, a.reps)
    else:
        {"procedural": bench_procedural, "object": bench_object, "wasmtime": bench_wasmtime}[a.lib](a.wasm, a.reps)


if __name__ == "__main__":
    main()
