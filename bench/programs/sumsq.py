# bench/wasi_bench: CPython's workload (bench/wasi_programs.py checks the number it prints).
print(sum(i * i for i in range(3 * 10**5)))
