import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toChatExportJson } from './chat-export.command.js';
import { inspectChatExportFile, parseChatExportFile } from './chat-export.parser.js';

/**
 * Hand-written exports in the layouts and languages phones produce (Android and iOS; UK, US,
 * India, Australia, Canada, South Africa, Germany, Austria, France, Spain, Portugal, Brazil,
 * the Netherlands, Finland, Poland, Romania, Bulgaria, Pakistan, Wales, Albania, Tamil Nadu, Vietnam, Russia, Ukraine,
 * Slovakia, Czechia, Turkey), with one-to-one notices, a group admin's deletions, a clock change, documents, view-once
 * media and WhatsApp's words in other languages, each beside the JSON lines `chat-export parse --timezone
 * Europe/London` must print for it. Every field of every message must match.
 */
const DIR = join(import.meta.dirname, '../../../test/chat-export/fixtures');
const names = readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => f.slice(0, -4))
  .sort();

const expectedOf = (name: string): unknown[] =>
  readFileSync(join(DIR, `${name}.expected.jsonl`), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);

describe('export fixtures, read in Europe/London with the default locale (en-GB)', () => {
  it('has a broad set', () => {
    expect(names.length).toBeGreaterThanOrEqual(20);
  });

  it.each(names)('%s', async (name) => {
    const got: unknown[] = [];
    for await (const m of parseChatExportFile(join(DIR, `${name}.txt`), { timeZone: 'Europe/London' }))
      got.push(JSON.parse(toChatExportJson(m)));
    expect(got).toEqual(expectedOf(name));
  });
});

describe('how each fixture decided its date order', () => {
  // Files whose every date reads both ways say they assumed the locale; the rest say the file decided.
  // The US-layout ones say the layout decided, still offering both orders.
  // Urdu phones write the US shape (`3/2/24, 9:00 PM`) day-first: WhatsApp's Urdu notice, or iOS's Arabic comma, says
  // the phone is not a US-English one, so the locale decides there.
  const assumed = new Set([
    'android-en-GB-all-ambiguous',
    'ios-en-GB-all-ambiguous',
    'android-ur-PK-all-ambiguous',
    'ios-ur-all-ambiguous',
  ]);
  const byLayout = new Set([
    'android-en-US-all-ambiguous',
    'ios-en-US-all-ambiguous',
    // Every day and month 10, 11 or 12: no padding to see, but capitals and a two-digit year.
    'android-en-US-ambig-2digit-fields',
    'ios-en-US-ambig-2digit-fields',
  ]);
  it.each(names)('%s', async (name) => {
    const f = await inspectChatExportFile(join(DIR, `${name}.txt`), { timeZone: 'Europe/London' });
    if (assumed.has(name)) expect(f).toMatchObject({ dateOrder: 'dmy', dateOrderSource: 'locale', dateOrderChoices: ['dmy', 'mdy'] });
    else if (byLayout.has(name))
      expect(f).toMatchObject({ dateOrder: 'mdy', dateOrderSource: 'file', dateOrderEvidence: 'layout', dateOrderChoices: ['dmy', 'mdy'] });
    else expect(f).toMatchObject({ dateOrderSource: 'file', dateOrderChoices: [f.dateOrder] });
  });
});
