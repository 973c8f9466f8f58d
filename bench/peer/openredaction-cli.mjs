// openredaction driven the way `liaise scan --jsonl` is: JSON lines {"id","text"} on
// stdin, one result line per input on stdout. The peer side of bench/scan-cli.bench.ts.
import { createInterface } from 'node:readline';
import { OpenRedaction } from 'openredaction';

const peer = new OpenRedaction({});
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  const { id, text } = JSON.parse(line);
  const result = await peer.detect(text);
  process.stdout.write(`${JSON.stringify({ id, findings: result.detections ?? result })}\n`);
}
