//! The text of a `(module ...)` form of a .wast file, so text modules go through our own
//! WAT support (`wamr_wat_to_wasm`) rather than only through the `wast` crate's encoder.

/// The whole parenthesised form around `offset` (the offset of its `module` keyword),
/// with the wast-only `definition` marker removed (`(module definition $m ...)`).
pub fn module_text(src: &str, offset: usize) -> Option<String> {
    let open = enclosing_paren(src.as_bytes(), offset)?;
    let end = matching_paren(src.as_bytes(), open)?;
    let text = &src[open..=end];
    let after = src[offset..=end].strip_prefix("module")?;
    let rest = after.trim_start();
    Some(match rest.strip_prefix("definition") {
        Some(tail) if tail.starts_with(|c: char| c.is_whitespace() || c == ')') => {
            format!("{}module {tail}", &src[open..offset])
        }
        _ => text.to_string(),
    })
}

/// The `(` of the innermost form open at `offset` (comments, strings and annotations
/// such as `(@a)` before the keyword are skipped as the parser does).
fn enclosing_paren(b: &[u8], offset: usize) -> Option<usize> {
    let mut stack = Vec::new();
    scan_parens(&b[..offset.min(b.len())], 0, |i, open| {
        if open {
            stack.push(i);
        } else {
            stack.pop();
        }
        true
    });
    stack.pop()
}

/// Calls `f(index, is_open)` for each `(` and `)` from `from` on that is not inside a
/// string or comment, until `f` returns false.
fn scan_parens(b: &[u8], from: usize, mut f: impl FnMut(usize, bool) -> bool) {
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'"' => i = skip_string(b, i),
            b';' if b.get(i + 1) == Some(&b';') => i = skip_line_comment(b, i),
            b'(' if b.get(i + 1) == Some(&b';') => {
                i = skip_block_comment(b, i);
                continue;
            }
            c @ (b'(' | b')') => {
                if !f(i, c == b'(') {
                    return;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

fn skip_string(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() && b[i] != b'"' {
        if b[i] == b'\\' {
            i += 1;
        }
        i += 1;
    }
    i
}

fn skip_line_comment(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] != b'\n' {
        i += 1;
    }
    i
}

/// Past the end of the (nesting) block comment starting at `i`.
fn skip_block_comment(b: &[u8], mut i: usize) -> usize {
    let mut level = 0usize;
    while i < b.len() {
        if b[i] == b'(' && b.get(i + 1) == Some(&b';') {
            level += 1;
            i += 2;
        } else if b[i] == b';' && b.get(i + 1) == Some(&b')') {
            level -= 1;
            i += 2;
            if level == 0 {
                break;
            }
        } else {
            i += 1;
        }
    }
    i
}

/// The index of the `)` closing the `(` at `open`, skipping strings and comments.
fn matching_paren(b: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut end = None;
    scan_parens(b, open, |i, is_open| {
        if is_open {
            depth += 1;
        } else {
            depth -= 1;
            if depth == 0 {
                end = Some(i);
                return false;
            }
        }
        true
    });
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_form() {
        let src = r#"(module $m (func (export "a;)") (; ( ;) ;; )
  ))
(invoke "a")"#;
        let at = src.find("module").unwrap();
        assert_eq!(module_text(src, at).unwrap(), src[..src.find("\n(invoke").unwrap()]);
        let def = "(module definition $d (func))";
        assert_eq!(module_text(def, 1).unwrap(), "(module  $d (func))");
        assert!(module_text("(module (func)", 1).is_none());
        let noisy = "(;c;)((;c;)\n(;c;)module(;c;)\n(;c;))";
        assert_eq!(module_text(noisy, noisy.find("module").unwrap()).unwrap(), &noisy[5..]);
        let annotated = "((@a) module (@a) $m (func))";
        assert_eq!(module_text(annotated, 6).unwrap(), annotated);
    }
}
