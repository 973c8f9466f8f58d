import { createScanner } from './detectors/index.js';
import type {
  Finding,
  FindingType,
  PolicyAction,
  PolicyDecision,
  PolicyInput,
  PolicyPack,
  PolicyReason,
  PolicyRule,
} from './policy.types.js';
import { SPAN_FINDING_TYPES } from './policy.types.js';

const SPAN_TYPES = new Set<FindingType>(SPAN_FINDING_TYPES);
const SEVERITY: Record<PolicyAction, number> = { allow: 0, warn: 1, block: 2 };

export interface EvaluateOptions {
  /**
   * false: leave `reasons` empty, for a caller that reads only the decision and the findings (`liaise scan`).
   * The decision and findings are the same either way; the reasons (their trigger words, suggestions and
   * order) are a fifth of evaluate's own work.
   */
  reasons?: boolean;
}

export interface PolicyEngine {
  readonly pack: PolicyPack;
  /** Pure and synchronous: the same input and pack always give the same decision. Never throws for any text. */
  evaluate(input: PolicyInput, options?: EvaluateOptions): PolicyDecision;
}

/**
 * Build an engine for one pack. Detectors are compiled once here; evaluate()
 * does no I/O. For inbound and import the decision is what the pack would do
 * to the same message outbound; callers treat it (and the rules' inbound
 * "flag") as flags only. Only the council's side can make a binding promise,
 * so an inbound message (the citizen's) is never read as one; an import's
 * author is not known here, so its messages are read as outbound.
 */
export function createPolicyEngine(pack: PolicyPack): PolicyEngine {
  const scanner = createScanner(pack);
  const rulesByType = new Map<FindingType, PolicyRule>(pack.rules.map((r) => [r.findingType, r]));
  return {
    pack,
    evaluate(input: PolicyInput, options?: EvaluateOptions): PolicyDecision {
      const text = typeof input.text === 'string' ? input.text : '';
      const all = scanner.scan(text, input.attachments);
      if (options?.reasons === false) {
        // The same filter as below; the decision is the most severe action of a rule that kept a finding.
        const findings: Finding[] = [];
        let decision: PolicyAction = 'allow';
        for (const f of all) {
          if (f.type === 'BINDING_TRANSACTION' && input.direction === 'inbound') continue;
          const rule = rulesByType.get(f.type);
          if (rule && f.confidence < rule.minConfidence) continue;
          findings.push(f);
          if (rule && SEVERITY[rule.outbound] > SEVERITY[decision]) decision = rule.outbound;
        }
        return { decision, findings, reasons: [], packId: pack.id, packVersion: pack.version };
      }
      const findings: Finding[] = [];
      // Per rule, the findings it acted on (rules are few: a small array beats a Map here).
      const acted: Array<{ rule: PolicyRule; findings: Finding[] }> = [];
      for (const f of all) {
        // A citizen's message cannot bind the council: "we agree to pay the rent on Friday" is the household's promise.
        if (f.type === 'BINDING_TRANSACTION' && input.direction === 'inbound') continue;
        const rule = rulesByType.get(f.type);
        if (rule && f.confidence < rule.minConfidence) continue;
        findings.push(f);
        if (rule) {
          const entry = acted.find((a) => a.rule === rule);
          if (entry) entry.findings.push(f);
          else acted.push({ rule, findings: [f] });
        }
      }
      let decision: PolicyAction = 'allow';
      const reasons: PolicyReason[] = [];
      for (const { rule, findings: own } of acted) {
        const action = rule.outbound;
        if (SEVERITY[action] > SEVERITY[decision]) decision = action;
        // Only what is shown: an allowed phone number or postcode needs no explanation.
        const triggers = action === 'allow' ? [] : triggersOf(text, own);
        const suggestion = suggestionFor(rule, own);
        // Two literals rather than a spread of the suggestion (same keys, same order): a spread took the slow copy path.
        reasons.push(
          suggestion
            ? {
                ruleId: rule.id,
                findingType: rule.findingType,
                action,
                guidanceSection: rule.guidanceSection,
                message: rule.message,
                count: own.length,
                suggestion,
                triggers,
              }
            : {
                ruleId: rule.id,
                findingType: rule.findingType,
                action,
                guidanceSection: rule.guidanceSection,
                message: rule.message,
                count: own.length,
                triggers,
              },
        );
      }
      // Rule ids are lower-case ASCII (the pack schema says so): a plain comparison orders them as localeCompare would, without ICU.
      reasons.sort((a, b) => SEVERITY[b.action] - SEVERITY[a.action] || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
      return { decision, findings, reasons, packId: pack.id, packVersion: pack.version };
    },
  };
}

/** The detector's own suggestion (it knows the obligation or the identifier) before the rule's. */
function suggestionFor(rule: PolicyRule, findings: readonly Finding[]): string | undefined {
  return (findings.find((f) => f.suggestion)?.suggestion ?? rule.suggestion) || undefined;
}

/** The words behind a reason, as typed: message-level findings (attachments, purpose) have none. */
function triggersOf(text: string, findings: readonly Finding[]): string[] {
  const out: string[] = [];
  for (const f of findings) {
    if (f.end <= f.start || !SPAN_TYPES.has(f.type)) continue;
    const words = text.slice(f.start, f.end).replace(/\s+/g, ' ').trim();
    const shown = words.length > 80 ? `${words.slice(0, 79)}…` : words;
    if (shown && !out.includes(shown)) out.push(shown);
    if (out.length === 3) break;
  }
  return out;
}
