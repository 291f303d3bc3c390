//! `wasm_runtime_dump_mem_consumption`: prints (stdout) what an exec env, its instance
//! and its module take, in the shape of WAMR's summary: the module's binary, the
//! instance's linear memories and tables, the exec env's wasm stack. WAMR prints it at
//! its verbose log level only, and counts its own structures in detail; wasmi's are not
//! visible, so this counts what the embedder gave and the wasm state it can see.
use super::exec_env::wasm_exec_env_t;

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_dump_mem_consumption(exec_env: wasm_exec_env_t) {
    let Some(env) = exec_env.as_ref() else { return };
    let Some(inst) = env.module_inst().as_ref() else { return };
    let text = crate::guard::guard(String::new(), || {
        let module_size = inst.module.binary.len() as u64;
        let (memories, tables) = inst.store.with(|ctx| {
            let memories: u64 = (0..).map_while(|i| inst.body.instance.memory_at(&ctx, i)).map(|m| m.data_size(&ctx) as u64).sum();
            let tables: u64 = (0..).map_while(|i| inst.body.instance.table_at(&ctx, i)).map(|t| t.size(&ctx) * 8).sum();
            (memories, tables)
        });
        let stack = u64::from(env.stack_size);
        let inst_size = memories + tables;
        let mut t = String::from("Memory consumption summary (bytes):\n");
        t += &format!("WASM module memory consumption, total size: {module_size}\n");
        t += &format!("    binary size: {module_size}\n");
        t += &format!("WASM module inst memory consumption, total size: {inst_size}\n");
        t += &format!("    memories size: {memories}\n");
        t += &format!("    tables size: {tables}\n");
        t += &format!("Exec env memory consumption, total size: {stack}\n");
        t += &format!("    stack size: {stack}\n");
        t += &format!("Total memory consumption of module, module inst and exec env: {}\n", module_size + inst_size + stack);
        t
    });
    // through C's stdout, so the lines fall in order with the embedder's printf
    libc::printf(c"%.*s".as_ptr(), text.len() as i32, text.as_ptr());
}
