#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| iwasm_fuzz::differential::run(data));
