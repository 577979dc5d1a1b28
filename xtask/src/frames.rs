//! The largest stack frames of a firmware image, read from `llvm-objdump -d`: what each
//! function's prologue takes from the stack pointer.
//!
//! - Arm: `push`/`push.w` (4 bytes a register), `vpush` (8 bytes a `d` register, 4 an `s`),
//!   `sub sp, #N`, `sub.w sp, sp, #N`, `subw sp, sp, #N`, and `sub sp, rX` after `movw`/`movt`/
//!   `mov.w rX, #N`.
//! - RISC-V: `addi sp, sp, -N` and `sub sp, sp, rX` after `lui`/`addi rX` (the registers a
//!   `__riscv_save_N` helper stores are not counted).
//!
//! Only the prologue (the first instructions up to the first branch or call, and at most 24)
//! is read, so the figure is the frame of one activation, not a call chain.
//!
//! `cargo xtask frames [ELF...]` prints the list; `cargo xtask size` puts it into
//! `boards/REPORT.md`.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// `(frame bytes, function name)`, largest first.
pub(crate) fn largest(elf: &Path) -> Result<Vec<(u64, String)>, String> {
    let mut frames: Vec<(u64, String)> = parse(elf)?
        .into_iter()
        .map(|f| (f.bytes, f.name))
        .filter(|(b, _)| *b > 0)
        .collect();
    frames.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok(frames)
}

/// One function: its frame and the functions it calls directly (`bl`, tail-call `b`, `jal`).
struct Function {
    name: String,
    bytes: u64,
    callees: Vec<String>,
}

fn parse(elf: &Path) -> Result<Vec<Function>, String> {
    let objdump = crate::firmware::llvm_tool("llvm-objdump")?;
    let out = Command::new(objdump)
        .args(["-d", "--demangle", "--no-show-raw-insn"])
        .arg(elf)
        .output()
        .map_err(|e| format!("llvm-objdump: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "llvm-objdump -d {}: {}",
            elf.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut functions = Vec::new();
    let mut current: Option<(Prologue, Vec<String>)> = None;
    for line in text.lines() {
        if let Some(name) = function_header(line) {
            if let Some((p, callees)) = current.take() {
                functions.push(Function {
                    name: p.name,
                    bytes: p.bytes,
                    callees,
                });
            }
            current = Some((Prologue::new(name), Vec::new()));
            continue;
        }
        if let Some((p, callees)) = current.as_mut() {
            if let Some((mnemonic, operands)) = instruction(line) {
                p.step(mnemonic, operands);
                if let Some(target) = call_target(mnemonic, line) {
                    if !callees.contains(&target) {
                        callees.push(target);
                    }
                }
            }
        }
    }
    if let Some((p, callees)) = current.take() {
        functions.push(Function {
            name: p.name,
            bytes: p.bytes,
            callees,
        });
    }
    Ok(functions)
}

/// The function a call or tail call goes to (`bl 0x1234 <name>`), not a branch inside the
/// function (`<name+0x12>`).
fn call_target(mnemonic: &str, line: &str) -> Option<String> {
    let m = mnemonic.trim_end_matches(".w");
    const CONDITIONS: [&str; 15] = [
        "", "eq", "ne", "cs", "cc", "hs", "lo", "mi", "pl", "hi", "ls", "ge", "lt", "gt", "le",
    ];
    let arm = ["b", "bl"]
        .iter()
        .any(|b| m.strip_prefix(b).is_some_and(|c| CONDITIONS.contains(&c)));
    if !arm && !matches!(m, "jal" | "j" | "tail" | "call") {
        return None;
    }
    let line = line.split(" @ ").next().unwrap_or(line).trim_end();
    let start = line.rfind(" <")?;
    let name = line.get(start + 2..)?.strip_suffix('>')?;
    // Branches inside the function, and the panic path (it never returns to the chain).
    if name.contains('+') || name.starts_with('$') || name.contains("panic") {
        return None;
    }
    Some(clean(name))
}

/// The deepest direct call chain from the functions whose name contains `root`: each step the
/// callee with the deepest chain below it. Indirect calls (`blx rX`, `dyn` methods) are not
/// followed, so this is a lower bound.
pub(crate) fn deepest_chain(elf: &Path, root: &str) -> Result<Vec<(u64, String)>, String> {
    let functions = parse(elf)?;
    let index: HashMap<&str, usize> = functions
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.as_str(), i))
        .collect();
    // depth[i] = frame + deepest callee; computed depth-first, cycles cut.
    let mut depth: Vec<Option<u64>> = vec![None; functions.len()];
    let mut next: Vec<Option<usize>> = vec![None; functions.len()];
    let mut on_stack = vec![false; functions.len()];
    fn visit(
        i: usize,
        functions: &[Function],
        index: &HashMap<&str, usize>,
        depth: &mut Vec<Option<u64>>,
        next: &mut Vec<Option<usize>>,
        on_stack: &mut Vec<bool>,
    ) -> u64 {
        if let Some(d) = depth[i] {
            return d;
        }
        if on_stack[i] {
            return 0;
        }
        on_stack[i] = true;
        let mut best = (0u64, None);
        for c in &functions[i].callees {
            if let Some(&j) = index.get(c.as_str()) {
                let d = visit(j, functions, index, depth, next, on_stack);
                if d > best.0 {
                    best = (d, Some(j));
                }
            }
        }
        on_stack[i] = false;
        let d = functions[i].bytes + best.0;
        depth[i] = Some(d);
        next[i] = best.1;
        d
    }
    let roots: Vec<usize> = functions
        .iter()
        .enumerate()
        .filter(|(_, f)| f.name.contains(root))
        .map(|(i, _)| i)
        .collect();
    let mut best_root = None;
    let mut best = 0;
    for &r in &roots {
        let d = visit(r, &functions, &index, &mut depth, &mut next, &mut on_stack);
        if best_root.is_none() || d > best {
            best = d;
            best_root = Some(r);
        }
    }
    let mut chain = Vec::new();
    let mut at = best_root;
    while let Some(i) = at {
        chain.push((functions[i].bytes, functions[i].name.clone()));
        at = next[i];
        if chain.len() > 200 {
            break;
        }
    }
    Ok(chain)
}

