import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';

export type YamlPath = ReadonlyArray<PropertyKey>;

/** One problem in a YAML file, located for a `FILE:LINE: field: problem` report. */
export interface YamlProblem {
  line: number | null;
  field: string;
  message: string;
}

/** A parsed YAML document that can say on which line any path lives. */
export interface LocatedYaml {
  value: unknown;
  /** Syntax errors (the value is unusable when there are any). */
  syntaxProblems: YamlProblem[];
  lineOf(path: YamlPath): number | null;
}

/** `classes[2].period.years` */
export function yamlFieldName(path: YamlPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(top level)';
}

function lineOf(doc: Document, lines: LineCounter, path: YamlPath): number | null {
  // Walk down as far as the document goes and report the deepest node that exists;
  // for a key that exists, point at the key's line rather than its value's.
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    if (!isNode(node) || !node.range) continue;
    if (n > 0) {
      const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1) as unknown[], true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isNode(p.key) && (p.key as { value?: unknown }).value === path[n - 1]);
        if (pair && isNode(pair.key) && pair.key.range) return lines.linePos(pair.key.range[0]).line;
      }
    }
    return lines.linePos(node.range[0]).line;
  }
  return null;
}

/** Parses YAML keeping positions, so validation problems can name their line. */
export function parseLocatedYaml(source: string): LocatedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntaxProblems = doc.errors.map((e) => ({
    line: e.linePos?.[0]?.line ?? (e.pos ? lines.linePos(e.pos[0]).line : null),
    field: '(syntax)',
    message: e.message.split('\n')[0] ?? 'invalid YAML',
  }));
  return {
    value: syntaxProblems.length ? undefined : doc.toJS(),
    syntaxProblems,
    lineOf: (path) => lineOf(doc, lines, path),
  };
}
