//! Linking an instance's imports: each extern the caller gives is checked against the
//! import it goes to, and a mismatch is reported in WebAssembly text:
//! `import (env, g): expected (global i32), got (global (mut i64))`.
//!
//! WAMR's one relaxation is kept: a mutable global satisfies an immutable import. The
//! module then reads a snapshot of its value taken at instantiation (as WAMR copies it).
use crate::r#extern::wasm_extern_t;
use crate::store::StoreData;
use crate::types::externtype::*;
use std::fmt::Write;
use wasmi::{AsContext, AsContextMut, Extern, ExternType, Mutability, ValType};

fn val_text(t: ValType) -> &'static str {
    match t {
        ValType::I32 => "i32",
        ValType::I64 => "i64",
        ValType::F32 => "f32",
        ValType::F64 => "f64",
        ValType::V128 => "v128",
        ValType::FuncRef => "funcref",
        ValType::ExternRef => "externref",
    }
}

fn limits_text(out: &mut String, min: u64, max: Option<u64>) {
    let _ = write!(out, " {min}");
    if let Some(max) = max {
        let _ = write!(out, " {max}");
    }
}

fn func_text(ty: &wasmi::FuncType) -> String {
    let mut s = String::from("(func");
    for (word, list) in [("param", ty.params()), ("result", ty.results())] {
        if !list.is_empty() {
            let _ = write!(s, " ({word}");
            for t in list {
                let _ = write!(s, " {}", val_text(*t));
            }
            s.push(')');
        }
    }
    s.push(')');
    s
}

fn global_text(content: ValType, mutability: Mutability) -> String {
    match mutability {
        Mutability::Var => format!("(global (mut {}))", val_text(content)),
        Mutability::Const => format!("(global {})", val_text(content)),
    }
}

/// An import's type as WebAssembly text (`(func (param i32))`, `(memory 1 2)`, ...).
pub(crate) fn type_text(ty: &ExternType) -> String {
    match ty {
        ExternType::Func(f) => func_text(f),
        ExternType::Global(g) => global_text(g.content(), g.mutability()),
        ExternType::Table(t) => {
            let mut s = String::from("(table");
            if t.is_64() {
                s.push_str(" i64");
            }
            limits_text(&mut s, t.minimum(), t.maximum());
            let _ = write!(s, " {})", val_text(t.element().into()));
            s
        }
        ExternType::Memory(m) => {
            let mut s = String::from("(memory");
            if m.is_64() {
                s.push_str(" i64");
            }
            limits_text(&mut s, m.minimum(), m.maximum());
            s.push(')');
            s
        }
    }
}

pub(crate) fn kind_text(kind: wasm_externkind_t) -> &'static str {
    match kind {
        WASM_EXTERN_FUNC => "func",
        WASM_EXTERN_GLOBAL => "global",
        WASM_EXTERN_TABLE => "table",
        _ => "memory",
    }
}

/// What an extern is now, as an import would see it (tables and memories at their
/// current size, as the spec's import matching reads them).
fn given_text(ctx: impl AsContext, e: &Extern) -> String {
    match e {
        Extern::Func(f) => func_text(&f.ty(&ctx)),
        Extern::Global(g) => {
            let ty = g.ty(&ctx);
            global_text(ty.content(), ty.mutability())
        }
        Extern::Table(t) => {
            let ty = t.ty(&ctx);
            let mut s = String::from("(table");
            limits_text(&mut s, t.size(&ctx), ty.maximum());
            let _ = write!(s, " {})", val_text(ty.element().into()));
            s
        }
        Extern::Memory(m) => {
            let ty = m.ty(&ctx);
            let mut s = String::from("(memory");
            limits_text(&mut s, m.size(&ctx), ty.maximum());
            s.push(')');
            s
        }
    }
}

fn limits_match(given_min: u64, given_max: Option<u64>, min: u64, max: Option<u64>) -> bool {
    given_min >= min
        && match max {
            None => true,
            Some(max) => given_max.is_some_and(|g| g <= max),
        }
}

fn mismatch(import: &wasmi::ImportType<'_>, expected: String, got: String) -> String {
    format!("import ({}, {}): expected {expected}, got {got}", import.module(), import.name())
}

/// The extern to link for `import`, given the caller's `given`: the same extern when
/// it matches, a const snapshot of a mutable global for an immutable import (WAMR's
/// relaxation), otherwise a message saying what was expected and what was given.
pub(crate) fn check(
    mut ctx: impl AsContextMut<Data = StoreData>,
    import: &wasmi::ImportType<'_>,
    given: Extern,
) -> Result<Extern, String> {
    let fits = match (import.ty(), &given) {
        (ExternType::Func(want), Extern::Func(f)) => f.ty(&ctx) == *want,
        (ExternType::Global(want), Extern::Global(g)) => {
            let have = g.ty(&ctx);
            if have.content() != want.content() {
                false
            } else if have.mutability() == want.mutability() {
                true
            } else if want.mutability() == Mutability::Const {
                ctx.as_context_mut().data_mut().mark_linked(g);
                let value = g.get(&ctx);
                return Ok(Extern::Global(wasmi::Global::new(&mut ctx, value, Mutability::Const)));
            } else {
                false
            }
        }
        (ExternType::Table(want), Extern::Table(t)) => {
            let have = t.ty(&ctx);
            have.element() == want.element()
                && have.is_64() == want.is_64()
                && limits_match(t.size(&ctx), have.maximum(), want.minimum(), want.maximum())
        }
        (ExternType::Memory(want), Extern::Memory(m)) => {
            let have = m.ty(&ctx);
            have.is_64() == want.is_64()
                && limits_match(m.size(&ctx), have.maximum(), want.minimum(), want.maximum())
        }
        _ => false,
    };
    if fits {
        if let Extern::Global(g) = &given {
            ctx.as_context_mut().data_mut().mark_linked(g);
        }
        Ok(given)
    } else {
        Err(mismatch(import, type_text(import.ty()), given_text(&ctx, &given)))
    }
}

/// Refuses externs that no import of their kind is left for: WAMR links by position
/// within each kind, so an extern of a kind the module does not import (say, a global
/// where it imports a function) would otherwise be dropped silently. The message names
/// the import at the extern's position in `wasm_module_imports` order.
pub(crate) fn check_counts(
    ctx: impl AsContext,
    imports: &[wasmi::ImportType<'_>],
    given: &[*mut wasm_extern_t],
) -> Result<(), String> {
    let mut wanted = [0usize; 4];
    for import in imports {
        wanted[usize::from(super::instance::extern_kind(import.ty()))] += 1;
    }
    let mut seen = [0usize; 4];
    for (i, e) in given.iter().enumerate() {
        let Some(e) = (unsafe { e.as_ref() }) else { continue };
        let kind = e.obj.which.kind();
        let k = usize::from(kind);
        if k >= 4 {
            continue;
        }
        seen[k] += 1;
        if seen[k] > wanted[k] {
            let got = match e.obj.which.to_wasmi() {
                Some(given) => given_text(&ctx, &given),
                None => format!("an empty {} placeholder", kind_text(kind)),
            };
            return Err(match imports.get(i) {
                Some(import) => mismatch(import, type_text(import.ty()), got),
                None => format!("import #{i}: the module has no {} import left for {got}", kind_text(kind)),
            });
        }
    }
    Ok(())
}