/// One function's prologue, read an instruction at a time.
struct Prologue {
    name: String,
    bytes: u64,
    seen: usize,
    done: bool,
    /// Constants the prologue loaded into registers (for `sub sp, rX`).
    regs: HashMap<String, i64>,
}

impl Prologue {
    fn new(name: String) -> Self {
        Prologue {
            name,
            bytes: 0,
            seen: 0,
            done: false,
            regs: HashMap::new(),
        }
    }

    fn step(&mut self, mnemonic: &str, operands: &str) {
        if self.done {
            return;
        }
        self.seen += 1;
        if self.seen > 24 {
            self.done = true;
            return;
        }
        let ops: Vec<&str> = operands
            .split(',')
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let imm = |s: &str| -> Option<i64> {
            let s = s.trim().trim_start_matches('#');
            match s.strip_prefix("0x").or_else(|| s.strip_prefix("-0x")) {
                Some(h) => {
                    i64::from_str_radix(h, 16)
                        .ok()
                        .map(|v| if s.starts_with('-') { -v } else { v })
                }
                None => s.parse().ok(),
            }
        };
        let m = mnemonic.trim_end_matches(".w");
        match m {
            // Arm.
            "push" | "vpush" | "stmdb" => {
                let regs = operands
                    .trim_start_matches("sp!,")
                    .trim()
                    .trim_start_matches('{')
                    .trim_end_matches('}');
                let n = count_registers(regs);
                self.bytes += n.0 * 4 + n.1 * 8;
            }
            "sub" | "subw" if ops.first() == Some(&"sp") => {
                // `sub sp, #N` / `sub.w sp, sp, #N` / `sub sp, rX` / `sub sp, sp, rX` (also RISC-V).
                if let Some(last) = ops.last() {
                    let v = imm(last).or_else(|| self.regs.get(*last).copied());
                    if let Some(v) = v {
                        self.bytes += v.unsigned_abs();
                    }
                }
            }
            "movw" | "mov" | "li" if ops.len() == 2 => {
                if let (Some(r), Some(v)) = (ops.first(), ops.get(1).and_then(|s| imm(s))) {
                    self.regs.insert(r.to_string(), v);
                }
            }
            "movt" if ops.len() == 2 => {
                if let (Some(r), Some(v)) = (ops.first(), ops.get(1).and_then(|s| imm(s))) {
                    let low = self.regs.get(*r).copied().unwrap_or(0) & 0xffff;
                    self.regs.insert(r.to_string(), (v << 16) | low);
                }
            }
            // RISC-V.
            "addi" | "c.addi" | "c.addi16sp" if ops.first() == Some(&"sp") => {
                if let Some(v) = ops.last().and_then(|s| imm(s)) {
                    if v < 0 {
                        self.bytes += v.unsigned_abs();
                    }
                }
            }
            "addi" if ops.len() == 3 && ops.first() == ops.get(1) => {
                if let (Some(r), Some(v)) = (ops.first(), ops.get(2).and_then(|s| imm(s))) {
                    let base = self.regs.get(*r).copied().unwrap_or(0);
                    self.regs.insert(r.to_string(), base + v);
                }
            }
            "lui" | "c.lui" if ops.len() == 2 => {
                if let (Some(r), Some(v)) = (ops.first(), ops.get(1).and_then(|s| imm(s))) {
                    self.regs.insert(r.to_string(), v << 12);
                }
            }
            _ => {
                // The prologue ends at the first branch or call (RISC-V's `jalr t0` into a
                // `__riscv_save_N` helper is part of it).
                let branch = m.starts_with('b') && !m.starts_with("bic") && !m.starts_with("bfi")
                    || m.starts_with("cb")
                    || m == "j"
                    || m == "jal"
                    || (m == "jalr" && !operands.starts_with("t0"))
                    || m == "ret";
                if branch {
                    self.done = true;
                }
            }
        }
    }
}

