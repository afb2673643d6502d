import { runEditorBench } from './editor.js';
import { runFanoutBench } from './fanout.js';
import { runFuzzBench } from './fuzz.js';
import { runHistoryBench } from './history.js';
import { runIngestBench } from './ingest.js';
import { runKpiBench } from './kpi.js';
import { runMobileBench } from './mobile.js';
import { runMqttBench } from './mqtt.js';
import { runScreenBench } from './screen.js';
import { runSandboxBench } from './sandbox.js';
import { runSoakBench } from './soak.js';
import { runVideoBench } from './video.js';

const GROUPS: Record<string, () => Promise<void>> = {
  ingest: runIngestBench,
  fanout: runFanoutBench,
  kpi: runKpiBench,
  editor: runEditorBench,
  mobile: runMobileBench,
  mqtt: runMqttBench,
  history: runHistoryBench,
  fuzz: runFuzzBench,
  soak: runSoakBench,
  screen: runScreenBench,
  sandbox: runSandboxBench,
  video: runVideoBench,
};

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((g) => !(g in GROUPS));
if (unknown.length) {
  console.error(`unknown benchmark group(s): ${unknown.join(', ')}; known: ${Object.keys(GROUPS).join(', ')}`);
  process.exit(2);
}
for (const group of asked.length ? asked : Object.keys(GROUPS)) {
  console.log(`\n## ${group}`);
  await GROUPS[group]!();
}
console.log('\nfigures written to bench/results.json');
