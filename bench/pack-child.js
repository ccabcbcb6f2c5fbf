// Child of the packaging benchmark: packs one folder to .intunewin with the built packager
// (dist/, as the CLI ships it), in plain JavaScript so no TypeScript loader counts in its RSS.
import { packIntunewin } from '../dist/intunewin/index.js';

const [sourceFolder = '', setupFile = '', outputFile = ''] = process.argv.slice(2);
const started = performance.now();
await packIntunewin({ sourceFolder, setupFile, outputFile });
console.log(
  JSON.stringify({ wallMs: performance.now() - started, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
);