/// `(core registers, d registers)` in an Arm register list such as `r4, r5, r6, r7, lr` or
/// `d8, d9` or `r4-r7`.
fn count_registers(list: &str) -> (u64, u64) {
    let (mut core, mut double) = (0, 0);
    for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (first, last) = item.split_once('-').unwrap_or((item, item));
        let n = match (number(first), number(last)) {
            (Some(a), Some(b)) if b >= a => b - a + 1,
            _ => 1,
        };
        if first.starts_with('d') {
            double += n;
        } else if first.starts_with('s') && first != "sp" {
            // Single-precision registers: two make one `d`.
            core += n;
        } else {
            core += n;
        }
    }
    (core, double)
}

fn number(reg: &str) -> Option<u64> {
    reg.trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()
}

/// `<name>` from a function header line `0000123c <name>:`, demangled and without the hash.
fn function_header(line: &str) -> Option<String> {
    let line = line.trim_end();
    let rest = line.strip_suffix(">:")?;
    let (addr, name) = rest.split_once(" <")?;
    if addr.is_empty() || !addr.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    Some(clean(name))
}

/// `(mnemonic, operands)` of an instruction line `    123c:  \tpush\t{r4, lr}`.
fn instruction(line: &str) -> Option<(&str, &str)> {
    let (addr, rest) = line.split_once(':')?;
    if addr.trim().is_empty() || !addr.trim().chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let mut fields = rest.split('\t').map(str::trim).filter(|s| !s.is_empty());
    let mnemonic = fields.next()?;
    let operands = fields.next().unwrap_or("");
    // Drop a trailing comment (`@ 0x322c <$d>`) or symbol (`<name>`).
    let operands = operands
        .split(" @ ")
        .next()
        .and_then(|o| o.split(" <").next())
        .unwrap_or(operands);
    Some((mnemonic, operands))
}

/// Legacy-mangled leftovers (`$LT$`, `..`) made readable, the `::h<hash>` suffix dropped.
fn clean(name: &str) -> String {
    let mut n = name
        .replace("$LT$", "<")
        .replace("$GT$", ">")
        .replace("$u20$", " ")
        .replace("$u7b$", "{")
        .replace("$u7d$", "}")
        .replace("$C$", ",")
        .replace("$RF$", "&")
        .replace("$BP$", "*")
        .replace("..", "::");
    if let Some(i) = n.rfind("::h") {
        if n.len() - i == 19 && n[i + 3..].chars().all(|c| c.is_ascii_hexdigit()) {
            n.truncate(i);
        }
    }
    n
}

