// Child of the packaging benchmark: packs one folder to .intunewin.
import { packIntunewin } from '../src/intunewin/index.ts';
import { reportFromChild } from './child-rss.ts';

const [sourceFolder = '', setupFile = '', outputFile = ''] = process.argv.slice(2);
const started = performance.now();
await packIntunewin({ sourceFolder, setupFile, outputFile });
reportFromChild({ wallMs: performance.now() - started });
