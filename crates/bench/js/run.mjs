// wasm half of `cargo xtask bench`: the Rust workloads compiled to wasm and run
// under Node, beside PapaParse producing the same typed rows from the same bytes.
// Prints one JSON object.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const [, , wasmJs, papaPath, csvBytesArg, nArg] = process.argv;
const bench = require(wasmJs);
const Papa = require(papaPath);
const csvBytes = Number(csvBytesArg || 50 * 1024 * 1024);
const n = Number(nArg || 100000);

function bestOf(runs, f) {
  let best = Infinity, v;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    v = f();
    best = Math.min(best, performance.now() - t);
  }
  return [best, v];
}

// CPU time of this process (user + system), in ms: on a shared, loaded
// machine it is not inflated by waiting for a core as wall time is.
function bestCpuOf(runs, f) {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = process.cpuUsage();
    f();
    const d = process.cpuUsage(t);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

const memStart = bench.memory_bytes();
const bytes = bench.make_csv(csvBytes);
// The generated copy lives in JS now; wasm memory grew to hold it once.
bench.load_csv(bytes);
const memLoaded = bench.memory_bytes();
const [importMs, rows] = bestOf(3, () => bench.bench_import_csv());
const memPeak = bench.memory_bytes();
const [coreMs, records] = bestOf(3, () => bench.bench_csv_core_pass());

// PapaParse: bytes → string → rows → the same typed fields our reader produces.
function papa() {
  const text = new TextDecoder('utf-8').decode(bytes);
  const out = Papa.parse(text, { header: true, skipEmptyLines: true });
  const typed = new Array(out.data.length);
  for (let i = 0; i < out.data.length; i++) {
    const r = out.data[i];
    const [y, m, d] = r.Date.split('-').map(Number);
    typed[i] = {
      date: Date.UTC(y, m - 1, d),
      description: r.Description,
      amount: Number(r.Amount),
      currency: r.Currency,
      balance: Number(r.Balance),
    };
  }
  return typed.length;
}
const [papaMs, papaRows] = bestOf(3, papa);
const importCpu = bestCpuOf(3, () => bench.bench_import_csv());
const coreCpu = bestCpuOf(3, () => bench.bench_csv_core_pass());
const papaCpu = bestCpuOf(3, papa);

bench.prepare_matching(n);
const [joinMs, joinPairs] = bestOf(5, () => bench.bench_hash_join());
const [matchMs, pairs] = bestOf(5, () => bench.bench_matching());
const [checkMs, findings] = bestOf(2, () => bench.bench_check());
const joinCpu = bestCpuOf(5, () => bench.bench_hash_join());
const matchCpu = bestCpuOf(5, () => bench.bench_matching());
const checkCpu = bestCpuOf(2, () => bench.bench_check());

console.log(JSON.stringify({
  runtime: 'wasm-node', csv_bytes: bytes.length, rows, csv_records: records,
  import_ms: +importMs.toFixed(1), csv_core_ms: +coreMs.toFixed(1),
  papaparse_ms: +papaMs.toFixed(1), papaparse_rows: papaRows,
  import_cpu_ms: +importCpu.toFixed(1), csv_core_cpu_ms: +coreCpu.toFixed(1), papaparse_cpu_ms: +papaCpu.toFixed(1),
  wasm_memory_start: memStart, wasm_memory_loaded: memLoaded, wasm_memory_peak: memPeak,
  n, pairs, match_ms: +matchMs.toFixed(1), findings, check_ms: +checkMs.toFixed(1),
  hash_join_pairs: joinPairs, hash_join_ms: +joinMs.toFixed(1),
  match_cpu_ms: +matchCpu.toFixed(1), check_cpu_ms: +checkCpu.toFixed(1), hash_join_cpu_ms: +joinCpu.toFixed(1),
}));
