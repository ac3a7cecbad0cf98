// Builds the console into dist/console: one ES module bundle (Preact and the pages), its style
// sheet and the page that loads both. Run by `npm run build` after the server's TypeScript.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '../../dist/console');
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(here, 'src/main.tsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outfile: join(out, 'console.js'),
  legalComments: 'none',
  logLevel: 'warning',
});
for (const file of ['index.html', 'console.css']) copyFileSync(join(here, 'src', file), join(out, file));

// What a browser downloads on first load, gzipped: the budget is 300 KB.
const sizes = Object.fromEntries(
  ['index.html', 'console.css', 'console.js'].map((file) => [file, gzipSync(readFileSync(join(out, file))).length]),
);
writeFileSync(join(out, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
