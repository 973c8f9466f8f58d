/** One line of `npm run bench`: our figure beside a peer's, measured in the same run. */
export interface BenchRow {
  /** What was measured, e.g. "policy scan throughput (1 KB messages)". */
  name: string;
  /** Unit of `ours` and `peer`, e.g. "msg/s", "MB/s", "ms p99". */
  unit: string;
  ours: number;
  /** The peer's figure from the same run, or null where no peer does this. */
  peer: number | null;
  peerName: string | null;
  /** ours/peer where higher is better, peer/ours where lower is better (so >1 means we win). */
  ratio: number | null;
  /** Target from the issue, in words, e.g. "≥ 50× peer". */
  target?: string;
  /** Whether the target was met in this run. */
  ok?: boolean;
}

/** A bench module exports `run` returning its rows; bench/index.ts prints them all. */
export type BenchModule = { run: () => Promise<BenchRow[]> };
