import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { FINDING_TYPES, type FindingType, type PolicyPack } from './policy.types.js';

/** A policy pack that cannot be used. The message names the source, line and field. */
export class PolicyPackError extends Error {
  readonly code = 'POLICY_PACK_INVALID';
  constructor(
    message: string,
    readonly sourceName: string,
    readonly line: number | null,
    readonly field: string | null,
  ) {
    super(message);
    this.name = 'PolicyPackError';
  }
}

const action = z.enum(['block', 'warn', 'allow']);
const words = z.array(z.string().trim().min(1, 'must not be empty').max(100)).max(5000).default([]);

const ruleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be lower-case letters, digits, dots and hyphens'),
  finding: z.enum(FINDING_TYPES as [FindingType, ...FindingType[]]),
  guidanceSection: z.string().trim().min(1),
  outbound: action,
  inbound: z.enum(['flag', 'allow']).default('flag'),
  minConfidence: z.number().min(0).max(1).default(0.5),
  message: z.string().trim().min(1).max(500),
  /** A compliant way to say it, shown beside a warning or block. */
  suggestion: z.string().trim().min(1).max(500).optional(),
});

const packSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be lower-case letters, digits, dots and hyphens'),
  version: z.union([z.string().trim().min(1), z.number()]).transform(String),
  name: z.string().trim().min(1),
  guidance: z.strictObject({ title: z.string().trim().min(1), version: z.union([z.string(), z.number()]).transform(String) }),
  thresholds: z.strictObject({
    beyondContact: z.strictObject({
      minWords: z.number().int().min(1),
      minSubstantiveWords: z.number().int().min(0),
      minSubstantiveShare: z.number().min(0).max(1),
    }),
  }),
  emailFiles: z
    .strictObject({
      extensions: z.array(
        z
          .string()
          .regex(/^\.[A-Za-z0-9]+$/, 'must look like ".eml"')
          .transform((s) => s.toLowerCase()),
      ),
      mimeTypes: z.array(
        z
          .string()
          .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must look like "message/rfc822"')
          .transform((s) => s.toLowerCase()),
      ),
    })
    .default({ extensions: ['.eml', '.msg'], mimeTypes: ['message/rfc822', 'application/vnd.ms-outlook'] }),
  lexicons: z
    .strictObject({
      offensiveTerms: words,
      offensiveAllowed: words,
      offensiveIgnoredBuiltins: words,
      groupTerms: words,
      bindingPhrases: words,
    })
    .default({ offensiveTerms: [], offensiveAllowed: [], offensiveIgnoredBuiltins: [], groupTerms: [], bindingPhrases: [] }),
  rules: z.array(ruleSchema).min(1, 'must list at least one rule'),
});

type Path = ReadonlyArray<PropertyKey>;

function lineOf(doc: Document, lines: LineCounter, path: Path): number | null {
  // Walk down as far as the document goes; report the deepest node that exists.
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) {
      // For a key that exists, point at the key's line rather than the value's.
      if (n > 0) {
        const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1) as unknown[], true);
        if (isMap(parent)) {
          const pair = parent.items.find((p) => isNode(p.key) && (p.key as { value?: unknown }).value === path[n - 1]);
          if (pair && isNode(pair.key) && pair.key.range) return lines.linePos(pair.key.range[0]).line;
        }
      }
      return lines.linePos(node.range[0]).line;
    }
  }
  return null;
}

function fieldName(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(top level)';
}

/**
 * Parse and validate a policy pack written in YAML. Throws PolicyPackError
 * naming the line and field of the first problem.
 */
export function parsePolicyPack(yamlText: string, sourceName = 'policy pack'): PolicyPack {
  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line ?? (yamlError.pos ? lines.linePos(yamlError.pos[0]).line : null);
    throw new PolicyPackError(
      `${sourceName}: line ${line ?? '?'}: invalid YAML: ${yamlError.message.split('\n')[0]}`,
      sourceName,
      line,
      null,
    );
  }
  const raw: unknown = doc.toJS();
  const parsed = packSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (!issue) throw new PolicyPackError(`${sourceName}: invalid policy pack`, sourceName, null, null);
    // For an unknown key, point at the key itself.
    const path: PropertyKey[] = [...issue.path];
    if (issue.code === 'unrecognized_keys' && issue.keys[0]) path.push(issue.keys[0]);
    const line = lineOf(doc, lines, path);
    const field = fieldName(path);
    const why = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
    throw new PolicyPackError(`${sourceName}: line ${line ?? '?'}: field "${field}": ${why}`, sourceName, line, field);
  }
  const pack = parsed.data;
  const seenIds = new Map<string, number>();
  const seenTypes = new Map<string, number>();
  pack.rules.forEach((rule, i) => {
    if (seenIds.has(rule.id)) {
      const line = lineOf(doc, lines, ['rules', i, 'id']);
      throw new PolicyPackError(
        `${sourceName}: line ${line ?? '?'}: field "rules[${i}].id": duplicate rule id "${rule.id}"`,
        sourceName,
        line,
        `rules[${i}].id`,
      );
    }
    if (seenTypes.has(rule.finding)) {
      const line = lineOf(doc, lines, ['rules', i, 'finding']);
      throw new PolicyPackError(
        `${sourceName}: line ${line ?? '?'}: field "rules[${i}].finding": ${rule.finding} already has a rule (rules[${seenTypes.get(rule.finding)}])`,
        sourceName,
        line,
        `rules[${i}].finding`,
      );
    }
    seenIds.set(rule.id, i);
    seenTypes.set(rule.finding, i);
  });
  return {
    id: pack.id,
    version: pack.version,
    name: pack.name,
    guidance: pack.guidance,
    thresholds: pack.thresholds,
    emailFiles: pack.emailFiles,
    lexicons: pack.lexicons,
    rules: pack.rules.map((r) => ({
      id: r.id,
      findingType: r.finding,
      guidanceSection: r.guidanceSection,
      outbound: r.outbound,
      inbound: r.inbound,
      minConfidence: r.minConfidence,
      message: r.message,
      ...(r.suggestion ? { suggestion: r.suggestion } : {}),
    })),
  };
}
