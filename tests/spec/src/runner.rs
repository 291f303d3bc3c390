//! Runs the commands of one .wast file through the C API.
use crate::capi::{self, Instance, Module, Store};
use crate::source;
use crate::v128::Wrappers;
use crate::values::{self, ExternRefs, Value};
use iwasm::*;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
use wast::core::ModuleKind;
use wast::{QuoteWat, QuoteWatTest, WastDirective, WastExecute, WastInvoke, Wat};

#[derive(Debug)]
pub enum Outcome {
    Pass,
    Fail(String),
    /// Listed in the expected-failure list (or needing a module listed there).
    Expected(String),
    Skipped(String),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Outcome::Pass => write!(f, "passed"),
            Outcome::Fail(m) => write!(f, "FAILED: {m}"),
            Outcome::Expected(m) => write!(f, "expected failure: {m}"),
            Outcome::Skipped(m) => write!(f, "skipped: {m}"),
        }
    }
}

#[derive(Default)]
pub struct Totals {
    pub passed: usize,
    pub failed: usize,
    pub expected: usize,
    pub skipped: usize,
}

impl Totals {
    pub fn add(&mut self, o: &Outcome) {
        match o {
            Outcome::Pass => self.passed += 1,
            Outcome::Fail(_) => self.failed += 1,
            Outcome::Expected(_) => self.expected += 1,
            Outcome::Skipped(_) => self.skipped += 1,
        }
    }

    pub fn merge(&mut self, o: &Totals) {
        self.passed += o.passed;
        self.failed += o.failed;
        self.expected += o.expected;
        self.skipped += o.skipped;
    }
}

impl fmt::Display for Totals {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} passed, {} failed, {} expected failures, {} skipped", self.passed, self.failed, self.expected, self.skipped)
    }
}

/// tests/spec/expected-failures.txt: `LABEL:LINE  reason` (or `LABEL:*` for a whole
/// file); `#` starts a comment.
pub struct ExpectedList {
    entries: Vec<(String, String, bool)>,
}

impl ExpectedList {
    pub fn load(path: &str) -> Result<ExpectedList, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let mut entries = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (key, reason) = line.split_once(char::is_whitespace).ok_or(format!("line {}: no reason given", n + 1))?;
            entries.push((key.to_string(), reason.trim().to_string(), false));
        }
        Ok(ExpectedList { entries })
    }

    fn reason(&mut self, label: &str, line: usize) -> Option<String> {
        let exact = format!("{label}:{line}");
        let whole = format!("{label}:*");
        let at = self.entries.iter().position(|(k, _, _)| *k == exact).or_else(|| self.entries.iter().position(|(k, _, _)| *k == whole))?;
        let (_, reason, used) = &mut self.entries[at];
        *used = true;
        Some(reason.clone())
    }

    /// Entries of the files run that matched no failure.
    pub fn unused(&self, ran: &[String]) -> Vec<String> {
        self.entries
            .iter()
            .filter(|(k, _, used)| !used && ran.iter().any(|label| k.rsplit_once(':').is_some_and(|(l, _)| l == label)))
            .map(|(k, _, _)| k.clone())
            .collect()
    }
}

/// A module's instance, or why there is none.
#[derive(Clone)]
enum Slot {
    Live(Rc<Instance>),
    /// Failed at `line`; `expected` when that failure is listed.
    Broken { line: usize, expected: bool },
}

enum Failure {
    Trap(String),
    /// Could not run: a listed or failed module, an unsupported value, a missing export...
    Outcome(Outcome),
}

impl From<String> for Failure {
    fn from(m: String) -> Failure {
        Failure::Outcome(Outcome::Fail(m))
    }
}

struct FileRun<'a> {
    label: &'a str,
    src: &'a str,
    line: usize,
    wrappers: Wrappers,
    named: HashMap<String, Slot>,
    registered: HashMap<String, Slot>,
    /// Module definitions by name; a failed one records its line and whether it is listed.
    definitions: HashMap<String, Result<Rc<Module>, (usize, bool)>>,
    current: Option<Slot>,
    spectest: Vec<(&'static str, *mut wasm_extern_t)>,
    refs: ExternRefs,
    store: Store,
}

