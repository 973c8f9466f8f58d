import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSystemEvent } from './chat-export.body.js';
import { ChatExportError } from './chat-export.errors.js';
import { matchHeader, matchHeaderRegex } from './chat-export.format.js';
import { parseChatExport } from './chat-export.parser.js';
import {
  EXPORT_STYLES,
  SYSTEM_NOTICES,
  expectedOf,
  generateChat,
  renderChatExport,
  type ExportStyle,
  type SyntheticMessage,
} from '../../../test/chat-export/chat-export.synthetic.js';
import type { ChatExportDateOrderDecision, ChatExportMessage, ChatExportParseOptions } from './chat-export.types.js';

async function parseAll(source: string | Uint8Array[], opts: ChatExportParseOptions = {}): Promise<ChatExportMessage[]> {
  const out: ChatExportMessage[] = [];
  for await (const m of parseChatExport(typeof source === 'string' ? [source] : source, opts)) out.push(m);
  return out;
}

const project = (m: ChatExportMessage) => ({
  author: m.author,
  system: m.system,
  text: m.text,
  attachments: m.attachments,
  edited: m.edited,
  deleted: m.deleted,
  instant: m.time.getTime(),
});

// Text people type: letters, digits, punctuation that appears in headers, emoji, blank lines. WhatsApp
// trims what is sent, so a message never ends in spaces or blank lines (a file's blank last line is not text).
const CHARS = [...'abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789:/.-,[]~+!?£€é😀\n'];
const text = fc
  .array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 60 })
  .map((cs) => cs.join('').trimEnd())
  .filter(
    (t) =>
      t.trim() !== '' &&
      !/^(POLL:|location:|[Ll]ive location:)/.test(t) &&
      !/^(This message was deleted|You deleted this message)\.?$/.test(t),
  )
  .filter((t) => t.split('\n').every((l, i) => i === 0 || matchHeader(l) === null));
const name = fc.oneof(
  fc
    .array(fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz ABCXYZéØ-'"), { minLength: 1, maxLength: 20 })
    .map((cs) => cs.join('').trim())
    .filter((n) => n !== '' && !n.includes(':') && !isSystemEvent(n) && !n.startsWith('~')),
  fc.integer({ min: 0, max: 999 }).map((n) => `+44 7700 900${String(n).padStart(3, '0')}`),
);
const caption = fc.constantFrom('', 'the boiler', 'rent: paid', 'ok 👍');

const message = (i: number): fc.Arbitrary<Omit<SyntheticMessage, 'wall'>> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({ author: name, kind: fc.constant('text' as const), text, edited: fc.boolean(), nonContact: fc.boolean() }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ author: fc.constant(null), kind: fc.constant('system' as const), text: fc.constantFrom(...SYSTEM_NOTICES) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        author: name,
        kind: fc.constant('attachment' as const),
        text: caption,
        fileName: fc.constant(`IMG-20240313-WA${String(i).padStart(4, '0')}.jpg`),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ author: name, kind: fc.constantFrom('omitted' as const, 'deleted' as const), text: fc.constant('') }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        author: name,
        kind: fc.constant('poll' as const),
        text: fc
          .tuple(
            fc.constantFrom('Which day?', 'Rota: who?'),
            fc.array(fc.constantFrom('Monday', 'Tue: am', '10:30'), { minLength: 1, maxLength: 3 }),
          )
          .map(([q, os]) => `POLL:\n${q}\n${os.map((o, k) => `OPTION: ${o} (${k} vote${k === 1 ? '' : 's'})`).join('\n')}`),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        author: name,
        kind: fc.constant('location' as const),
        text: fc
          .tuple(fc.double({ min: -80, max: 80, noNaN: true }), fc.double({ min: -170, max: 170, noNaN: true }))
          .map(([a, b]) => `location: https://maps.google.com/?q=${a.toFixed(5)},${b.toFixed(5)}`),
      }),
    },
  );

