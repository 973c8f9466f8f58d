/**
 * Factories for test data: each `build…` returns a valid input with synthetic defaults that a test
 * overrides where the value matters to it; each `create…` persists one through the real service.
 * Every name here is invented and every number is in Ofcom's drama range (07700 900000–900999),
 * which is never a real person's.
 */
import type { AddCitizenInput } from '../src/citizens/citizen.service.js';
import type { Citizen } from '../src/citizens/citizen.repository.js';
import type { InboundMessageEvent } from '../src/channel/channel.types.js';
import type { WebhookPayload } from '../src/channel/whatsapp/cloud-api.types.js';
import { signWebhookBody } from '../src/channel/whatsapp/webhook.signature.js';
import type { CaseFacts, MessageFacts } from '../src/records/retention/disposal-date.js';
import type { Services } from '../src/composition.js';
import type { FirstContactInput } from '../src/conversations/conversation.service.js';
import { toActor } from '../src/staff/staff.service.js';
import type { Actor, Role, Staff, Team } from '../src/staff/staff.types.js';

let numberSeq = 0;
/** A synthetic UK mobile number in E.164 from Ofcom's drama range (+447700 900100–900999), unique per call. */
export const syntheticMobile = () => `+447700900${String(100 + (numberSeq++ % 900)).padStart(3, '0')}`;

/** The same number as WhatsApp writes it in a webhook (`wa_id`, `from`): digits only, no plus. */
export const waIdOf = (e164: string) => e164.replace('+', '');

// ---------------------------------------------------------------------------------------------
// Citizens

let caseSeq = 0;
export type CitizenInput = AddCitizenInput & { dateOfBirth: string | null; ageBand: Citizen['ageBand'] };

/** A valid new citizen: an adult (born 17 May 1980) with a fresh drama-range number and case reference. */
export function buildCitizen(overrides: Partial<AddCitizenInput> = {}): CitizenInput {
  return {
    fullName: 'Alex Example',
    waNumber: syntheticMobile(),
    dateOfBirth: '1980-05-17',
    ageBand: null,
    caseReference: `HSG-${1000 + ++caseSeq}`,
    ...overrides,
  };
}

/** Adds a citizen through the citizen service as `actor` (their team unless `teamId` says otherwise). */
export function createCitizen(services: Services, actor: Actor, overrides: Partial<AddCitizenInput> = {}): Promise<Citizen> {
  return services.citizens.addCitizen(actor, buildCitizen(overrides));
}

/**
 * The fields of the "Add a citizen" form for `citizen`, as the page posts them: the date of birth
 * in its three boxes (`dob-day`, `dob-month`, `dob-year`), each without a leading zero.
 */
export function citizenForm(citizen: Partial<CitizenInput> = buildCitizen()): Record<string, string> {
  const [year = '', month = '', day = ''] = citizen.dateOfBirth?.split('-') ?? [];
  const unpadded = (s: string) => (s === '' ? '' : String(Number(s)));
  return {
    fullName: citizen.fullName ?? '',
    waNumber: citizen.waNumber ?? '',
    caseReference: citizen.caseReference ?? '',
    caseType: citizen.caseType ?? 'general-enquiry',
    'dob-day': unpadded(day),
    'dob-month': unpadded(month),
    'dob-year': year,
  };
}

// ---------------------------------------------------------------------------------------------
// Staff and teams

let staffSeq = 0;
export interface StaffInput {
  email: string;
  displayName: string;
  role: Role;
  /** The team's name; null for roles that see every team (admin, records officer). */
  team: string | null;
}

/** A valid new staff member: a caseworker in Housing unless told otherwise, with a unique council email. */
export function buildStaff(overrides: Partial<StaffInput> = {}): StaffInput {
  const role = overrides.role ?? 'caseworker';
  const n = ++staffSeq;
  return { email: `${role}.${n}@council.example`, displayName: `Test ${role} ${n}`, role, team: 'Housing', ...overrides };
}

export interface CreatedStaff {
  staff: Staff;
  actor: Actor;
  email: string;
  /** The one-time password the account was created with. */
  password: string;
}

/** Creates a staff member through the staff service, as `actor` (null: the system, as at first run). */
export async function createStaff(services: Services, actor: Actor | null, overrides: Partial<StaffInput> = {}): Promise<CreatedStaff> {
  const input = buildStaff(overrides);
  const created = await services.staff.createStaff(actor, input);
  return { staff: created.staff, actor: toActor(created.staff), email: created.staff.email, password: created.oneTimePassword };
}

let teamSeq = 0;
export interface TeamInput {
  name: string;
  requiresFirstContactApproval?: boolean;
}

/** A valid new team with a unique name. */
export function buildTeam(overrides: Partial<TeamInput> = {}): TeamInput {
  return { name: `Test team ${++teamSeq}`, ...overrides };
}

/** Creates a team through the staff service, as `actor` (null: the system). */
export function createTeam(services: Services, actor: Actor | null, overrides: Partial<TeamInput> = {}): Promise<Team> {
  return services.staff.createTeam(actor, buildTeam(overrides));
}

// ---------------------------------------------------------------------------------------------
// WhatsApp webhook deliveries (the Cloud API's shape, as Meta posts it)

/** The phone number id the test app and simulator answer to. */
export const TEST_PHONE_NUMBER_ID = '100000000000001';

export type InboundTextMessage = {
  from: string;
  id: string;
  timestamp: string | number;
  type: 'text';
  text: { body: string };
};