/// Runs every command of one file; returns each command's line and outcome.
pub fn run_file(engine: *mut wasm_engine_t, label: &str, src: &str, expected: &mut ExpectedList) -> Vec<(usize, Outcome)> {
    let mut out = Vec::new();
    let buf = {
        let mut lexer = wast::lexer::Lexer::new(src);
        lexer.allow_confusing_unicode(true);
        wast::parser::ParseBuffer::new_with_lexer(lexer)
    };
    let parsed = buf.as_ref().map_err(|e| e.to_string()).and_then(|b| wast::parser::parse::<wast::Wast>(b).map_err(|e| e.to_string()));
    let directives = match parsed {
        Ok(w) => w.directives,
        Err(e) => {
            let outcome = match expected.reason(label, 0) {
                Some(reason) => Outcome::Expected(reason),
                None => Outcome::Fail(format!("the wast crate cannot parse the file: {e}")),
            };
            return vec![(0, outcome)];
        }
    };
    let store = Store::new(engine);
    let mut run = FileRun {
        label,
        src,
        line: 0,
        wrappers: Wrappers::default(),
        named: HashMap::new(),
        registered: HashMap::new(),
        definitions: HashMap::new(),
        current: None,
        spectest: Vec::new(),
        refs: ExternRefs::new(store.raw),
        store,
    };
    run.spectest = unsafe { spectest(&run.store) };
    for mut d in directives {
        let (line, _) = d.span().linecol_in(src);
        run.line = line + 1;
        let outcome = run.directive(&mut d, expected);
        // A listed failure that failed; a listed one that passed shows up as unused.
        let outcome = match outcome {
            Outcome::Fail(m) => match expected.reason(label, run.line) {
                Some(reason) => Outcome::Expected(format!("{reason} ({m})")),
                None => Outcome::Fail(m),
            },
            o => o,
        };
        out.push((run.line, outcome));
    }
    let spectest = std::mem::take(&mut run.spectest);
    drop(run);
    for (_, e) in spectest {
        unsafe { wasm_extern_delete(e) }
    }
    out
}

unsafe extern "C" fn print(_: *const wasm_val_vec_t, _: *mut wasm_val_vec_t) -> *mut wasm_trap_t {
    std::ptr::null_mut()
}

/// The `spectest` module every file may import from.
unsafe fn spectest(store: &Store) -> Vec<(&'static str, *mut wasm_extern_t)> {
    let s = store.raw;
    let func = |params: &[wasm_valkind_t]| {
        let mut p = capi::vec_of!(wasm_valtype_vec_t);
        let types: Vec<*mut wasm_valtype_t> = params.iter().map(|&k| wasm_valtype_new(k)).collect();
        wasm_valtype_vec_new(&mut p, types.len(), types.as_ptr());
        let mut r = capi::vec_of!(wasm_valtype_vec_t);
        wasm_valtype_vec_new_empty(&mut r);
        let ft = wasm_functype_new(&mut p, &mut r);
        let f = wasm_func_new(s, ft, Some(print));
        wasm_functype_delete(ft);
        wasm_func_as_extern(f)
    };
    let global = |kind: wasm_valkind_t, set: &dyn Fn(&mut wasm_val_t)| {
        let gt = wasm_globaltype_new(wasm_valtype_new(kind), WASM_CONST);
        let mut v = capi::zero(kind);
        set(&mut v);
        let g = wasm_global_new(s, gt, &v);
        wasm_globaltype_delete(gt);
        wasm_global_as_extern(g)
    };
    let tt = wasm_tabletype_new(wasm_valtype_new(WASM_FUNCREF), &wasm_limits_t { min: 10, max: 20 });
    let table = wasm_table_as_extern(wasm_table_new(s, tt, std::ptr::null_mut()));
    wasm_tabletype_delete(tt);
    let mt = wasm_memorytype_new(&wasm_limits_t { min: 1, max: 2 });
    let memory = wasm_memory_as_extern(wasm_memory_new(s, mt));
    wasm_memorytype_delete(mt);
    vec![
        ("print", func(&[])),
        ("print_i32", func(&[WASM_I32])),
        ("print_i64", func(&[WASM_I64])),
        ("print_f32", func(&[WASM_F32])),
        ("print_f64", func(&[WASM_F64])),
        ("print_i32_f32", func(&[WASM_I32, WASM_F32])),
        ("print_f64_f64", func(&[WASM_F64, WASM_F64])),
        ("global_i32", global(WASM_I32, &|v| v.of.i32 = 666)),
        ("global_i64", global(WASM_I64, &|v| v.of.i64 = 666)),
        ("global_f32", global(WASM_F32, &|v| v.of.f32 = 666.6)),
        ("global_f64", global(WASM_F64, &|v| v.of.f64 = 666.6)),
        ("table", table),
        ("memory", memory),
    ]
}

