/**
 * What the conversation services need from the policy engine (`src/policy/`),
 * as a structural type so this folder depends on the engine's shape only.
 */
export interface PolicyFindingView {
  type: string;
  start: number;
  end: number;
  rule: string;
  confidence: number;
}

export interface PolicyReasonView {
  ruleId: string;
  findingType: string;
  action: 'allow' | 'warn' | 'block';
  guidanceSection: string;
  message: string;
  count: number;
  /** A compliant way to say it. */
  suggestion?: string;
  /** The checked text's own words that triggered it: shown to its writer, never recorded. */
  triggers: string[];
}

export interface PolicyDecisionView {
  decision: 'allow' | 'warn' | 'block';
  findings: PolicyFindingView[];
  reasons: PolicyReasonView[];
  packId: string;
  packVersion: string;
}

export interface PolicyChecker {
  /** The pack's rules: which findings to flag on inbound and imported messages. */
  readonly pack?: { rules: readonly { id: string; inbound: 'flag' | 'allow' }[] };
  evaluate(input: {
    text: string;
    direction: 'outbound' | 'inbound' | 'import' | 'forward';
    attachments?: { fileName?: string | null; mimeType?: string | null }[];
  }): PolicyDecisionView;
}

/** What a record or message row keeps of a decision: types and positions, never the matched text. */
export function decisionForRecord(d: PolicyDecisionView) {
  return {
    decision: d.decision,
    packId: d.packId,
    packVersion: d.packVersion,
    findings: d.findings.map((f) => ({ type: f.type, start: f.start, end: f.end, rule: f.rule, confidence: f.confidence })),
    reasons: d.reasons.map((r) => ({
      ruleId: r.ruleId,
      findingType: r.findingType,
      action: r.action,
      guidanceSection: r.guidanceSection,
      count: r.count,
    })),
  };
}

/**
 * How an inbound or imported message is flagged (it was already sent, so never
 * blocked): `offensive` goes to the manager, `personal_data` to the records
 * officer. The pack's `inbound: flag | allow` per rule decides; without a pack,
 * anything the outbound rules would stop counts.
 */
export function inboundFlag(d: PolicyDecisionView | null, pack?: PolicyChecker['pack']): 'offensive' | 'personal_data' | null {
  if (!d) return null;
  const flagged = pack
    ? d.reasons.filter((r) => pack.rules.find((rule) => rule.id === r.ruleId)?.inbound === 'flag')
    : d.reasons.filter((r) => r.action !== 'allow');
  if (flagged.some((r) => r.findingType === 'OFFENSIVE')) return 'offensive';
  const personal = flagged.filter((r) => !['BEYOND_CONTACT', 'BINDING_TRANSACTION', 'EMAIL_FILE'].includes(r.findingType));
  return personal.length ? 'personal_data' : null;
}