/// `cargo xtask frames [ELF...]`: the 40 largest frames of each image (default: the cm4
/// images of applications 1, 3 and 4 in the target directory).
pub fn frames(root: &Path, args: &[String]) -> crate::Result {
    let (chain, args) = match args {
        [flag, name, rest @ ..] if flag == "--chain" => (Some(name.as_str()), rest),
        _ => (None, args),
    };
    let elves: Vec<std::path::PathBuf> = if args.is_empty() {
        crate::firmware::frame_images(root)
            .into_iter()
            .map(|(_, _, p)| p)
            .collect()
    } else {
        args.iter().map(std::path::PathBuf::from).collect()
    };
    for elf in elves {
        if let Some(name) = chain {
            let list = deepest_chain(&elf, name)?;
            let total: u64 = list.iter().map(|(b, _)| b).sum();
            println!(
                "{}: deepest direct call chain from `{name}`: {total} bytes (indirect calls not followed)",
                elf.display()
            );
            let mut sum = 0;
            for (bytes, name) in &list {
                sum += bytes;
                println!("  {bytes:>7} {sum:>7}  {name}");
            }
            continue;
        }
        let list = largest(&elf)?;
        println!("{} (largest stack frames, bytes):", elf.display());
        for (bytes, name) in list.iter().take(
            std::env::var("FRAMES_TOP")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(40),
        ) {
            println!("  {bytes:>7}  {name}");
        }
    }
    Ok(())
}

/// How many frames the report lists per image.
const REPORT_TOP: usize = 12;

/// The report's section: the largest frames of each image, side by side.
pub(crate) fn section(images: &[(u32, String, std::path::PathBuf)]) -> Result<String, String> {
    use std::fmt::Write;
    let mut lists = Vec::new();
    for (_, _, elf) in images {
        lists.push(largest(elf)?);
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\n## Largest stack frames (Cortex-M4F)\n\n\
         Bytes each function's prologue takes from the stack (`push`/`vpush` + `sub sp`, from \
         `llvm-objdump -d`; `cargo xtask frames` prints more). A call chain's peak is the sum of \
         the frames on it; the painted peak above is the measured one.\n"
    );
    let _ = write!(s, "| # |");
    for (app, name, _) in images {
        let _ = write!(s, " app {app} (`{name}`) |");
    }
    let _ = write!(s, "\n|---|");
    for _ in images {
        let _ = write!(s, "---|");
    }
    let _ = writeln!(s);
    for i in 0..REPORT_TOP {
        let _ = write!(s, "| {} |", i + 1);
        for list in &lists {
            match list.get(i) {
                Some((bytes, name)) => {
                    let _ = write!(s, " {} `{}` |", bytes, short(name));
                }
                None => {
                    let _ = write!(s, " |");
                }
            }
        }
        let _ = writeln!(s);
    }
    Ok(s)
}

/// A function name without its crate path noise: generic arguments dropped (a trait
/// method's `<Type as Trait>` kept as the two last segments), at most the last three path
/// segments kept.
fn short(name: &str) -> String {
    let name = name.strip_prefix('_').unwrap_or(name);
    if let Some(rest) = name.strip_prefix('<') {
        if let Some((inside, method)) = rest.split_once(">::") {
            if let Some((ty, tr)) = inside.split_once(" as ") {
                let last = |s: &str| {
                    let s = s.split('<').next().unwrap_or(s);
                    s.rsplit("::").next().unwrap_or(s).to_string()
                };
                return format!("<{} as {}>::{}", last(ty), last(tr), method);
            }
        }
    }
    let mut out = String::new();
    let mut depth = 0u32;
    for c in name.chars() {
        match c {
            '<' => {
                if depth == 0 {
                    out.push_str("<..>");
                }
                depth += 1;
            }
            '>' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let parts: Vec<&str> = out.split("::").collect();
    let keep = parts.len().saturating_sub(3);
    parts[keep..].join("::")
}