/// What a trap message is about, so the C API's wording (WAMR's) and the suite's compare.
fn trap_kind(message: &str) -> &str {
    let m = message.trim_start_matches("Exception: ");
    const KINDS: &[(&[&str], &str)] = &[
        (&["unreachable"], "unreachable"),
        (&["divide by zero"], "integer divide by zero"),
        (&["integer overflow"], "integer overflow"),
        (&["invalid conversion to integer"], "invalid conversion to integer"),
        (&["out of bounds memory", "memory access out of bounds"], "out of bounds memory access"),
        (&["undefined element", "out of bounds table", "table index is out of bounds"], "out of bounds table access"),
        (&["uninitialized element"], "uninitialized element"),
        (&["indirect call type mismatch"], "indirect call type mismatch"),
        (&["stack overflow", "call stack exhausted", "stack exhausted"], "call stack exhausted"),
        (&["null"], "null reference"),
    ];
    for (needles, kind) in KINDS {
        if needles.iter().any(|n| m.contains(n)) {
            return kind;
        }
    }
    m
}

impl FileRun<'_> {
    fn directive(&mut self, d: &mut WastDirective, expected: &mut ExpectedList) -> Outcome {
        match d {
            WastDirective::Module(m) => self.module(m, false, expected),
            WastDirective::ModuleDefinition(m) => self.module(m, true, expected),
            WastDirective::ModuleInstance { instance, module, .. } => {
                let def = match module.and_then(|id| self.definitions.get(id.name()).cloned()) {
                    Some(Ok(def)) => def,
                    Some(Err((line, expected))) => {
                        if let Some(id) = instance {
                            self.named.insert(id.name().to_string(), Slot::Broken { line, expected });
                        }
                        self.current = Some(Slot::Broken { line, expected });
                        return needs(line, expected);
                    }
                    None => return Outcome::Fail("instance of an unknown module definition".into()),
                };
                let slot = match self.instantiate(&def) {
                    Ok(inst) => Slot::Live(Rc::new(inst)),
                    Err(e) => return self.broken(instance.map(|i| i.name().to_string()), e, expected),
                };
                if let Some(id) = instance {
                    self.named.insert(id.name().to_string(), slot.clone());
                }
                self.current = Some(slot);
                Outcome::Pass
            }
            WastDirective::Register { name, module, .. } => {
                let slot = match module {
                    Some(id) => self.named.get(id.name()).cloned(),
                    None => self.current.clone(),
                };
                match slot {
                    Some(slot) => {
                        let outcome = match &slot {
                            Slot::Live(_) => Outcome::Pass,
                            Slot::Broken { line, expected } => needs(*line, *expected),
                        };
                        self.registered.insert(name.to_string(), slot);
                        outcome
                    }
                    None => Outcome::Fail("no module to register".into()),
                }
            }
            WastDirective::Invoke(i) => match self.invoke(i) {
                Ok(results) => {
                    results.iter().for_each(values::release);
                    Outcome::Pass
                }
                Err(Failure::Trap(t)) => Outcome::Fail(format!("trapped: {t}")),
                Err(Failure::Outcome(o)) => o,
            },
            WastDirective::AssertReturn { exec, results, .. } => match self.exec(exec) {
                Ok(got) => {
                    let outcome = if got.len() != results.len() {
                        Outcome::Fail(format!("{} results, expected {}", got.len(), results.len()))
                    } else {
                        match results.iter().zip(&got).map(|(e, g)| values::check(e, g, &self.refs)).find_map(Result::err) {
                            Some(m) => Outcome::Fail(m),
                            None => Outcome::Pass,
                        }
                    };
                    got.iter().for_each(values::release);
                    outcome
                }
                Err(Failure::Trap(t)) => Outcome::Fail(format!("trapped: {t}")),
                Err(Failure::Outcome(o)) => o,
            },
            WastDirective::AssertTrap { exec, message, .. } => self.expect_trap(exec, message),
            WastDirective::AssertExhaustion { call, message, .. } => match self.invoke(call) {
                Ok(r) => {
                    r.iter().for_each(values::release);
                    Outcome::Fail(format!("returned, expected a trap ({message})"))
                }
                Err(Failure::Trap(t)) => self.trap_matches(&t, message),
                Err(Failure::Outcome(o)) => o,
            },
            WastDirective::AssertInvalid { module, message, .. } => match self.binary(module) {
                Err(Failure::Outcome(o)) => o,
                // our text parser refusing an invalid module is a refusal too
                Err(Failure::Trap(_)) => Outcome::Pass,
                Ok(bin) if self.store.validate(&bin) => Outcome::Fail(format!("validated, expected invalid ({message})")),
                Ok(_) => Outcome::Pass,
            },
            WastDirective::AssertMalformed { module, message, .. } => match self.binary(module) {
                Err(Failure::Outcome(o)) => o,
                Err(Failure::Trap(_)) => Outcome::Pass,
                Ok(bin) if self.store.validate(&bin) => Outcome::Fail(format!("accepted, expected malformed ({message})")),
                Ok(_) => Outcome::Pass,
            },
            WastDirective::AssertUnlinkable { module, message, .. } => {
                let mut q = QuoteWat::Wat(std::mem::replace(module, dummy_wat()));
                let bin = match self.binary(&mut q) {
                    Ok(b) => b,
                    Err(Failure::Outcome(o)) => return o,
                    Err(Failure::Trap(e)) => return Outcome::Fail(format!("our WAT refused it: {e}")),
                };
                let m = match self.store.compile(&bin) {
                    Ok(m) => m,
                    Err(why) => return Outcome::Fail(format!("did not compile: {why}")),
                };
                match self.instantiate(&m) {
                    Ok(_) => Outcome::Fail(format!("linked, expected unlinkable ({message})")),
                    Err(Failure::Outcome(o)) => o,
                    Err(Failure::Trap(_)) => Outcome::Pass,
                }
            }
            WastDirective::AssertInvalidCustom { .. } | WastDirective::AssertMalformedCustom { .. } => {
                Outcome::Skipped("custom-section annotations (not seen through the C API)".into())
            }
            WastDirective::AssertException { .. } => Outcome::Skipped("exception handling (not in wasmi 2.0)".into()),
            WastDirective::AssertSuspension { .. } => Outcome::Skipped("stack switching (not in wasmi 2.0)".into()),
            WastDirective::Thread(_) | WastDirective::Wait { .. } => Outcome::Skipped("threads (not in wasmi 2.0)".into()),
        }
    }

    /// Defines (and unless `define_only`, instantiates) a module.
    fn module(&mut self, m: &mut QuoteWat, define_only: bool, expected: &mut ExpectedList) -> Outcome {
        let id = m.name().map(|i| i.name().to_string());
        let bin = match self.binary(m) {
            Ok(b) => b,
            Err(Failure::Outcome(o)) => return o,
            Err(Failure::Trap(e)) => return self.broken(id, Failure::Outcome(Outcome::Fail(format!("our WAT refused it: {e}"))), expected),
        };
        let module = match self.store.compile(&bin) {
            Ok(m) => m,
            Err(why) => return self.broken(id, Failure::Outcome(Outcome::Fail(format!("wasm_module_new refused it: {why}"))), expected),
        };
        if define_only {
            if let Some(id) = id {
                self.definitions.insert(id, Ok(Rc::new(module)));
            }
            return Outcome::Pass;
        }
        match self.instantiate(&module) {
            Ok(inst) => {
                let slot = Slot::Live(Rc::new(inst));
                if let Some(id) = id {
                    self.named.insert(id, slot.clone());
                }
                self.current = Some(slot);
                Outcome::Pass
            }
            Err(e) => self.broken(id, e, expected),
        }
    }

    /// Records a module that failed: its commands then report against it.
    fn broken(&mut self, id: Option<String>, e: Failure, expected: &mut ExpectedList) -> Outcome {
        let outcome = match e {
            Failure::Trap(t) => Outcome::Fail(format!("instantiation failed: {t}")),
            Failure::Outcome(o) => o,
        };
        let listed = matches!(outcome, Outcome::Fail(_)) && expected.reason(self.label, self.line).is_some();
        let expected = listed || matches!(outcome, Outcome::Expected(_));
        let slot = Slot::Broken { line: self.line, expected };
        if let Some(id) = id {
            self.definitions.insert(id.clone(), Err((self.line, expected)));
            self.named.insert(id, slot.clone());
        }
        self.current = Some(slot);
        outcome
    }

    /// The binary of a module form: text through `wamr_wat_to_wasm` (a refusal is a
    /// `Failure::Trap`), binary and quoted forms as written.
    fn binary(&mut self, m: &mut QuoteWat) -> Result<Vec<u8>, Failure> {
        match m {
            QuoteWat::Wat(Wat::Module(module)) => match module.kind {
                ModuleKind::Text(_) => match source::module_text(self.src, module.span.offset()) {
                    Some(text) => capi::wat_to_wasm(text.as_bytes()).map_err(Failure::Trap),
                    // a file that is one inline module has no `(module` form to hand over
                    None => m.encode().map_err(|e| Failure::from(format!("wast: {e}"))),
                },
                ModuleKind::Binary(_) => m.encode().map_err(|e| Failure::from(format!("wast: {e}"))),
            },
            QuoteWat::QuoteModule(..) => match m.to_test() {
                Ok(QuoteWatTest::Text(text)) => capi::wat_to_wasm(&text).map_err(Failure::Trap),
                Ok(QuoteWatTest::Binary(b)) => Ok(b),
                Err(e) => Err(Failure::from(format!("wast: {e}"))),
            },
            _ => Err(Failure::Outcome(Outcome::Skipped("component model".into()))),
        }
    }

    fn instantiate(&mut self, module: &Module) -> Result<Instance, Failure> {
        let mut externs = Vec::new();
        for imp in module.imports() {
            let found = if imp.module == "spectest" {
                self.spectest.iter().find(|(n, _)| *n == imp.name).map(|(_, e)| *e)
            } else {
                match self.registered.get(&imp.module) {
                    Some(Slot::Live(inst)) => inst.export(&imp.name),
                    Some(Slot::Broken { line, expected }) => return Err(Failure::Outcome(needs(*line, *expected))),
                    None => None,
                }
            };
            match found {
                Some(e) if unsafe { wasm_extern_kind(e) } == imp.kind => externs.push(e),
                Some(_) => return Err(Failure::Trap(format!("import ({}, {}) has another kind", imp.module, imp.name))),
                None => return Err(Failure::Trap(format!("unknown import ({}, {})", imp.module, imp.name))),
            }
        }
        Instance::new(&self.store, module, &externs).map_err(Failure::Trap)
    }

    fn instance(&self, id: Option<wast::token::Id>) -> Result<Rc<Instance>, Failure> {
        let slot = match id {
            Some(id) => self.named.get(id.name()).cloned(),
            None => self.current.clone(),
        };
        match slot {
            Some(Slot::Live(i)) => Ok(i),
            Some(Slot::Broken { line, expected }) => Err(Failure::Outcome(needs(line, expected))),
            None => Err(Failure::from("no module to run".to_string())),
        }
    }

    fn invoke(&mut self, i: &WastInvoke) -> Result<Vec<Value>, Failure> {
        let inst = self.instance(i.module)?;
        let e = inst.export(i.name).ok_or_else(|| format!("no export {:?}", i.name))?;
        let f = unsafe { wasm_extern_as_func(e) };
        if f.is_null() {
            return Err(format!("export {:?} is not a function", i.name).into());
        }
        let mut args = Vec::new();
        for a in &i.args {
            match values::arg(a, &mut self.refs) {
                Ok(v) => args.push(v),
                Err(why) => return Err(Failure::Outcome(Outcome::Skipped(why))),
            }
        }
        let (params, results) = unsafe { capi::func_sig(f) };
        if params.contains(&WASM_V128) || results.contains(&WASM_V128) {
            return self.wrappers.call(&self.store, e, &params, &results, &args).map_err(Failure::Trap);
        }
        let plain: Vec<wasm_val_t> = args
            .iter()
            .map(|a| match a {
                Value::Plain(v) => *v,
                Value::V128(_) => capi::zero(WASM_V128),
            })
            .collect();
        let out = unsafe { capi::call(f, &plain, results.len()) }.map_err(Failure::Trap)?;
        Ok(out.into_iter().map(Value::Plain).collect())
    }

    fn exec(&mut self, e: &mut WastExecute) -> Result<Vec<Value>, Failure> {
        match e {
            WastExecute::Invoke(i) => self.invoke(i),
            WastExecute::Get { module, global, .. } => {
                let inst = self.instance(*module)?;
                let ext = inst.export(global).ok_or_else(|| format!("no export {global:?}"))?;
                let g = unsafe { wasm_extern_as_global(ext) };
                if g.is_null() {
                    return Err(format!("export {global:?} is not a global").into());
                }
                let kind = unsafe {
                    let gt = wasm_global_type(g);
                    let k = wasm_valtype_kind(wasm_globaltype_content(gt));
                    wasm_globaltype_delete(gt);
                    k
                };
                if kind == WASM_V128 {
                    return Ok(vec![self.wrappers.get(&self.store, ext).map_err(Failure::Trap)?]);
                }
                let mut v = capi::zero(kind);
                unsafe { wasm_global_get(g, &mut v) };
                Ok(vec![Value::Plain(v)])
            }
            WastExecute::Wat(w) => {
                let mut q = QuoteWat::Wat(std::mem::replace(w, dummy_wat()));
                let bin = match self.binary(&mut q) {
                    Ok(b) => b,
                    Err(Failure::Trap(e)) => return Err(format!("our WAT refused it: {e}").into()),
                    Err(o) => return Err(o),
                };
                let m = self.store.compile(&bin).map_err(|why| format!("wasm_module_new refused it: {why}"))?;
                self.instantiate(&m).map(|_| Vec::new())
            }
        }
    }

    fn expect_trap(&mut self, exec: &mut WastExecute, message: &str) -> Outcome {
        match self.exec(exec) {
            Ok(r) => {
                r.iter().for_each(values::release);
                Outcome::Fail(format!("returned, expected a trap ({message})"))
            }
            Err(Failure::Trap(t)) => self.trap_matches(&t, message),
            Err(Failure::Outcome(o)) => o,
        }
    }

    fn trap_matches(&self, got: &str, message: &str) -> Outcome {
        if trap_kind(got) == trap_kind(message) {
            Outcome::Pass
        } else {
            Outcome::Fail(format!("trapped with {got:?}, expected {message:?}"))
        }
    }
}

fn needs(line: usize, expected: bool) -> Outcome {
    if expected {
        Outcome::Expected(format!("needs the module of line {line}"))
    } else {
        Outcome::Fail(format!("needs the module of line {line}, which failed"))
    }
}

/// A placeholder for a module taken out of a directive.
fn dummy_wat() -> Wat<'static> {
    Wat::Module(wast::core::Module {
        span: wast::token::Span::from_offset(0),
        id: None,
        name: None,
        kind: ModuleKind::Binary(Vec::new()),
    })
}
