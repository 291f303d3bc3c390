// bench/wasi_bench: QuickJS-NG's workload (bench/wasi_programs.py checks the line it prints).
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

function primes(limit) {
  const sieve = new Uint8Array(limit + 1);
  let count = 0;
  for (let i = 2; i <= limit; i++) {
    if (sieve[i]) continue;
    count++;
    for (let j = i * i; j <= limit; j += i) sieve[j] = 1;
  }
  return count;
}

function objects(n) {
  // build records, round-trip them through JSON, sort by a derived key
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  const rows = [];
  for (let i = 0; i < n; i++) rows.push({ id: i, name: "item" + (rnd() % 1000), score: rnd() % 10007 });
  const back = JSON.parse(JSON.stringify(rows));
  back.sort((a, b) => a.score - b.score || a.id - b.id);
  let h = 0;
  for (const r of back) h = (h * 31 + r.score + r.name.length) >>> 0;
  return h;
}

console.log("fib(24)=" + fib(24) + " primes(300000)=" + primes(300000) + " objects=" + objects(20000));