/** A chat: messages in time order, avoiding 00:00–03:00 (UK clock changes are tested apart). */
const chat = fc
  .tuple(
    fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }),
    fc.array(fc.integer({ min: 0, max: 3 * 86_400 }), { minLength: 1, maxLength: 25 }),
  )
  .chain(([start, gaps]) => {
    let t = start.getTime();
    const walls = gaps.map((g) => {
      t += g * 1000;
      const d = new Date(t);
      const h = d.getUTCHours() < 3 ? d.getUTCHours() + 3 : d.getUTCHours();
      return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), h, mi: d.getUTCMinutes(), s: d.getUTCSeconds() };
    });
    // Keep times non-decreasing after moving the small hours.
    walls.sort((a, b) => Date.UTC(a.y, a.m - 1, a.d, a.h, a.mi, a.s) - Date.UTC(b.y, b.m - 1, b.d, b.h, b.mi, b.s));
    return fc.tuple(...walls.map((w, i) => message(i).map((m) => ({ ...m, wall: w }))));
  })
  .map((ms) => ms.map((m) => (m.kind === 'text' && m.edited ? { ...m, text: m.text.trimEnd() || 'x' } : m)))
  .map((ms) => ms.map((m) => (m.author?.startsWith('+') ? { ...m, nonContact: false } : m)));

describe('round trip through every export layout', () => {
  it.each(EXPORT_STYLES.map((s) => [s.name, s] as [string, ExportStyle]))('%s', async (_n, style) => {
    await fc.assert(
      fc.asyncProperty(chat, async (messages) => {
        const file = renderChatExport(messages, style);
        const got = await parseAll(file, { dateOrder: style.order });
        expect(got.map(project)).toEqual(messages.map((m) => expectedOf(m, style)));
        // Left to decide on its own, the parser gets the same answer or says it assumed the
        // locale's order; it never guesses wrong silently. With the style's own locale the
        // assumption is right, and the order the style uses is always among the choices.
        let decision: ChatExportDateOrderDecision | null = null;
        const auto = await parseAll(file, { onFormat: (f) => (decision = f) });
        const d = decision as ChatExportDateOrderDecision | null;
        if (d?.dateOrderSource === 'locale') {
          expect(d.dateOrderChoices).toContain(style.order);
          const inLocale = await parseAll(file, { locale: style.order === 'mdy' ? 'en-US' : 'en-GB' });
          if (style.order !== 'ymd') expect(inLocale.map(project)).toEqual(messages.map((m) => expectedOf(m, style)));
        } else {
          expect(auto.map(project)).toEqual(messages.map((m) => expectedOf(m, style)));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same messages however the bytes are chunked', async () => {
    const file = Buffer.from(renderChatExport(generateChat(200, 3), EXPORT_STYLES[9]!));
    const whole = (await parseAll([file])).map(project);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: file.length - 1 }), { maxLength: 30 }), async (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let prev = 0;
        for (const p of [...points, file.length]) {
          chunks.push(file.subarray(prev, p));
          prev = p;
        }
        expect((await parseAll(chunks)).map(project)).toEqual(whole);
      }),
      { numRuns: 50 },
    );
  });
});

