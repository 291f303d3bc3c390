/* reflect: print a module's imports and exports with their full types, then
 * the kinds and types of an instance's exports.
 *
 *   ./reflect [reflect.wasm]
 *
 * Names handed out by the library end with a NUL that `size` counts (as in
 * WAMR); print_name prints a name either way. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include "wasm_c_api.h"

static bool read_file(const char *path, wasm_byte_vec_t *out) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  long size = -1;
  if (fseek(f, 0, SEEK_END) == 0) size = ftell(f);
  bool ok = size > 0 && fseek(f, 0, SEEK_SET) == 0;
  if (ok) {
    wasm_byte_vec_new_uninitialized(out, (size_t)size);
    ok = out->data && fread(out->data, 1, (size_t)size, f) == (size_t)size;
    if (!ok) wasm_byte_vec_delete(out);
  }
  fclose(f);
  return ok;
}

static void print_name(const wasm_name_t *name) {
  size_t n = name ? name->size : 0;
  if (n > 0 && name->data[n - 1] == '\0') n--;
  printf("\"%.*s\"", (int)n, n ? name->data : "");
}

static const char *valkind_name(wasm_valkind_t kind) {
  switch (kind) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    case WASM_V128: return "v128";
    case WASM_EXTERNREF: return "externref";
    case WASM_FUNCREF: return "funcref";
    default: return "?";
  }
}

static void print_valtypes(const wasm_valtype_vec_t *types) {
  printf("(");
  for (size_t i = 0; i < types->size; i++) {
    printf("%s%s", i ? ", " : "", valkind_name(wasm_valtype_kind(types->data[i])));
  }
  printf(")");
}

static void print_limits(const wasm_limits_t *limits) {
  printf("min %" PRIu32, limits->min);
  if (limits->max == wasm_limits_max_default) {
    printf(", no max");
  } else {
    printf(", max %" PRIu32, limits->max);
  }
}

/* Prints an extern type, e.g. "func (i32) -> (i64)" or "global var f64". */
static void print_externtype(const wasm_externtype_t *type) {
  switch (wasm_externtype_kind(type)) {
    case WASM_EXTERN_FUNC: {
      const wasm_functype_t *ft = wasm_externtype_as_functype_const(type);
      printf("func ");
      print_valtypes(wasm_functype_params(ft));
      printf(" -> ");
      print_valtypes(wasm_functype_results(ft));
      break;
    }
    case WASM_EXTERN_GLOBAL: {
      const wasm_globaltype_t *gt = wasm_externtype_as_globaltype_const(type);
      printf("global %s %s", wasm_globaltype_mutability(gt) == WASM_VAR ? "var" : "const",
             valkind_name(wasm_valtype_kind(wasm_globaltype_content(gt))));
      break;
    }
    case WASM_EXTERN_TABLE: {
      const wasm_tabletype_t *tt = wasm_externtype_as_tabletype_const(type);
      printf("table %s, ", valkind_name(wasm_valtype_kind(wasm_tabletype_element(tt))));
      print_limits(wasm_tabletype_limits(tt));
      break;
    }
    case WASM_EXTERN_MEMORY: {
      printf("memory ");
      print_limits(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(type)));
      break;
    }
    default:
      printf("unknown extern kind");
  }
}

static const char *externkind_name(wasm_externkind_t kind) {
  switch (kind) {
    case WASM_EXTERN_FUNC: return "func";
    case WASM_EXTERN_GLOBAL: return "global";
    case WASM_EXTERN_TABLE: return "table";
    case WASM_EXTERN_MEMORY: return "memory";
    default: return "?";
  }
}