let wamidSeq = 0;
/** One inbound text message as Meta sends it: `from` in digits (no plus), a unique `wamid`, a fixed time. */
export function buildInboundMessage(
  overrides: Partial<Omit<InboundTextMessage, 'type' | 'text'>> & { body?: string } = {},
): InboundTextMessage {
  const { body = 'Can you call me on Tuesday?', ...rest } = overrides;
  return {
    from: waIdOf(syntheticMobile()),
    id: `wamid.test.${++wamidSeq}`,
    timestamp: '1767261600',
    ...rest,
    type: 'text',
    text: { body },
  };
}

/** A `contacts` entry of a delivery: the sender's WhatsApp id and profile name. */
export type InboundContact = NonNullable<WebhookPayload['entry'][number]['changes'][number]['value']['contacts']>[number];

/**
 * A webhook delivery carrying `messages` in one entry and one change. Unless `contacts` is given,
 * it names the sender of the first message `profileName` (default "Test Citizen").
 */
export function buildInboundDelivery(
  messages: Array<InboundTextMessage | Record<string, unknown>>,
  opts: { contacts?: InboundContact[]; profileName?: string; entryId?: string; phoneNumberId?: string } = {},
): WebhookPayload {
  const from = typeof messages[0]?.['from'] === 'string' ? messages[0]['from'] : waIdOf(syntheticMobile());
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: opts.entryId ?? '1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '447700900000', phone_number_id: opts.phoneNumberId ?? TEST_PHONE_NUMBER_ID },
              contacts: opts.contacts ?? [{ profile: { name: opts.profileName ?? 'Test Citizen' }, wa_id: from }],
              messages,
            },
          },
        ],
      },
    ],
  };
}

/** The headers Meta sends with a delivery: JSON, signed with the app secret over the exact bytes. */
export const signedWebhookHeaders = (rawBody: string | Buffer, appSecret: string) => ({
  'content-type': 'application/json',
  'x-hub-signature-256': signWebhookBody(rawBody, appSecret),
});

// ---------------------------------------------------------------------------------------------
// Retention (pure facts and schedule text)

/** The facts about one message that decide its disposal: by default a message of 15 January 2026, linked to no case. */
export function buildMessageFacts(overrides: Partial<MessageFacts> = {}): MessageFacts {
  return { messageDate: '2026-01-15', citizenDateOfBirth: null, cases: [], ...overrides };
}

/** A case a message is linked to: open (nothing closed or ended, no contact recorded) unless told otherwise. */
export function buildCaseFacts(overrides: Partial<CaseFacts> & Pick<CaseFacts, 'caseType'>): CaseFacts {
  return { caseId: 'c1', closedOn: null, endedOn: null, lastContactOn: null, ...overrides };
}

export interface RetentionClassYaml {
  id: string;
  title: string;
  trigger: string;
  /** As written in the YAML flow map, e.g. `{ years: 6 }`. */
  period: string;
  action: string;
  childrenSafeguarding?: boolean;
  legalBasis: string;
  /** As written in the YAML flow sequence, e.g. `[IRMS]`. */
  sources: string;
}

/**
 * One class of a retention schedule as YAML list-item lines (indented for `classes:`), one field a
 * line in this order: id, title, trigger, period, action, childrenSafeguarding (when set),
 * legalBasis, sources. Tests that assert line numbers count on that order.
 */
export function retentionClassYaml(c: RetentionClassYaml): string {
  const lines = [
    `  - id: ${c.id}`,
    `    title: ${c.title}`,
    `    trigger: ${c.trigger}`,
    `    period: ${c.period}`,
    `    action: ${c.action}`,
    ...(c.childrenSafeguarding === undefined ? [] : [`    childrenSafeguarding: ${c.childrenSafeguarding}`]),
    `    legalBasis: ${c.legalBasis}`,
    `    sources: ${c.sources}`,
  ];
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Inbound messages as the channel adapter hands them to the inbound service

let inboundEventSeq = 0;
/** One inbound text message event from `from` (E.164), sent at `sentAt`: what the webhook's mapper produces. */
export function buildInboundEvent(
  from: string,
  overrides: { text?: string; sentAt?: Date; phoneNumberId?: string } = {},
): InboundMessageEvent {
  return {
    kind: 'message',
    phoneNumberId: overrides.phoneNumberId ?? TEST_PHONE_NUMBER_ID,
    providerMessageId: `wamid.factory.${++inboundEventSeq}.${Math.random().toString(36).slice(2)}`,
    from,
    profileName: null,
    sentAt: overrides.sentAt ?? new Date('2026-01-10T10:00:00Z'),
    type: 'text',
    text: overrides.text ?? 'Can you call me on Tuesday?',
    media: null,
    location: null,
    forwarded: false,
    frequentlyForwarded: false,
    replyToProviderMessageId: null,
  };
}

// ---------------------------------------------------------------------------------------------
// First contact

/** A valid first contact: phone and letter tried on past dates, to arrange a call, with `justification`. */
export function firstContact(
  justification = 'Phoned twice and wrote a letter, no answer',
  overrides: Partial<FirstContactInput> = {},
): FirstContactInput {
  return {
    justification,
    channelsTried: [
      { channel: 'phone', on: '2026-01-05' },
      { channel: 'letter', on: '2026-01-06' },
    ],
    purpose: 'call',
    ...overrides,
  };
}
