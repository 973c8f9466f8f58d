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

const SEVERITY: Record<PolicyAction, number> = { allow: 0, warn: 1, block: 2 };

export interface PolicyEngine {
  readonly pack: PolicyPack;
  /** Pure and synchronous: the same input and pack always give the same decision. Never throws for any text. */
  evaluate(input: PolicyInput): PolicyDecision;
}

/**
 * Build an engine for one pack. Detectors are compiled once here; evaluate()
 * does no I/O. For inbound and import the decision is what the pack would do
 * to the same message outbound; callers treat it (and the rules' inbound
 * "flag") as flags only.
 */
export function createPolicyEngine(pack: PolicyPack): PolicyEngine {
  const scanner = createScanner(pack);
  const rulesByType = new Map<FindingType, PolicyRule>(pack.rules.map((r) => [r.findingType, r]));
  return {
    pack,
    evaluate(input: PolicyInput): PolicyDecision {
      const text = typeof input.text === 'string' ? input.text : '';
      const all = scanner.scan(text, input.attachments);
      const findings: Finding[] = [];
      const counts = new Map<PolicyRule, number>();
      for (const f of all) {
        const rule = rulesByType.get(f.type);
        if (rule && f.confidence < rule.minConfidence) continue;
        findings.push(f);
        if (rule) counts.set(rule, (counts.get(rule) ?? 0) + 1);
      }
      let decision: PolicyAction = 'allow';
      const reasons: PolicyReason[] = [];
      for (const [rule, count] of counts) {
        const action = rule.outbound;
        if (SEVERITY[action] > SEVERITY[decision]) decision = action;
        reasons.push({
          ruleId: rule.id,
          findingType: rule.findingType,
          action,
          guidanceSection: rule.guidanceSection,
          message: rule.message,
          count,
        });
      }
      reasons.sort((a, b) => SEVERITY[b.action] - SEVERITY[a.action] || a.ruleId.localeCompare(b.ruleId));
      return { decision, findings, reasons, packId: pack.id, packVersion: pack.version };
    },
  };
}
