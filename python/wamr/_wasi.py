"""WasiConfig: WASI arguments, environment, preopened directories and stdio for the
instances of a store or of a module (the library's built-in `wasi_snapshot_preview1`)."""
from __future__ import annotations

import ctypes as c
import os
import sys
import tempfile
import threading
from typing import IO, Any, Iterable, List, Mapping, Optional, Tuple, Union

from . import _lib as L
from ._module import Module

PathLike = Union[str, "os.PathLike[str]"]
# where a stdio stream goes: None inherits the process's; a path, an open file (anything
# with fileno()) or a file descriptor; bytes for stdin feed those bytes
Stream = Union[None, PathLike, int, IO[Any]]


def _fsdecode(p: Any, what: str) -> str:
    if not isinstance(p, (str, os.PathLike)):
        raise TypeError("WasiConfig %s must be a path, got %s" % (what, type(p).__name__))
    return os.fsdecode(p)


def _strings(items: List[str]) -> Any:
    arr = (c.c_char_p * max(len(items), 1))(*[s.encode("utf-8") for s in items])
    return arr


class WasiConfig:
    """WASI set-up for the instances of a store (as in wasmtime-py) or of a module:

        wasi = WasiConfig()
        wasi.argv = ["prog", "x"]
        wasi.env = {"KEY": "value"}            # or [("KEY", "value")]
        wasi.preopen_dir("/host/data", "/data")
        wasi.stdout_file = "out.txt"           # or wasi.capture_stdout = True
        store.set_wasi(wasi)                   # every later instance in the store
        ...                                    # (or wasi.apply(module): that module's)
        print(wasi.stdout_bytes)               # with capture_stdout: what was written

    Misspelt attributes raise AttributeError. inherit_argv(), inherit_env(),
    inherit_stdin(), inherit_stdout(), inherit_stderr() take the process's (the
    streams are inherited unless set otherwise).

    preopen_dirs: {guest path: host path}, or a list of host paths (seen under the
    same path) or (host, guest) pairs; preopen_dir() adds one.
    stdin/stdout/stderr: None inherits the process's stream; a path (opened when the
    config is applied: stdout/stderr created or truncated), an open file or a file
    descriptor (duplicated); `stdin` also takes bytes. `capture_stdout` /
    `capture_stderr` collect the output in a temporary file readable as
    `stdout_bytes` / `stderr_bytes`. It owns those files: close() it (or use `with`)
    when done; a module it was applied to cannot be instantiated after that.
    The files are opened at the first instantiation (or apply) and stay the same from
    then on: setting a stream after that raises ValueError."""

    __slots__ = ("_closed", "_files", "_fds", "_captured", "_argv", "_env", "_dirs", "_stdin", "_stdout",
                 "_stderr", "_capture", "_lock", "__weakref__")
    _stdin: Union[Stream, bytes]
    _stdout: Stream
    _stderr: Stream

    def __init__(self, argv: Iterable[str] = (), env: Union[Mapping[str, str], Iterable[Tuple[str, str]], None] = None,
                 preopen_dirs: Union[Mapping[str, PathLike], Iterable[Union[PathLike, Tuple[PathLike, str]]],
                                     None] = None,
                 stdin: Union[Stream, bytes] = None, stdout: Stream = None, stderr: Stream = None,
                 capture_stdout: bool = False, capture_stderr: bool = False) -> None:
        self._closed = False
        self._lock = threading.Lock()  # opening the files once
        self._files: List[Any] = []  # what we opened, closed by close()
        self._fds: Optional[Tuple[int, int, int]] = None
        self._captured: "dict[str, Any]" = {}
        self.argv = argv
        self.env = env if env is not None else {}
        self._dirs: List[Tuple[str, str]] = []
        if preopen_dirs is not None:
            if isinstance(preopen_dirs, Mapping):
                for guest, host in preopen_dirs.items():
                    self.preopen_dir(host, guest)
            elif isinstance(preopen_dirs, (str, os.PathLike)):
                self.preopen_dir(preopen_dirs)
            elif not isinstance(preopen_dirs, Iterable):
                raise TypeError("WasiConfig preopen_dirs must be a mapping or a list of directories, got %s"
                                % type(preopen_dirs).__name__)
            else:
                for item in preopen_dirs:
                    if isinstance(item, tuple):  # (host, guest)
                        self.preopen_dir(*item)
                    else:
                        self.preopen_dir(item)
        if capture_stdout and stdout is not None:
            raise ValueError("WasiConfig: give stdout or capture_stdout, not both")
        if capture_stderr and stderr is not None:
            raise ValueError("WasiConfig: give stderr or capture_stderr, not both")
        self._check_stream(stdin, "stdin", allow_bytes=True)
        self._check_stream(stdout, "stdout")
        self._check_stream(stderr, "stderr")
        self._stdin, self._stdout, self._stderr = stdin, stdout, stderr
        self._capture = {"stdout": bool(capture_stdout), "stderr": bool(capture_stderr)}

    # -- settings -------------------------------------------------------------------

    @property
    def argv(self) -> List[str]:
        """The program's arguments (argv[0] included)."""
        return list(self._argv)

    @argv.setter
    def argv(self, value: Iterable[str]) -> None:
        if isinstance(value, (str, bytes)):
            raise TypeError("WasiConfig argv must be a list of str, not a single string")
        if not isinstance(value, Iterable):
            raise TypeError("WasiConfig argv must be a list of str, got %s" % type(value).__name__)
        items = list(value)
        for a in items:
            if not isinstance(a, str) or "\0" in a:
                raise TypeError("WasiConfig argv items must be str without NUL, got %r" % (a,))
        self._argv = items

    @property
    def env(self) -> List[Tuple[str, str]]:
        """The environment, as (name, value) pairs."""
        return list(self._env)

    @env.setter
    def env(self, value: Union[Mapping[str, str], Iterable[Tuple[str, str]]]) -> None:
        if isinstance(value, (str, bytes)) or not isinstance(value, (Mapping, Iterable)):
            raise TypeError("WasiConfig env must be a mapping or (name, value) pairs, got %s" % type(value).__name__)
        pairs = list(value.items()) if isinstance(value, Mapping) else list(value)
        out = []
        for pair in pairs:
            if not isinstance(pair, tuple) or len(pair) != 2:
                raise TypeError("WasiConfig env must be a mapping or (name, value) pairs, got %r" % (pair,))
            k, v = pair
            if not isinstance(k, str) or not isinstance(v, str):
                raise TypeError("WasiConfig env names and values must be str, got %r" % (pair,))
            if not k or "=" in k or "\0" in k or "\0" in v:
                raise ValueError("WasiConfig: invalid environment variable name %r" % k)
            out.append((k, v))
        self._env = out

    @property
    def preopen_dirs(self) -> List[Tuple[str, str]]:
        """The preopened directories, as (host path, guest path) pairs."""
        return list(self._dirs)

    def preopen_dir(self, host_path: PathLike, guest_path: Optional[str] = None) -> None:
        """Gives the program the host directory host_path, seen as guest_path (the
        same path when None)."""
        self._check_open()
        host = _fsdecode(host_path, "host directory")
        guest = host if guest_path is None else _fsdecode(guest_path, "guest directory")
        if not os.path.isdir(host):
            raise FileNotFoundError("WasiConfig: no such directory: %r" % host)
        if "\0" in host or "\0" in guest or "::" in guest:
            raise ValueError("WasiConfig: invalid directory mapping %r -> %r" % (host, guest))
        self._dirs.append((host, guest))

    @staticmethod
    def _check_stream(s: Any, name: str, allow_bytes: bool = False) -> None:
        if s is None or isinstance(s, (str, os.PathLike)):
            return
        if isinstance(s, bool):
            raise TypeError("WasiConfig %s: expected a path, a file or a descriptor, got bool" % name)
        if isinstance(s, int):
            if not 0 <= s <= 0x7FFFFFFF:  # a C int
                raise ValueError("WasiConfig %s: invalid file descriptor %d" % (name, s))
            return
        if allow_bytes and isinstance(s, (bytes, bytearray, memoryview)):
            return
        if hasattr(s, "fileno"):
            return
        raise TypeError("WasiConfig %s: expected None, a path, a file or a descriptor, got %s"
                        % (name, type(s).__name__))

    def _set_stream(self, name: str, value: Any) -> None:
        self._check_open()
        if self._fds is not None:
            raise ValueError("WasiConfig: %s is fixed once the config was used" % name)
        self._check_stream(value, name, allow_bytes=name == "stdin")
        setattr(self, "_" + name, value)
        if name != "stdin":
            self._capture[name] = False

    @property
    def stdin(self) -> Union[Stream, bytes]:
        """stdin: None (the process's), a path, an open file, a descriptor, or bytes."""
        return self._stdin

    @stdin.setter
    def stdin(self, value: Union[Stream, bytes]) -> None:
        self._set_stream("stdin", value)

    @property
    def stdout(self) -> Stream:
        """stdout: None (the process's), a path (created or truncated), an open file or a
        descriptor."""
        return self._stdout

    @stdout.setter
    def stdout(self, value: Stream) -> None:
        self._set_stream("stdout", value)

    @property
    def stderr(self) -> Stream:
        """stderr: as stdout."""
        return self._stderr

    @stderr.setter
    def stderr(self, value: Stream) -> None:
        self._set_stream("stderr", value)

    def _set_file(self, name: str, path: PathLike) -> None:
        self._set_stream(name, _fsdecode(path, name + "_file"))

    # wasmtime-py's names: paths only
    @property
    def stdin_file(self) -> Union[Stream, bytes]:
        """Path of the file read as stdin."""
        return self._stdin

    @stdin_file.setter
    def stdin_file(self, path: PathLike) -> None:
        self._set_file("stdin", path)

    @property
    def stdout_file(self) -> Stream:
        """Path of the file stdout goes to (created or truncated)."""
        return self._stdout

    @stdout_file.setter
    def stdout_file(self, path: PathLike) -> None:
        self._set_file("stdout", path)

    @property
    def stderr_file(self) -> Stream:
        """Path of the file stderr goes to (created or truncated)."""
        return self._stderr

    @stderr_file.setter
    def stderr_file(self, path: PathLike) -> None:
        self._set_file("stderr", path)

    @property
    def stdin_bytes(self) -> bytes:
        """Bytes given as stdin (b"" if stdin is not bytes)."""
        return bytes(self._stdin) if isinstance(self._stdin, (bytes, bytearray, memoryview)) else b""

    @stdin_bytes.setter
    def stdin_bytes(self, value: bytes) -> None:
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise TypeError("WasiConfig stdin_bytes must be bytes, got %s" % type(value).__name__)
        self._set_stream("stdin", bytes(value))

    def _set_capture(self, name: str, on: bool) -> None:
        if not isinstance(on, bool):
            raise TypeError("WasiConfig capture_%s must be a bool, got %s" % (name, type(on).__name__))
        self._check_open()
        if self._fds is not None:
            raise ValueError("WasiConfig: %s is fixed once the config was used" % name)
        if on:
            setattr(self, "_" + name, None)
        self._capture[name] = on

    @property
    def capture_stdout(self) -> bool:
        """Whether stdout is collected (read it as stdout_bytes)."""
        return bool(self._capture["stdout"])

    @capture_stdout.setter
    def capture_stdout(self, on: bool) -> None:
        self._set_capture("stdout", on)

    @property
    def capture_stderr(self) -> bool:
        """Whether stderr is collected (read it as stderr_bytes)."""
        return bool(self._capture["stderr"])

    @capture_stderr.setter
    def capture_stderr(self, on: bool) -> None:
        self._set_capture("stderr", on)

    def inherit_argv(self) -> None:
        """The program gets this process's arguments (sys.argv)."""
        self._check_open()
        self.argv = list(sys.argv)

    def inherit_env(self) -> None:
        """The program gets this process's environment."""
        self._check_open()
        self.env = dict(os.environ)

    def inherit_stdin(self) -> None:
        """The program reads this process's stdin."""
        self._set_stream("stdin", None)

    def inherit_stdout(self) -> None:
        """The program writes to this process's stdout."""
        self._set_stream("stdout", None)

    def inherit_stderr(self) -> None:
        """The program writes to this process's stderr."""
        self._set_stream("stderr", None)

    # -- files ----------------------------------------------------------------------

    def _open(self, s: Any, name: str) -> int:
        """The descriptor the library should use for stream `name` (-1: inherit)."""
        if self._capture.get(name):
            f = tempfile.TemporaryFile(prefix="wamr-wasi-%s-" % name)
            self._files.append(f)
            self._captured[name] = f
            return f.fileno()
        if s is None:
            return -1
        if isinstance(s, int):
            return s
        if isinstance(s, (bytes, bytearray, memoryview)):
            f = tempfile.TemporaryFile(prefix="wamr-wasi-stdin-")
            f.write(bytes(s))
            f.seek(0)
            self._files.append(f)
            return f.fileno()
        if isinstance(s, (str, os.PathLike)):
            opened: Any = open(s, "rb" if name == "stdin" else "wb")
            self._files.append(opened)
            return int(opened.fileno())
        fd = int(s.fileno())
        if hasattr(s, "flush"):
            s.flush()
        return fd

    def _captured_bytes(self, name: str) -> bytes:
        self._check_open()
        f = self._captured.get(name)
        if f is None:
            if self._capture.get(name):
                return b""  # not applied yet: nothing written
            raise ValueError("WasiConfig: %s is not captured (use capture_%s=True)" % (name, name))
        size = os.fstat(f.fileno()).st_size
        return os.pread(f.fileno(), size, 0) if size else b""

    @property
    def stdout_bytes(self) -> bytes:
        """What the program wrote to stdout so far (capture_stdout=True)."""
        return self._captured_bytes("stdout")

    @property
    def stderr_bytes(self) -> bytes:
        """What the program wrote to stderr so far (capture_stderr=True)."""
        return self._captured_bytes("stderr")

    # -- applying -------------------------------------------------------------------

    def apply(self, module: Module) -> None:
        """Makes this the WASI set-up of the module's later instances (in stores without
        a config of their own: Store.set_wasi). The files are opened at the first use
        and shared by every module and store it is used for."""
        if not isinstance(module, Module):
            raise TypeError("WasiConfig.apply() needs a Module, got %s" % type(module).__name__)
        self._set_args(module)
        module._wasi = self

    def _set_args(self, module: Module) -> None:
        """Gives the module's next instantiation this set-up."""
        self._check_open()
        module._p()
        maps = _strings(["%s::%s" % (guest, host) for host, guest in self._dirs])
        env = _strings(["%s=%s" % kv for kv in self._env])
        argv = _strings(self._argv)
        with self._lock:
            if self._fds is None:
                self._fds = (self._open(self._stdin, "stdin"), self._open(self._stdout, "stdout"),
                             self._open(self._stderr, "stderr"))
        with module._use() as mp:
            module_value = c.c_void_p.from_address(mp).value  # `*module`, as the extension takes it
            L.set_wasi_args_ex(module_value, None, 0, maps, len(self._dirs), env, len(self._env),
                               argv, len(self._argv), *self._fds)
        # WAMR's own libiwasm keeps these pointers until the module is instantiated
        # (ours copies them): they live as long as the module may read them.
        module._wasi_args = (maps, env, argv)

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError("this WasiConfig is closed")

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Closes the files it opened (captured output is gone after this)."""
        if self._closed:
            return
        self._closed = True
        files, self._files = self._files, []
        self._captured = {}
        for f in files:
            try:
                f.close()
            except OSError:
                pass

    def __enter__(self) -> "WasiConfig":
        self._check_open()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001
            pass

    def __repr__(self) -> str:
        return "<WasiConfig argv=%r%s>" % (self._argv, " closed" if self._closed else "")


def reset_wasi_args(module: Module) -> None:
    """Gives the module's next instantiations the library's default WASI set-up (no
    arguments, environment or directories; the process's stdio)."""
    with module._use() as mp:
        module_value = c.c_void_p.from_address(mp).value
        L.set_wasi_args_ex(module_value, None, 0, None, 0, None, 0, None, 0, -1, -1, -1)
    module._wasi_args = None