describe('fuzzing: no input crashes the parser', () => {
  const onlyChatExportErrors = async (input: string | Uint8Array[]): Promise<void> => {
    try {
      for await (const m of parseChatExport(typeof input === 'string' ? [input] : input)) {
        expect(m.time.getTime()).not.toBeNaN();
      }
    } catch (e) {
      if (!(e instanceof ChatExportError)) throw e;
    }
  };

  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), (b) => onlyChatExportErrors([b])),
      { numRuns: 300 },
    );
  });

  it('random text made of header pieces', async () => {
    const piece = fc.constantFrom(
      '13/03/2024',
      '3/13/24',
      '2024-03-13',
      '[',
      ']',
      ', ',
      ' - ',
      ': ',
      '10:00',
      ' PM',
      '오후 ',
      '\n',
      '\r\n',
      '\u200e',
      '\ufeff',
      '~ ',
      'A B',
      '<attached: x>',
      '(file attached)',
      'POLL:',
      'OPTION: ',
      '99/99/9999',
      '25:61',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 80 }), (ps) => onlyChatExportErrors(ps.join(''))),
      { numRuns: 500 },
    );
  });

  it('mutated real layouts', async () => {
    const base = EXPORT_STYLES.map((s) => renderChatExport(generateChat(30, 5), s));
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: base.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.string({ maxLength: 8 })), { maxLength: 10 }),
        async (which, edits) => {
          let s = base[which]!;
          for (const [at, del, ins] of edits) {
            const i = at % (s.length + 1);
            s = s.slice(0, i) + ins + s.slice(i + del);
          }
          await onlyChatExportErrors(s);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the hand-written header scanner', () => {
  it('accepts exactly what the reference regular expression accepts', () => {
    const piece = fc.constantFrom(
      ...[
        '1',
        '12',
        '2024',
        '3',
        '/',
        '.',
        '-',
        ' ',
        '\u00a0',
        '\u202f',
        ',',
        ':',
        '[',
        ']',
        ' - ',
        ' – ',
        ': ',
        'AM',
        'pm',
        'p.m.',
        'a. m.',
        'P',
        'M',
        '오후',
        '오전',
        '下午',
        '上午',
        '午後',
        'ص',
        'م',
        'π.μ.',
        'μ.μ.',
        ' г.',
        'г',
        // Day periods written as words (Welsh, Albanian, Tamil), before or after the time.
        'yb',
        'yh',
        'e pasdites',
        'p.d.',
        'm.d.',
        'முற்பகல்',
        'பிற்பகல்',
        '١٤',
        '٣:٠٤',
        '১৪',
        '\u200f',
        '\u200e',
        'x',
        '00',
        '59',
        '60',
        '13',
      ],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (ps) => {
        const line = ps.join('');
        expect(matchHeader(line)).toEqual(matchHeaderRegex(line));
      }),
      { numRuns: 20_000 },
    );
    // Real header lines of every layout, with a few characters inserted, deleted or replaced.
    const bases = [
      ...EXPORT_STYLES.flatMap((st) =>
        renderChatExport(generateChat(8, 4), st)
          .split(/\r?\n/)
          .filter((l) => matchHeaderRegex(l)),
      ),
      // Headers read by rewriting: another script's digits, marks between the date's fields, Greek am/pm.
      '١٤\u200f/١١\u200f/٢٠٢٣، ٣:٠٤ م - سارة: أهلا',
      '14\u200f/11\u200f/2023، 9:05 ص - أحمد: مرحبا',
      '[١٤/١١/٢٠٢٣، ٩:٠٥:٠٠ م] سارة: أهلا',
      '১৪/১১/২৩, ৯:০৫ AM - রহিম: হ্যালো',
      '14/11/23, 3:04 μ.μ. - Μαρία: Γεια',
      // Bulgarian's ` г.` after the year.
      '5.01.24 г., 15:07 - Иван: Здравейте',
      '[5.01.24 г., 15:07:09] Иван: Здравейте',
      // Day periods as words: Welsh and Albanian after the time, Tamil before it.
      '05/03/24, 1:15\u202fyh - Menna: Diolch',
      '15.3.24, 7:05\u202fe pasdites - Arben: Faleminderit',
      '15.3.24, 9:15\u202fp.d. - Arben: Mirë',
      '19/2/24, பிற்பகல் 6:05 - கவிதா: சரி',
      // The time first (Vietnamese), with and without the comma, and in brackets.
      '09:15, 15/03/2024 - Lan: Chào anh',
      '18:20 15/3/24 - Lan: Chào anh',
      '[09:15:30, 15/03/2024] Lan: Chào anh',
    ];
    const alphabet = [...'0123456789/.-:, []-–APMapm오후下午مص،πμ١٤৯гybhd\u00a0\u202f\u200e\u200f'];
    const edit = fc.tuple(
      fc.nat(60),
      fc.nat(2),
      fc.array(fc.constantFrom(...alphabet), { maxLength: 2 }).map((cs) => cs.join('')),
    );
    let matched = 0;
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(edit, { maxLength: 3 }), (base, edits) => {
        let line = base;
        for (const [at, del, ins] of edits) line = line.slice(0, at) + ins + line.slice(at + del);
        const want = matchHeaderRegex(line);
        if (want) matched++;
        expect(matchHeader(line)).toEqual(want);
      }),
      { numRuns: 30_000 },
    );
    expect(matched).toBeGreaterThan(5_000);
    for (const style of EXPORT_STYLES) {
      for (const line of renderChatExport(generateChat(50, 9), style).split(/\r?\n/))
        expect(matchHeader(line)).toEqual(matchHeaderRegex(line));
    }
  });
});