/* The host side of env.log. */
static wasm_trap_t *log_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  printf("> log(%" PRId32 ", %" PRId64 ")\n", args->data[0].of.i32, args->data[1].of.i64);
  return NULL;
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "reflect.wasm";
  int rc = 1;
  wasm_store_t *store = NULL;
  wasm_module_t *module = NULL;
  wasm_func_t *log_func = NULL;
  wasm_global_t *scale = NULL;
  wasm_instance_t *instance = NULL;
  wasm_importtype_vec_t import_types = WASM_EMPTY_VEC;
  wasm_exporttype_vec_t export_types = WASM_EMPTY_VEC;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  wasm_trap_t *trap = NULL;

  printf("Initializing...\n");
  wasm_engine_t *engine = wasm_engine_new();
  if (!engine || !(store = wasm_store_new(engine))) {
    fprintf(stderr, "> Error creating the engine or the store!\n");
    goto done;
  }

  printf("Loading binary...\n");
  wasm_byte_vec_t binary;
  if (!read_file(path, &binary)) {
    fprintf(stderr, "> Error reading %s!\n", path);
    goto done;
  }

  printf("Compiling module...\n");
  module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) {
    fprintf(stderr, "> Error compiling module!\n");
    goto done;
  }

  printf("Module imports:\n");
  wasm_module_imports(module, &import_types);
  for (size_t i = 0; i < import_types.size; i++) {
    const wasm_importtype_t *it = import_types.data[i];
    printf("  ");
    print_name(wasm_importtype_module(it));
    printf(" ");
    print_name(wasm_importtype_name(it));
    printf(": ");
    print_externtype(wasm_importtype_type(it));
    printf("\n");
  }

  printf("Module exports:\n");
  wasm_module_exports(module, &export_types);
  for (size_t i = 0; i < export_types.size; i++) {
    const wasm_exporttype_t *et = export_types.data[i];
    printf("  ");
    print_name(wasm_exporttype_name(et));
    printf(": ");
    print_externtype(wasm_exporttype_type(et));
    printf("\n");
  }
  if (import_types.size != 2 || export_types.size != 6) {
    fprintf(stderr, "> Expected 2 imports and 6 exports!\n");
    goto done;
  }

  printf("Instantiating module...\n");
  wasm_valtype_t *log_params[] = {wasm_valtype_new_i32(), wasm_valtype_new_i64()};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 2, log_params);
  wasm_valtype_vec_new_empty(&results);
  wasm_functype_t *log_type = wasm_functype_new(&params, &results); /* takes both vecs */
  log_func = wasm_func_new(store, log_type, log_callback);
  wasm_functype_delete(log_type);
  wasm_globaltype_t *scale_type = wasm_globaltype_new(wasm_valtype_new_f64(), WASM_CONST);
  wasm_val_t scale_init = WASM_F64_VAL(2.0);
  scale = wasm_global_new(store, scale_type, &scale_init);
  wasm_globaltype_delete(scale_type);
  if (!log_func || !scale) {
    fprintf(stderr, "> Error creating the imports!\n");
    goto done;
  }
  wasm_extern_t *externs[] = {wasm_func_as_extern(log_func), wasm_global_as_extern(scale)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  instance = wasm_instance_new(store, module, &imports, &trap);
  if (!instance) {
    fprintf(stderr, "> Error instantiating module!\n");
    if (trap) wasm_trap_delete(trap);
    goto done;
  }

  printf("Instance exports:\n");
  wasm_instance_exports(instance, &exports);
  if (exports.size != export_types.size) {
    fprintf(stderr, "> The instance has %zu exports, its module %zu!\n", exports.size, export_types.size);
    goto done;
  }
  for (size_t i = 0; i < exports.size; i++) {
    wasm_externtype_t *type = wasm_extern_type(exports.data[i]);
    wasm_externkind_t kind = wasm_extern_kind(exports.data[i]);
    printf("  #%zu ", i);
    print_name(wasm_exporttype_name(export_types.data[i]));
    printf(" is a %s: ", externkind_name(kind));
    if (!type || wasm_externtype_kind(type) != kind ||
        kind != wasm_externtype_kind(wasm_exporttype_type(export_types.data[i]))) {
      printf("kind mismatch\n");
      if (type) wasm_externtype_delete(type);
      goto done;
    }
    print_externtype(type);
    if (kind == WASM_EXTERN_FUNC) {
      const wasm_func_t *f = wasm_extern_as_func_const(exports.data[i]);
      printf(", arity %zu -> %zu", wasm_func_param_arity(f), wasm_func_result_arity(f));
    }
    printf("\n");
    wasm_externtype_delete(type);
  }

  printf("Calling func(7, 1.5, 2.5)...\n");
  wasm_val_t arg_vals[] = {WASM_I32_VAL(7), WASM_F64_VAL(1.5), WASM_F32_VAL(2.5f)};
  wasm_val_t result_vals[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
  wasm_val_vec_t func_results = WASM_ARRAY_VEC(result_vals);
  trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &func_results);
  if (trap || result_vals[0].of.i32 != 7) {
    fprintf(stderr, "> Unexpected outcome of func!\n");
    if (trap) wasm_trap_delete(trap);
    goto done;
  }
  printf("> func returned %" PRId32 "\n", result_vals[0].of.i32);
  rc = 0;

done:
  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  wasm_exporttype_vec_delete(&export_types);
  wasm_importtype_vec_delete(&import_types);
  if (instance) wasm_instance_delete(instance);
  if (scale) wasm_global_delete(scale);
  if (log_func) wasm_func_delete(log_func);
  if (module) wasm_module_delete(module);
  if (store) wasm_store_delete(store);
  if (engine) wasm_engine_delete(engine);
  printf(rc == 0 ? "Done.\n" : "Failed.\n");
  return rc;
}
