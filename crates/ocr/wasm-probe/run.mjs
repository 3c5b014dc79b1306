// Times slipcheck-ocr compiled to wasm, in V8 on one thread (as in a web worker).
//
//   cargo build --release --manifest-path crates/ocr/wasm-probe/Cargo.toml
//   cargo run -p slipcheck-ocr --example ocr --release -- photo.jpg   # with OCR_WRITE_RGBA=/tmp/rgba
//   node crates/ocr/wasm-probe/run.mjs target/wasm-probe/wasm32-unknown-unknown/release/slipcheck_ocr_wasm_probe.wasm models /tmp/rgba/*.rgba
//
// Each .rgba file is an 8-byte header (width, height as u32 little-endian) then RGBA pixels.
import fs from 'node:fs';

const [wasmPath, models, ...files] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), {});
const x = instance.exports;
const put = (bytes) => {
  const p = x.alloc(bytes.length);
  new Uint8Array(x.memory.buffer, p, bytes.length).set(bytes);
  return p;
};
let t = performance.now();
const det = fs.readFileSync(`${models}/ppocrv5_det.onnx`);
const rec = fs.readFileSync(`${models}/ppocrv5_rec.onnx`);
const keys = fs.readFileSync(`${models}/ppocr_keys_v5.txt`);
if (x.load(put(det), det.length, put(rec), rec.length, put(keys), keys.length) !== 0) throw new Error('models did not load');
console.log(`models loaded in ${(performance.now() - t).toFixed(0)} ms`);
for (const f of files) {
  const raw = fs.readFileSync(f);
  const w = raw.readUInt32LE(0), h = raw.readUInt32LE(4);
  const px = raw.subarray(8);
  t = performance.now();
  const n = x.read(put(px), px.length, w, h);
  const ms = performance.now() - t;
  const page = JSON.parse(new TextDecoder().decode(new Uint8Array(x.memory.buffer, x.out_ptr(), n)));
  if (page.error) throw new Error(page.error);
  console.log(`== ${f} ${w}x${h} ${ms.toFixed(0)} ms, ${page.lines.length} lines`);
  for (const l of page.lines) console.log(`  ${l.confidence.toFixed(2)} ${l.text}`);
}
