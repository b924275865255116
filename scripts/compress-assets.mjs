// Writes a brotli (.br) and a gzip (.gz) copy beside each text asset of the client build, once at
// build time, so the server sends compressed bytes without compressing per request
// (server/src/create-app.ts serves them by Accept-Encoding). Usage: node scripts/compress-assets.mjs <dir>
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = process.argv[2];
if (!root) throw new Error('usage: compress-assets.mjs <dir>');
const TEXT = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/;

let files = 0;
let raw = 0;
let brotli = 0;
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (TEXT.test(name) && statSync(path).size >= 1024) {
      const bytes = readFileSync(path);
      const br = brotliCompressSync(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      });
      writeFileSync(`${path}.br`, br);
      writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
      files++;
      raw += bytes.length;
      brotli += br.length;
    }
  }
};
walk(root);
console.log(
  `compressed ${files} assets: ${(raw / 1024).toFixed(0)} KiB → ${(brotli / 1024).toFixed(0)} KiB with brotli`,
);
