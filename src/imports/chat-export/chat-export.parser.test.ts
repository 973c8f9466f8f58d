import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ChatExportError } from './chat-export.errors.js';
import { detectChatExportFormat, matchHeader, matchHeaderRegex } from './chat-export.format.js';
import { inspectChatExport, parseChatExport, parseChatExportBatches } from './chat-export.parser.js';
import type { ChatExportDateOrderDecision, ChatExportMessage, ChatExportParseOptions } from './chat-export.types.js';

const LRM = '\u200e';
const NNBSP = '\u202f';
const NBSP = '\u00a0';

async function parse(text: string | Buffer, opts: ChatExportParseOptions = {}): Promise<ChatExportMessage[]> {
  const out: ChatExportMessage[] = [];
  for await (const m of parseChatExport(typeof text === 'string' ? [text] : [text], opts)) out.push(m);
  return out;
}

const brief = (m: ChatExportMessage) => ({
  time: m.localTime,
  author: m.author,
  system: m.system,
  text: m.text,
  attachments: m.attachments.map((a) => a.fileName),
  edited: m.edited,
  deleted: m.deleted,
});

/** A text as a stream's worth of 1 KB chunks. */
function chunksOf(text: string): Buffer[] {
  const b = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += 1024) out.push(b.subarray(i, i + 1024));
  return out;
}

async function errorOf(p: Promise<unknown>): Promise<ChatExportError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ChatExportError);
    return e as ChatExportError;
  }
  throw new Error('expected a ChatExportError');
}

describe('header layouts', () => {
  // Each row: an export's first message line and the instant it must give (Europe/London).
  const rows: [string, string, string][] = [
    ['android UK dmy 4-digit', '13/03/2024, 14:05 - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['android US mdy 2-digit, NNBSP PM', `3/13/24, 2:05${NNBSP}PM - Alex Example: hi`, '2024-03-13T14:05:00+00:00'],
    ['android lower pm', '3/13/24, 2:05 pm - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['android p.m.', '3/13/2024, 2:05 p.m. - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['android Spanish p. m. with NBSP', `13/3/24, 2:05${NNBSP}p.${NBSP}m. - Alex Example: hi`, '2024-03-13T14:05:00+00:00'],
    ['android 12 AM is midnight', '3/13/24, 12:05 AM - Alex Example: hi', '2024-03-13T00:05:00+00:00'],
    ['android 12 PM is noon', '3/13/24, 12:05 PM - Alex Example: hi', '2024-03-13T12:05:00+00:00'],
    ['android German dots', '13.03.24, 14:05 - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['android year-first dashes', '2024-03-13, 14:05 - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['android year-first, no comma', '2024-03-13 14:05 - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['android Korean, marker before', '2024. 3. 13. 오후 2:05 - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['android Korean AM', '2024. 3. 13. 오전 2:05 - Alex Example: hi', '2024-03-13T02:05:00+00:00'],
    ['android Chinese, marker glued before', '2024/3/13 下午2:05 - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['android Japanese 午後', '2024/03/13 午後2:05 - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['android seconds', '13/03/2024, 14:05:09 - Alex Example: hi', '2024-03-13T14:05:09+00:00'],
    ['ios UK brackets seconds', '[13/03/2024, 14:05:09] Alex Example: hi', '2024-03-13T14:05:09+00:00'],
    ['ios US NNBSP PM', `[3/13/24, 2:05:09${NNBSP}PM] Alex Example: hi`, '2024-03-13T14:05:09+00:00'],
    ['ios German', '[13.03.24, 14:05:09] Alex Example: hi', '2024-03-13T14:05:09+00:00'],
    ['ios no seconds', '[13/03/2024, 14:05] Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['ios year-first', '[2024-03-13, 14:05:09] Alex Example: hi', '2024-03-13T14:05:09+00:00'],
    ['ios LRM before bracket', `${LRM}[13/03/2024, 14:05:09] Alex Example: hi`, '2024-03-13T14:05:09+00:00'],
    ['old ios without brackets', '13/03/2024 14:05:09: Alex Example: hi', '2024-03-13T14:05:09+00:00'],
    ['android Finnish klo', '13.3.2024 klo 14.05 - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['android dashes, dots in time, PM', '03-13-2024, 02.05 PM - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['old ios dots, no brackets', '13.03.24 14.05.09: Alex Example: hi', '2024-03-13T14:05:09+00:00'],
    ['ios brackets without comma', '[03.13.24 14:05:09] Alex Example: hi', '2024-03-13T14:05:09+00:00'],
    ['ios p. m. in brackets', '[3/13/24 2:05:09 p. m.] Alex Example: hi', '2024-03-13T14:05:09+00:00'],
    ['summer time', '13/07/2024, 14:05 - Alex Example: hi', '2024-07-13T14:05:00+01:00'],
    ['android French à', '13/03/2024 à 14:05 - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['android Portuguese às', '13/03/2024 às 14:05 - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['android Arabic comma and م with RLM', '\u200f13/03/2024، 2:05 م - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['android Norwegian kl.', '13.03.2024, kl. 14:05 - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['android Bulgarian г. after the year', '13.03.24 г., 14:05 - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['ios Bulgarian г. after the year', '[13.03.24 г., 14:05:09] Alex Example: hi', '2024-03-13T14:05:09+00:00'],
    // Day periods written as words: Welsh and Albanian after the time, Tamil before it.
    ['android Welsh yh', `13/03/24, 2:05${NNBSP}yh - Alex Example: hi`, '2024-03-13T14:05:00+00:00'],
    ['android Welsh 12 yb is midnight', `13/03/24, 12:05${NNBSP}yb - Alex Example: hi`, '2024-03-13T00:05:00+00:00'],
    ['android Albanian e pasdites', `13.3.24, 2:05${NNBSP}e pasdites - Alex Example: hi`, '2024-03-13T14:05:00+00:00'],
    ['android Albanian e paradites', `13.3.24, 9:05${NNBSP}e paradites - Alex Example: hi`, '2024-03-13T09:05:00+00:00'],
    ['android Albanian p.d. is the morning', `13.3.24, 9:05${NNBSP}p.d. - Alex Example: hi`, '2024-03-13T09:05:00+00:00'],
    ['android Albanian m.d.', `13.3.24, 2:05${NNBSP}m.d. - Alex Example: hi`, '2024-03-13T14:05:00+00:00'],
    ['android Tamil பிற்பகல் before the time', '13/3/24, பிற்பகல் 2:05 - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['android Tamil முற்பகல் before the time', '13/3/24, முற்பகல் 9:05 - Alex Example: hi', '2024-03-13T09:05:00+00:00'],
    // The time before the date (Vietnamese), with or without the comma.
    ['android Vietnamese time first', '14:05, 13/03/2024 - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['android Vietnamese time first, no comma', '14:05 13/3/24 - Alex Example: hi', '2024-03-13T14:05:00+00:00'],
    ['ios time first', '[14:05:09, 13/03/2024] Alex Example: hi', '2024-03-13T14:05:09+00:00'],
  ];
  it.each(rows)('%s', async (_name, line, time) => {
    const [m] = await parse(`${line}\n`);
    expect(m && brief(m)).toEqual({
      time,
      author: 'Alex Example',
      system: false,
      text: 'hi',
      attachments: [],
      edited: false,
      deleted: false,
    });
  });

  it('reads year-first dates as year-month-day (the peer swaps day and month)', async () => {
    const [m] = await parse('2024-03-05, 10:00 - Alex Example: hi\n');
    expect(m?.wallTime).toBe('2024-03-05T10:00:00');
  });

  it('reads Arabic-Indic and Bengali digits, direction marks inside the date, and Greek π.μ./μ.μ.', async () => {
    const rows: [string, string][] = [
      ['١٤\u200f/١١\u200f/٢٠٢٣، ٣:٠٤ م - سارة: أهلا', '2023-11-14T15:04:00+00:00'],
      ['14\u200f/11\u200f/2023، 9:05 ص - أحمد: مرحبا', '2023-11-14T09:05:00+00:00'],
      ['[١٤/١١/٢٠٢٣، ٩:٠٥:٠٠ م] سارة: أهلا', '2023-11-14T21:05:00+00:00'],
      ['১৪/১১/২৩, ৯:০৫ AM - রহিম: হ্যালো', '2023-11-14T09:05:00+00:00'],
      ['14/11/23, 3:04 μ.μ. - Μαρία: Γεια', '2023-11-14T15:04:00+00:00'],
    ];
    for (const [line, time] of rows) {
      expect(matchHeader(line)).toEqual(matchHeaderRegex(line));
      const [m] = await parse(`${line}\n`);
      expect(m?.localTime).toBe(time);
      expect(m?.text).toBe(line.slice(line.lastIndexOf(': ') + 2));
    }
  });

  it('keeps PM when it comes before the time', async () => {
    const [m] = await parse('2024/3/5 下午11:59 - Alex Example: hi\n');
    expect(m?.wallTime).toBe('2024-03-05T23:59:00');
  });

  it('reads day periods written as words where the file puts them, and keeps the words in text', async () => {
    const welsh = await parse(
      [
        `14/03/24, 9:12${NNBSP}yb - Elin Example: Rhwng 8 yb a 12 yh?`,
        // A typed timetable line: it starts with a time but is no header of any layout.
        '9:00 yb - 12:00 yh',
        // A 24-hour line in a 12-hour file is typed, not WhatsApp's.
        '14/03/24, 13:15 - nodyn',
        `14/03/24, 1:15${NNBSP}yh - Menna Sample: Iawn`,
      ].join('\n'),
    );
    expect(welsh.map((m) => [m.wallTime, m.author, m.text])).toEqual([
      ['2024-03-14T09:12:00', 'Elin Example', 'Rhwng 8 yb a 12 yh?\n9:00 yb - 12:00 yh\n14/03/24, 13:15 - nodyn'],
      ['2024-03-14T13:15:00', 'Menna Sample', 'Iawn'],
    ]);
    // Tamil writes the period before the time; a line with it after is laid out otherwise, so it is text.
    const tamil = await parse(
      ['19/2/24, பிற்பகல் 6:05 - கவிதா: சரி', '19/2/24, 6:10 பிற்பகல் - குறிப்பு', '19/2/24, பிற்பகல் 6:07 - சரஸ்வதி: ஆம்'].join('\n'),
    );
    expect(tamil.map((m) => [m.wallTime, m.text])).toEqual([
      ['2024-02-19T18:05:00', 'சரி\n19/2/24, 6:10 பிற்பகல் - குறிப்பு'],
      ['2024-02-19T18:07:00', 'ஆம்'],
    ]);
    // Only the words as WhatsApp writes them: capitals, a longer word or a part of one are not headers.
    for (const line of ['14/03/24, 9:12 YB - A: x', '14/03/24, 9:12 ybx - A: x', '14/03/24, 9:12 e para - A: x'])
      expect(matchHeader(line), line).toBeNull();
    expect(detectChatExportFormat(['19/2/24, முற்பகல் 9:15 - A: x']).clock).toBe('12h-before');
    expect(detectChatExportFormat([`05/03/24, 9:12${NNBSP}yb - A: x`]).clock).toBe('12h-after');
  });

  it('reads the time before the date only in a file laid out so, and never a date-first line that way', async () => {
    const vi = await parse(
      [
        '09:30, 15/03/2024 - Trần Văn Thử: Anh ghi lại:',
        // A typed log line, date first: text in a time-first file.
        '14/03/2024, 16:00 - gọi hội đồng',
        '09:31, 15/03/2024 - Nguyễn Thị Mẫu: Vâng',
      ].join('\n'),
    );
    expect(vi.map((m) => [m.wallTime, m.author, m.text])).toEqual([
      ['2024-03-15T09:30:00', 'Trần Văn Thử', 'Anh ghi lại:\n14/03/2024, 16:00 - gọi hội đồng'],
      ['2024-03-15T09:31:00', 'Nguyễn Thị Mẫu', 'Vâng'],
    ]);
    // And the other way round: a typed time-first line stays in its message in a date-first file.
    const uk = await parse(
      ['15/03/2024, 09:30 - Jo Test: Log:', '16:00, 14/03/2024 - called, no answer', '15/03/2024, 09:31 - Alex Example: ok'].join('\n'),
    );
    expect(uk.map((m) => m.text)).toEqual(['Log:\n16:00, 14/03/2024 - called, no answer', 'ok']);
    // Only a colon after the hour: `9.15, 15.3.2024` could start a dotted date, so it is never a time-first header.
    expect(matchHeader('09.15, 15.03.2024 - A: x')).toBeNull();
    // Nor a time-first line without a space or comma, with a 12-hour marker, or an hour past 23.
    for (const line of ['09:1515/03/2024 - A: x', '9:15 AM, 15/03/2024 - A: x', '24:05, 15/03/2024 - A: x'])
      expect(matchHeader(line), line).toBeNull();
    // The time-first layout has a signature of its own; its date order is decided as any other's.
    expect(matchHeader('09:15, 15/03/2024 - A: x')!.signature).not.toBe(matchHeader('15/03/2024, 09:15 - A: x')!.signature);
    expect(await inspectChatExport('09:15, 3/15/24 - A: x\n')).toMatchObject({ dateOrder: 'mdy', dateOrderSource: 'file' });
    expect(await inspectChatExport('09:15, 15/3/24 - A: x\n')).toMatchObject({ dateOrder: 'dmy', dateOrderSource: 'file' });
  });
});

describe('date order', () => {
  it('is decided by a day past the 12th anywhere in the file', async () => {
    const lines = ['01/02/2024, 10:00 - A B: one', '05/02/2024, 10:00 - A B: two', '25/02/2024, 10:00 - A B: three'];
    const ms = await parse(`${lines.join('\n')}\n`);
    expect(ms.map((m) => m.wallTime.slice(0, 10))).toEqual(['2024-02-01', '2024-02-05', '2024-02-25']);
  });

  it('is decided by chronology when every field is 12 or less', async () => {
    // Month-first, this is 2 Jan, 1 Mar, 2 Apr; day-first it would go back in time (1 Feb, 3 Jan).
    const text = ['01/02/2024, 10:00 - A B: one', '03/01/2024, 10:00 - A B: two', '04/02/2024, 10:00 - A B: three'].join('\n');
    let source = '';
    const ms: ChatExportMessage[] = [];
    for await (const m of parseChatExport(text, { onFormat: (f) => (source = `${f.dateOrderSource}/${f.dateOrderEvidence}`) })) ms.push(m);
    expect(ms.map((m) => m.wallTime.slice(0, 10))).toEqual(['2024-01-02', '2024-03-01', '2024-04-02']);
    expect(source).toBe('file/chronology');
  });

  describe('when the file cannot decide', () => {
    const text = '01/02/2024, 10:00 - A B: one\n03/04/2024, 10:00 - A B: two\n';
    // Each row: options, the dates read, and the decision reported.
    const rows: [string, ChatExportParseOptions, string[], Partial<ChatExportDateOrderDecision>][] = [
      [
        'default locale en-GB: day-first',
        {},
        ['2024-02-01', '2024-04-03'],
        {
          dateOrder: 'dmy',
          dateOrderSource: 'locale',
          dateOrderChoices: ['dmy', 'mdy'],
          dateOrderExamples: { dmy: '2024-02-01', mdy: '2024-01-02' },
          locale: 'en-GB',
        },
      ],
      [
        'en-US: month-first',
        { locale: 'en-US' },
        ['2024-01-02', '2024-03-04'],
        { dateOrder: 'mdy', dateOrderSource: 'locale', locale: 'en-US' },
      ],
      ['de-DE: day-first', { locale: 'de-DE' }, ['2024-02-01', '2024-04-03'], { dateOrder: 'dmy', dateOrderSource: 'locale' }],
      [
        'ja-JP (year-first) falls back to day-first',
        { locale: 'ja-JP' },
        ['2024-02-01', '2024-04-03'],
        { dateOrder: 'dmy', dateOrderSource: 'locale' },
      ],
      [
        'the user overrides the locale',
        { dateOrder: 'mdy', locale: 'en-GB' },
        ['2024-01-02', '2024-03-04'],
        { dateOrder: 'mdy', dateOrderSource: 'user', dateOrderChoices: ['mdy'] },
      ],
    ];
    it.each(rows)('%s', async (_n, opts, days, decision) => {
      let got: ChatExportDateOrderDecision | null = null;
      const ms = await parse(text, { ...opts, onFormat: (f) => (got = f) });
      expect(ms.map((m) => m.wallTime.slice(0, 10))).toEqual(days);
      expect(got).toMatchObject(decision);
      expect(await inspectChatExport(text, opts)).toMatchObject(decision);
    });

    // Each row: a layout whose every date reads both ways, and the order its layout implies.
    const layouts: [string, string, Partial<ChatExportDateOrderDecision>][] = [
      [
        'en-US Android M/D/YY with AM/PM: month-first by layout',
        `10/2/23, 9:00${NNBSP}AM - A B: one\n10/3/23, 1:00${NNBSP}PM - A B: two\n`,
        { dateOrder: 'mdy', dateOrderSource: 'file', dateOrderEvidence: 'layout', dateOrderChoices: ['dmy', 'mdy'] },
      ],
      ['en-US iOS: month-first by layout', `[10/2/23, 9:00:00${NNBSP}AM] A B: one\n`, { dateOrder: 'mdy', dateOrderEvidence: 'layout' }],
      [
        'lower-case am (en-AU, en-IN): the locale decides',
        '2/10/23, 9:00 am - A B: one\n',
        { dateOrder: 'dmy', dateOrderSource: 'locale' },
      ],
      [
        'zero-padded (en-GB 12-hour): the locale decides',
        '02/10/23, 9:00 AM - A B: one\n',
        { dateOrder: 'dmy', dateOrderSource: 'locale' },
      ],
      ['four-digit year: the locale decides', '2/10/2023, 9:00 AM - A B: one\n', { dateOrder: 'dmy', dateOrderSource: 'locale' }],
      ['24-hour clock: the locale decides', '2/10/23, 09:00 - A B: one\n', { dateOrder: 'dmy', dateOrderSource: 'locale' }],
      ['the user still overrides the layout', `10/2/23, 9:00${NNBSP}AM - A B: one\n`, { dateOrder: 'dmy', dateOrderSource: 'user' }],
      // Urdu and Punjabi phones write the same shape day-first; what shows such a phone turns the layout's evidence off.
      [
        'iOS Urdu, an Arabic comma after the date: the locale decides',
        `[3/2/24\u060c 9:15:04${NNBSP}PM] A B: one\n[5/2/24\u060c 11:00:00${NNBSP}AM] A B: two\n`,
        { dateOrder: 'dmy', dateOrderSource: 'locale', dateOrderChoices: ['dmy', 'mdy'] },
      ],
      [
        "WhatsApp's encryption notice in Urdu: the locale decides",
        `3/2/24, 9:00${NNBSP}PM - میسجز اور کالز اینڈ ٹو اینڈ اینکرپشن کے ذریعے محفوظ ہیں۔\n4/2/24, 10:02${NNBSP}AM - A B: one\n`,
        { dateOrder: 'dmy', dateOrderSource: 'locale' },
      ],
      [
        "iOS: the notice after the contact's name, further down: the locale decides",
        `[3/2/24, 9:15:04${NNBSP}PM] A B: one\n[4/2/24, 9:15:04${NNBSP}PM] A B: ${LRM}میسجز اور کالز اینڈ ٹو اینڈ اینکرپشن کے ذریعے محفوظ ہیں۔\n`,
        { dateOrder: 'dmy', dateOrderSource: 'locale' },
      ],
      [
        'a deleted message in Polish: the locale decides',
        `10/2/23, 9:00${NNBSP}AM - A B: one\n10/3/23, 9:00${NNBSP}AM - A B: Ta wiadomość została usunięta\n`,
        { dateOrder: 'dmy', dateOrderSource: 'locale' },
      ],
      [
        'a photo attached in Romanian: the locale decides',
        `10/2/23, 9:00${NNBSP}AM - A B: IMG-20231002-WA0001.jpg (fișier atașat)\n`,
        { dateOrder: 'dmy', dateOrderSource: 'locale' },
      ],
      [
        'people writing another language on a US phone: still month-first by layout',
        `10/2/23, 9:00${NNBSP}AM - A B: Dzień dobry, السلام علیکم\n10/3/23, 9:00${NNBSP}AM - C D: IMG-20231003-WA0001.jpg (file attached)\n`,
        { dateOrder: 'mdy', dateOrderSource: 'file', dateOrderEvidence: 'layout' },
      ],
      [
        "a typed notice in another language, not in WhatsApp's place: still month-first by layout",
        `10/2/23, 9:00${NNBSP}AM - A B: they wrote "Ta wiadomość została usunięta" to me\n`,
        { dateOrder: 'mdy', dateOrderEvidence: 'layout' },
      ],
    ];
    it.each(layouts)('%s', async (name, file, decision) => {
      const f = await inspectChatExport(file, name.startsWith('the user') ? { dateOrder: 'dmy' } : {});
      expect(f).toMatchObject(decision);
    });

    it('reports the file as the source when a date past the 12th decides', async () => {
      const f = await inspectChatExport('01/02/2024, 10:00 - A B: one\n13/02/2024, 10:00 - A B: two\n', { locale: 'en-US' });
      expect(f).toMatchObject({ dateOrder: 'dmy', dateOrderSource: 'file', dateOrderEvidence: 'field-range', dateOrderChoices: ['dmy'] });
    });

    it('a group chat whose every message falls on 02/10/2023 is read as 2 October under en-GB', async () => {
      const lines = [
        '02/10/2023, 09:00 - Sam Sample created group "Repairs"',
        '02/10/2023, 09:01 - Sam Sample: morning all',
        '02/10/2023, 17:45 - Jo Test: see you',
      ];
      const ms = await parse(`${lines.join('\n')}\n`);
      expect(ms.map((m) => m.localTime)).toEqual(['2023-10-02T09:00:00+01:00', '2023-10-02T09:01:00+01:00', '2023-10-02T17:45:00+01:00']);
      expect(ms[0]!.system).toBe(true);
    });

    it('refuses a locale that is not a language tag', async () => {
      expect((await errorOf(parse(text, { locale: 'not a locale!' }))).code).toBe('IMPORT_INVALID_OPTION');
      expect((await errorOf(parse(text, { locale: 'xx-YY' }))).code).toBe('IMPORT_INVALID_OPTION');
    });
  });

  it('is moot when day and month are always equal', async () => {
    const ms = await parse('01/01/2024, 10:00 - A B: one\n02/02/2024, 10:00 - A B: two\n');
    expect(ms.map((m) => m.wallTime.slice(0, 10))).toEqual(['2024-01-01', '2024-02-02']);
  });

  it('decides from the whole file even when the deciding line is far down (two passes)', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) lines.push(`0${1 + (i % 9)}/01/2024, 10:00 - A B: filler ${i}`);
    lines.push('01/13/2024, 10:00 - A B: the 13th of January');
    const text = `${lines.join('\n')}\n`;
    let opens = 0;
    const ms: ChatExportMessage[] = [];
    for await (const m of parseChatExport(() => {
      opens++;
      return Readable.from(chunksOf(text));
    }))
      ms.push(m);
    expect(opens).toBe(2);
    expect(ms).toHaveLength(5001);
    expect(ms[5000]?.wallTime).toBe('2024-01-13T10:00:00');
    expect(ms[0]?.wallTime).toBe('2024-01-01T10:00:00');
    // A read-once stream gets the same answer by holding lines back.
    const once: ChatExportMessage[] = [];
    for await (const m of parseChatExport(Readable.from(chunksOf(text)))) once.push(m);
    expect(once.map((m) => m.wallTime)).toEqual(ms.map((m) => m.wallTime));
  });

  it('says so when the --date-order given does not fit the file', async () => {
    const e = await errorOf(parse('12/01/2024, 10:00 - A B: one\n12/13/2024, 10:00 - A B: two\n', { dateOrder: 'dmy' }));
    expect(e.code).toBe('IMPORT_DATE_ORDER_MISMATCH');
    expect(e.details).toMatchObject({ line: 2 });
  });

  it('holds back a bounded amount from a read-once stream', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `0${1 + (i % 9)}/01/2024, 10:00 - A B: filler ${i}`);
    const text = `${lines.join('\n')}\n13/01/2024, 10:00 - A B: x\n`;
    const drain = async (opts: ChatExportParseOptions): Promise<number> => {
      let n = 0;
      for await (const _m of parseChatExport(chunksOf(text), opts)) n++;
      return n;
    };
    expect((await errorOf(drain({ maxHeldBackChars: 10_000 }))).code).toBe('IMPORT_DATE_ORDER_AMBIGUOUS');
    expect(await drain({})).toBe(2001);
  });

  it('rejects a bad --date-order value', async () => {
    const e = await errorOf(parse('13/01/2024, 10:00 - A B: x\n', { dateOrder: 'dym' as never }));
    expect(e.code).toBe('IMPORT_INVALID_OPTION');
  });
});

describe('messages', () => {
  it('keeps multi-line messages with blank lines and lines that look like dates', async () => {
    const text = [
      '13/03/2024, 10:00 - Alex Example: first line',
      '',
      '14/03/2024 is the date we agreed',
      '14/03/2024, 10:00 but no dash',
      '[14/03/2024, 10:00:00] an iOS-looking line',
      '3/14/24, 10:00 PM - a US-looking line',
      '13/03/2024, 10:01 - Sam Sample: second',
    ].join('\n');
    const ms = await parse(text);
    expect(ms).toHaveLength(2);
    expect(ms[0]?.text).toBe(
      'first line\n\n14/03/2024 is the date we agreed\n14/03/2024, 10:00 but no dash\n[14/03/2024, 10:00:00] an iOS-looking line\n3/14/24, 10:00 PM - a US-looking line',
    );
    expect(ms[1]?.author).toBe('Sam Sample');
  });

  it("keeps typed lines whose date and time are joined otherwise than the file's headers as text", async () => {
    // WhatsApp writes one layout per file: a comma between date and time in every header here, none in the typed log.
    const android = await parse(
      [
        '15/01/2024, 09:00 - Jo Test: My log:',
        '10/01/2024 10:30 - left voicemail',
        '11/01/2024 14:05 - no answer',
        '15/01/2024, 09:04 - Alex Example: Thanks',
      ].join('\n'),
    );
    expect(android.map((m) => [m.author, m.text])).toEqual([
      ['Jo Test', 'My log:\n10/01/2024 10:30 - left voicemail\n11/01/2024 14:05 - no answer'],
      ['Alex Example', 'Thanks'],
    ]);
    // And the other way round: a file without the comma keeps a typed line with one.
    const noComma = await parse(
      ['2024-01-15 09:00 - Jo Test: Log:', '2024-01-10, 10:30 - left voicemail', '2024-01-15 09:04 - Alex Example: ok'].join('\n'),
    );
    expect(noComma.map((m) => m.text)).toEqual(['Log:\n2024-01-10, 10:30 - left voicemail', 'ok']);
    // iOS: a bracketed line without the comma is text too.
    const ios = await parse(
      ['[15/01/2024, 09:00:00] Jo Test: Noted:', '[14/01/2024 18:00:00] boiler off', '[15/01/2024, 09:04:00] Alex Example: ok'].join('\n'),
    );
    expect(ios.map((m) => m.text)).toEqual(['Noted:\n[14/01/2024 18:00:00] boiler off', 'ok']);
    // The joint is part of the layout's signature: a connector word and Bulgarian's г. too.
    const sig = (l: string): number => matchHeader(l)!.signature;
    expect(
      new Set([
        sig('15/01/2024, 09:00 - A: x'),
        sig('15/01/2024 09:00 - A: x'),
        sig('15/01/2024 à 09:00 - A: x'),
        sig('15.01.24 г., 09:00 - A: x'),
      ]).size,
    ).toBe(4);
  });

  it('handles BOM, CRLF and marks', async () => {
    const text = `\ufeff13/03/2024, 10:00 - Alex Example: one\r\nmore\r\n${LRM}13/03/2024, 10:01 - Sam Sample: two\r\n`;
    const ms = await parse(Buffer.from(text, 'utf8'));
    expect(ms.map(brief)).toEqual([
      {
        time: '2024-03-13T10:00:00+00:00',
        author: 'Alex Example',
        system: false,
        text: 'one\nmore',
        attachments: [],
        edited: false,
        deleted: false,
      },
      {
        time: '2024-03-13T10:01:00+00:00',
        author: 'Sam Sample',
        system: false,
        text: 'two',
        attachments: [],
        edited: false,
        deleted: false,
      },
    ]);
  });

  it('reads UTF-8 split across chunks and UTF-16 with a BOM', async () => {
    const text = '13/03/2024, 10:00 - Zoë Example: café 🙂\n';
    const bytes = Buffer.from(text, 'utf8');
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    const out: ChatExportMessage[] = [];
    for await (const m of parseChatExport(chunks)) out.push(m);
    expect(out[0]?.text).toBe('café 🙂');
    expect(out[0]?.author).toBe('Zoë Example');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const [m] = await parse(utf16);
    expect(m?.text).toBe('café 🙂');
  });

  it('tells Android system messages from authors, including events with a colon', async () => {
    const text = [
      '13/03/2024, 09:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.',
      '13/03/2024, 09:01 - Alex Example created group "Estate: repairs"',
      '13/03/2024, 09:02 - Alex Example added Sam Sample',
      '13/03/2024, 09:03 - Sam Sample changed the subject from "Rota: May" to "Rota: June"',
      '13/03/2024, 09:04 - Jo Test left',
      "13/03/2024, 09:05 - Priya Placeholder joined using this group's invite link",
      '13/03/2024, 09:06 - +44 7700 900123 changed to +44 7700 900456',
      '13/03/2024, 09:07 - Chris Dummy changed their phone number to a new number. Tap to message or add the new number.',
      "13/03/2024, 09:08 - Alex Example changed this group's icon",
      '13/03/2024, 09:09 - Sam Sample: I added the list: see above',
      '13/03/2024, 09:10 - +44 7700 900123: from a number',
      `13/03/2024, 09:11 - ~${NNBSP}Jo Test: not a contact`,
      '13/03/2024, 09:12 - ~ Jo Test: not a contact either',
    ].join('\n');
    const ms = await parse(text);
    expect(ms.map((m) => [m.author, m.system])).toEqual([
      [null, true],
      [null, true],
      [null, true],
      [null, true],
      [null, true],
      [null, true],
      [null, true],
      [null, true],
      [null, true],
      ['Sam Sample', false],
      ['+44 7700 900123', false],
      ['Jo Test', false],
      ['Jo Test', false],
    ]);
    expect(ms[3]?.text).toBe('Sam Sample changed the subject from "Rota: May" to "Rota: June"');
    expect(ms[9]?.text).toBe('I added the list: see above');
    expect(ms[11]?.nonContact).toBe(true);
    expect(ms.every((m) => m.kind === (m.system ? 'system' : 'text'))).toBe(true);
  });

  it('reads a group event whose quoted subject holds `: ` in a language it has no words for, and an empty message', async () => {
    const text = [
      '14.11.2023, 09:01 - Sam Sample utworzył(a) grupę „Remont: klatka 2”',
      '14.11.2023, 09:02 - Jo Test: pierwsza',
      '14.11.2023, 09:03 - Jo Test:',
      '14.11.2023, 09:04 - Jo „JJ” Test: a name with a closed quotation',
      '14.11.2023, 09:05 - Jo Test: last',
      '',
    ].join('\n');
    const ms = await parse(text);
    expect(ms.map((m) => [m.author, m.system, m.text])).toEqual([
      [null, true, 'Sam Sample utworzył(a) grupę „Remont: klatka 2”'],
      ['Jo Test', false, 'pierwsza'],
      ['Jo Test', false, ''],
      ['Jo „JJ” Test', false, 'a name with a closed quotation'],
      // The file's blank last line is not part of the last message.
      ['Jo Test', false, 'last'],
    ]);
  });

  it('tells iOS notices (written as `Group: ‎notice`) from messages', async () => {
    const text = [
      `[13/03/2024, 09:00:00] Estate Group: ${LRM}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.`,
      `[13/03/2024, 09:00:01] Estate Group: ${LRM}Alex Example created group “Estate Group”`,
      `[13/03/2024, 09:00:02] Estate Group: ${LRM}Alex Example added Sam Sample`,
      `[13/03/2024, 09:00:03] Alex Example: hello`,
      `${LRM}[13/03/2024, 09:00:04] \u202a+44 7700 900123\u202c: ${LRM}image omitted`,
      `[13/03/2024, 09:00:05] ~${NNBSP}Jo Test: hi`,
      `[13/03/2024, 09:00:06] Estate Group: ${LRM}Jo Test left`,
    ].join('\n');
    const ms = await parse(text);
    expect(ms.map((m) => [m.author, m.system, m.text])).toEqual([
      [
        null,
        true,
        'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.',
      ],
      [null, true, 'Alex Example created group “Estate Group”'],
      [null, true, 'Alex Example added Sam Sample'],
      ['Alex Example', false, 'hello'],
      ['+44 7700 900123', true, ''],
      ['Jo Test', false, 'hi'],
      [null, true, 'Jo Test left'],
    ]);
    expect(ms[4]?.mediaOmitted).toBe(true);
  });

  it("knows the notices about this group's icon, settings and invite link", async () => {
    const notices = [
      "Sam Sample deleted this group's icon",
      "Sam Sample changed this group's icon",
      "Sam Sample changed this group's settings to allow only admins to edit this group's info",
      "Sam Sample reset this group's invite link",
    ];
    const ios = await parse(
      [...notices.map((n, i) => `[13/03/2024, 09:0${i}:00] Flats: ${LRM}${n}`), '[13/03/2024, 09:09:00] Jo Test: ok'].join('\n'),
    );
    expect(ios.map((m) => [m.author, m.system, m.text])).toEqual([...notices.map((n) => [null, true, n]), ['Jo Test', false, 'ok']]);
    const android = await parse(notices.map((n, i) => `13/03/2024, 09:0${i} - ${n}`).join('\n'));
    expect(android.map((m) => [m.author, m.system])).toEqual(notices.map(() => [null, true]));
    // Typed on iOS without WhatsApp's mark, the words are the sender's.
    const [typed] = await parse(`[13/03/2024, 09:00:00] Jo Test: Sam Sample changed this group's icon again`);
    expect([typed?.author, typed?.system]).toEqual(['Jo Test', false]);
  });

  it('knows the notices older iOS exports wrote without a mark', async () => {
    const ms = await parse(
      [
        '[13/04/2013, 21:56:03] Family: Alex Example changed the group name to “Family”',
        '[13/04/2013, 21:57:00] Alex Example: Alex Example changed the group name to “Family” is what it says',
        '[13/04/2013, 21:58:00] Alex Example: Sam Sample created group “x”',
      ].join('\n'),
    );
    expect(ms.map((m) => [m.author, m.system])).toEqual([
      [null, true],
      ['Alex Example', false],
      ['Alex Example', false],
    ]);
  });

  it('reads attachments, omitted media, deleted and edited markers', async () => {
    const text = [
      '13/03/2024, 10:00 - Alex Example: IMG-20240313-WA0001.jpg (file attached)',
      'the boiler',
      'second caption line',
      '13/03/2024, 10:01 - Alex Example: Rent statement.pdf (file attached)',
      '13/03/2024, 10:02 - Alex Example: <Media omitted>',
      '13/03/2024, 10:03 - Alex Example: This message was deleted',
      '13/03/2024, 10:04 - Alex Example: You deleted this message',
      '13/03/2024, 10:05 - Alex Example: see you at 10 <This message was edited>',
      '13/03/2024, 10:06 - Alex Example: image omitted',
    ].join('\n');
    const ms = await parse(text);
    expect(ms.map(brief).map(({ time: _t, author: _a, system: _s, ...rest }) => rest)).toEqual([
      { text: 'the boiler\nsecond caption line', attachments: ['IMG-20240313-WA0001.jpg'], edited: false, deleted: false },
      { text: '', attachments: ['Rent statement.pdf'], edited: false, deleted: false },
      { text: '', attachments: [], edited: false, deleted: false },
      { text: '', attachments: [], edited: false, deleted: true },
      { text: '', attachments: [], edited: false, deleted: true },
      { text: 'see you at 10', attachments: [], edited: true, deleted: false },
      { text: '', attachments: [], edited: false, deleted: false },
    ]);
    expect(ms.map((m) => m.kind)).toEqual(['media', 'media', 'media', 'deleted', 'deleted', 'text', 'media']);
    expect(ms[2]?.mediaOmitted).toBe(true);
  });

  it('reads iOS attachments and markers', async () => {
    const text = [
      `[13/03/2024, 10:00:00] Alex Example: ${LRM}<attached: 00000012-PHOTO-2024-03-13-10-00-00.jpg>`,
      `[13/03/2024, 10:00:01] Alex Example: ${LRM}Statement.pdf • ${LRM}3 pages ${LRM}<attached: 00000013-Statement.pdf>`,
      `[13/03/2024, 10:00:02] Alex Example: ${LRM}video omitted`,
      `[13/03/2024, 10:00:03] Alex Example: ${LRM}This message was deleted.`,
      `[13/03/2024, 10:00:04] Alex Example: fixed it ${LRM}<This message was edited>`,
      `[13/03/2024, 10:00:05] Alex Example: ${LRM}You deleted this message.`,
    ].join('\n');
    const ms = await parse(text);
    // Deleted and omitted-media markers are WhatsApp's words in Alex's place: system, with Alex kept as author.
    expect(ms.map((m) => [m.text, m.attachments.map((a) => a.fileName), m.edited, m.deleted, m.system])).toEqual([
      ['', ['00000012-PHOTO-2024-03-13-10-00-00.jpg'], false, false, false],
      ['', ['00000013-Statement.pdf'], false, false, false],
      ['', [], false, false, true],
      ['', [], false, true, true],
      ['fixed it', [], true, false, false],
      ['', [], false, true, true],
    ]);
    expect(ms.map((m) => m.author)).toEqual(Array(6).fill('Alex Example'));
    expect(ms.map((m) => m.note)).toEqual([
      null,
      'Document: Statement.pdf • 3 pages',
      'Video not included in the export',
      null,
      null,
      null,
    ]);
    expect(ms[2]?.omittedMedia).toEqual({ kind: 'video' });
  });

  it('reads a file WhatsApp named, attached with its phrase in any language, and nothing else like it', async () => {
    const rows: [string, string[], string][] = [
      ['IMG-20240115-WA0003.jpg (fișier atașat)\nPeretele din dormitor', ['IMG-20240115-WA0003.jpg'], 'Peretele din dormitor'],
      ['PTT-20240115-WA0004.opus (załączony plik)', ['PTT-20240115-WA0004.opus'], ''],
      ['VID-20240115-WA0012.mp4 (файл прикачен)', ['VID-20240115-WA0012.mp4'], ''],
      ['DOC-20240115-WA0001.pdf (ملف مرفق)', ['DOC-20240115-WA0001.pdf'], ''],
      // Typed text keeps its brackets: another file name's shape, two bracketed phrases, words around them.
      ['photo.jpg (fișier atașat)', [], 'photo.jpg (fișier atașat)'],
      ['IMG_1234.jpg (see this)', [], 'IMG_1234.jpg (see this)'],
      ['IMG-20240115-WA0003.jpg (first) (second)', [], 'IMG-20240115-WA0003.jpg (first) (second)'],
      ['see IMG-20240115-WA0003.jpg (the damp)', [], 'see IMG-20240115-WA0003.jpg (the damp)'],
      ['IMG-20240115-WA0003.jpg (fișier atașat) yes', [], 'IMG-20240115-WA0003.jpg (fișier atașat) yes'],
    ];
    for (const [content, files, text] of rows) {
      const [m] = await parse(`15.01.2024, 09:02 - Ana Exemplu: ${content}\n`);
      expect([m?.attachments.map((a) => a.fileName), m?.text, m?.system]).toEqual([files, text, false]);
    }
  });

  it("reads Android's attached-file phrase in Russian, Ukrainian, Portugal's Portuguese, Slovak and Czech, and nothing else like it", async () => {
    const rows: [string, string[], string][] = [
      ['Letter_arrears.pdf (файл добавлен)\nСумма £640', ['Letter_arrears.pdf'], 'Сумма £640'],
      ['Лист про візу.pdf (файл додано)', ['Лист про візу.pdf'], ''],
      ['Carta hospital julho.pdf (ficheiro anexado)', ['Carta hospital julho.pdf'], ''],
      ['List_ASC_2024.pdf (súbor pripojený)\nPrídu v utorok', ['List_ASC_2024.pdf'], 'Prídu v utorok'],
      ['Nájemní smlouva.pdf (soubor byl přiložen)', ['Nájemní smlouva.pdf'], ''],
      // Typed: the phrase alone, inside a sentence, with words after it, or without its brackets.
      ['(файл добавлен)', [], '(файл добавлен)'],
      ['Я думала, в конце будет "(файл добавлен)"', [], 'Я думала, в конце будет "(файл добавлен)"'],
      ['Письмо.pdf (файл добавлен) и ещё одно', [], 'Письмо.pdf (файл добавлен) и ещё одно'],
      ['Лист.pdf файл додано', [], 'Лист.pdf файл додано'],
      ['O ficheiro anexado está completo?', [], 'O ficheiro anexado está completo?'],
    ];
    for (const [content, files, text] of rows) {
      const [m] = await parse(`15.01.2024, 09:02 - Ana Exemplu: ${content}\n`);
      expect([m?.attachments.map((a) => a.fileName), m?.text, m?.system], content).toEqual([files, text, false]);
    }
  });

  it('reads an Android "null" as view-once media with a note, and nothing else like it', async () => {
    const android = await parse(
      [
        '18/06/2024, 15:02 - Chidi Sample: null',
        '18/06/2024, 15:03 - Chidi Sample: Null',
        '18/06/2024, 15:04 - Chidi Sample: NULL',
        '18/06/2024, 15:05 - Chidi Sample: null.',
        '18/06/2024, 15:06 - Chidi Sample: it says null',
        '18/06/2024, 15:07 - Chidi Sample: null',
        'and void',
      ].join('\n'),
    );
    expect(android.map((m) => [m.author, m.system, m.text, m.kind, m.note])).toEqual([
      ['Chidi Sample', true, '', 'media', 'View-once media not included in the export (the export shows only "null")'],
      ['Chidi Sample', false, 'Null', 'text', null],
      ['Chidi Sample', false, 'NULL', 'text', null],
      ['Chidi Sample', false, 'null.', 'text', null],
      ['Chidi Sample', false, 'it says null', 'text', null],
      ['Chidi Sample', false, 'null\nand void', 'text', null],
    ]);
    // iOS writes no such line: there "null" is what the person typed.
    const [ios] = await parse('[18/06/2024, 15:02:00] Chidi Sample: null\n');
    expect([ios?.system, ios?.text, ios?.note]).toEqual([false, 'null', null]);
  });

  it("reads Turkish's edited marker, and nothing else like it", async () => {
    const ms = await parse(
      [
        '22.01.2024 20:14 - Emre Örnek: yarın gel <Bu mesaj düzenlendi>',
        `22.01.2024 20:15 - Emre Örnek: tamam ${LRM}<Bu mesaj düzenlendi>`,
        '22.01.2024 20:16 - Ayşe Deneme: Bu mesaj düzenlendi mi?',
        '22.01.2024 20:17 - Ayşe Deneme: <Bu mesaj düzenlendi> ne demek?',
        '22.01.2024 20:18 - Ayşe Deneme: yarın gel <bu mesaj düzenlendi>',
      ].join('\n'),
    );
    expect(ms.map((m) => [m.text, m.edited])).toEqual([
      ['yarın gel', true],
      ['tamam', true],
      ['Bu mesaj düzenlendi mi?', false],
      ['<Bu mesaj düzenlendi> ne demek?', false],
      ['yarın gel <bu mesaj düzenlendi>', false],
    ]);
  });

  it('reads `< attached: … >` with spaces', async () => {
    const [m] = await parse('13/03/2024, 10:00 - Alex Example: < attached: 00000042-PHOTO-2020-06-07-15-13-20.jpg >\n');
    expect(m?.attachments).toEqual([{ fileName: '00000042-PHOTO-2020-06-07-15-13-20.jpg' }]);
    expect(m?.text).toBe('');
  });

  it('reads old Android `<attached>` markers and keeps the caller of an iOS call', async () => {
    const android = await parse(`13/03/2024, 10:00 - Alex Example: IMG-20150425-WA0001.jpg <${LRM}attached>\n`);
    expect(android[0]?.attachments).toEqual([{ fileName: 'IMG-20150425-WA0001.jpg' }]);
    expect(android[0]?.text).toBe('');
    const ios = await parse(
      [
        `[13/03/2024, 10:00:00] Alex Example: ${LRM}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.`,
        '[13/03/2024, 10:00:01] Alex Example: hello',
        `[13/03/2024, 10:00:02] Alex Example: ${LRM}Missed voice call`,
      ].join('\n'),
    );
    // A call line is WhatsApp's, so system; the caller stays its author.
    expect(ios.map((m) => [m.author, m.system, m.text])).toEqual([
      [
        null,
        true,
        'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.',
      ],
      ['Alex Example', false, 'hello'],
      ['Alex Example', true, 'Missed voice call'],
    ]);
    expect(ios[2]?.kind).toBe('call');
    const waiting = await parse(
      `13/03/2024, 10:00 - Alex Example: Waiting for this message. This may take a while.\n13/03/2024, 10:01 - Alex Example: Voice call tomorrow?\n`,
    );
    expect(waiting.map((m) => [m.author, m.system, m.text])).toEqual([
      ['Alex Example', true, 'Waiting for this message. This may take a while.'],
      ['Alex Example', false, 'Voice call tomorrow?'],
    ]);
  });

  it('reads an unmarked "Video call" on iOS as typed, and leaves Android as it was', async () => {
    // iOS marks every call line it writes (`‎Video call, ‎24 min`); an unmarked one answers "voice or video?".
    const ios = await parse(
      [
        '[15/01/2024, 09:03:10] Jo Test: Video call',
        '[15/01/2024, 09:03:20] Jo Test: Voice call',
        '[15/01/2024, 09:03:30] Jo Test: Videoanruf',
        `[15/01/2024, 09:04:00] Alex Example: ${LRM}Video call`,
        `[15/01/2024, 09:05:00] Alex Example: ${LRM}Video call, ${LRM}24 min`,
        '[15/01/2024, 09:06:00] Alex Example: Missed voice call',
      ].join('\n'),
    );
    expect(ios.map((m) => [m.author, m.system, m.kind])).toEqual([
      ['Jo Test', false, 'text'],
      ['Jo Test', false, 'text'],
      ['Jo Test', false, 'text'],
      ['Alex Example', true, 'call'],
      ['Alex Example', true, 'call'],
      ['Alex Example', true, 'call'],
    ]);
    // Android writes no mark: an exact call wording is still read as WhatsApp's (no Android export in the fixtures shows otherwise).
    const [android] = await parse('15/01/2024, 09:03 - Jo Test: Video call\n');
    expect([android?.system, android?.kind]).toEqual([true, 'call']);
  });

  it('reads polls and locations', async () => {
    const text = [
      '13/03/2024, 10:00 - Alex Example: POLL:',
      'Which day?',
      'OPTION: Monday (2 votes)',
      'OPTION: Tuesday (0 votes)',
      '13/03/2024, 10:01 - Alex Example: location: https://maps.google.com/?q=51.5007,-0.1246',
      `[13/03/2024, 10:02:00] Alex Example: ${LRM}POLL:`,
    ].join('\n');
    const ms = await parse(text);
    expect(ms[0]?.kind).toBe('poll');
    expect(ms[0]?.poll).toEqual({
      question: 'Which day?',
      options: [
        { text: 'Monday', votes: 2 },
        { text: 'Tuesday', votes: 0 },
      ],
    });
    expect(ms[0]?.text).toBe('POLL:\nWhich day?\nOPTION: Monday (2 votes)\nOPTION: Tuesday (0 votes)');
    expect(ms[1]?.kind).toBe('location');
    expect(ms[1]?.location).toEqual({ url: 'https://maps.google.com/?q=51.5007,-0.1246', latitude: 51.5007, longitude: -0.1246 });
    expect(ms).toHaveLength(2); // the iOS line is another layout, so it is text of the location message
  });

  it('reads iOS polls', async () => {
    const text = `[13/03/2024, 10:02:00] Alex Example: ${LRM}POLL:\n${LRM}Which day?\n${LRM}OPTION: Monday (1 vote)\n`;
    const [m] = await parse(text);
    expect(m?.kind).toBe('poll');
    expect(m?.poll?.options).toEqual([{ text: 'Monday', votes: 1 }]);
    expect(m?.text).toBe('POLL:\nWhich day?\nOPTION: Monday (1 vote)');
  });
});

describe('streaming', () => {
  it('gives batches per chunk, and stops reading when the caller stops', async () => {
    const text = Array.from({ length: 3000 }, (_, i) => `13/03/2024, 10:00 - A B: message ${i}`).join('\n');
    let batches = 0;
    let total = 0;
    for await (const b of parseChatExportBatches(Readable.from(chunksOf(text)))) {
      batches++;
      total += b.length;
    }
    expect(total).toBe(3000);
    expect(batches).toBeGreaterThan(10);

    let destroyed = false;
    const stream = Readable.from(chunksOf(text));
    stream.on('close', () => (destroyed = true));
    for await (const m of parseChatExport(stream)) if (m.index === 5) break;
    await new Promise((r) => setImmediate(r));
    expect(destroyed).toBe(true);
  });
});

describe('time zones and clock changes', () => {
  it('shifts a time in the missing hour forward and records it', async () => {
    const [m] = await parse('31/03/2024, 01:30 - Alex Example: in the gap\n');
    expect(m?.time.toISOString()).toBe('2024-03-31T01:30:00.000Z');
    expect(m?.localTime).toBe('2024-03-31T02:30:00+01:00');
    expect(m?.wallTime).toBe('2024-03-31T01:30:00');
    expect(m?.timeNote).toBe('nonexistent');
  });

  it('reads the repeated hour as the first pass unless the order shows the second', async () => {
    const text = [
      '27/10/2024, 01:10 - Alex Example: first pass',
      '27/10/2024, 01:50 - Alex Example: still first pass',
      '27/10/2024, 01:05 - Alex Example: second pass',
      '27/10/2024, 02:10 - Alex Example: after',
    ].join('\n');
    const ms = await parse(text);
    expect(ms.map((m) => [m.localTime, m.timeNote])).toEqual([
      ['2024-10-27T01:10:00+01:00', 'ambiguous-earlier'],
      ['2024-10-27T01:50:00+01:00', 'ambiguous-earlier'],
      ['2024-10-27T01:05:00+00:00', 'ambiguous-later'],
      ['2024-10-27T02:10:00+00:00', undefined],
    ]);
    expect(ms[2]!.time.getTime()).toBeGreaterThan(ms[1]!.time.getTime());
  });

  it('keeps a message a second behind the one above in the same pass of the repeated hour', async () => {
    const text = [
      '[29/10/2023, 01:59:58] Jo Test: x',
      '[29/10/2023, 01:00:02] Jo Test: second pass',
      '[29/10/2023, 01:00:01] Sam Sample: a sender’s clock a second behind',
    ].join('\n');
    const ms = await parse(text);
    expect(ms.map((m) => m.localTime)).toEqual(['2023-10-29T01:59:58+01:00', '2023-10-29T01:00:02+00:00', '2023-10-29T01:00:01+00:00']);
  });

  it('uses the zone given', async () => {
    const [m] = await parse('13/07/2024, 14:05 - Alex Example: hi\n', { timeZone: 'America/New_York' });
    expect(m?.localTime).toBe('2024-07-13T14:05:00-04:00');
    expect(m?.time.toISOString()).toBe('2024-07-13T18:05:00.000Z');
    const [k] = await parse('13/07/2024, 14:05 - Alex Example: hi\n', { timeZone: 'Asia/Kolkata' });
    expect(k?.localTime).toBe('2024-07-13T14:05:00+05:30');
  });

  it('handles the New York spring gap', async () => {
    const [m] = await parse('10/03/2024, 02:30 - Alex Example: gap\n', { timeZone: 'America/New_York', dateOrder: 'dmy' });
    expect(m?.localTime).toBe('2024-03-10T03:30:00-04:00');
    expect(m?.timeNote).toBe('nonexistent');
  });

  it('rejects an unknown zone', async () => {
    const e = await errorOf(parse('13/07/2024, 14:05 - A B: hi\n', { timeZone: 'Mars/Olympus' }));
    expect(e.code).toBe('IMPORT_INVALID_OPTION');
  });
});

describe('not a chat export', () => {
  const bad: [string, string | Buffer][] = [
    ['empty', ''],
    ['prose', 'Dear resident,\nyour bin day is changing.\n'],
    ['csv', 'date,author,text\n2024-03-13,a,b\n'],
    ['binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])],
    ['header then binary', Buffer.concat([Buffer.from('13/03/2024, 10:00 - A B: x\n'), Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 10])])],
  ];
  it.each(bad)('%s → IMPORT_UNSUPPORTED_FORMAT', async (_n, input) => {
    const e = await errorOf(parse(input));
    expect(e.code).toBe('IMPORT_UNSUPPORTED_FORMAT');
    expect(e.status).toBe(422);
  });

  it('refuses a NUL in an author name far down the file, naming the line, whatever the chunking', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(`13/03/2024, 10:00 - A B: message ${i}`);
    lines.push('13/03/2024, 10:01 - Jo\u0000Test: hello');
    const text = `${lines.join('\n')}\n`;
    for (const source of [[text], chunksOf(text), () => Readable.from(chunksOf(text))]) {
      const e = await errorOf(
        (async () => {
          for await (const _m of parseChatExport(source)) void _m;
        })(),
      );
      expect(e.code).toBe('IMPORT_UNSUPPORTED_FORMAT');
      expect(e.details).toMatchObject({ reason: 'binary', line: 3001 });
      expect(e.message).not.toContain('Jo');
    }
  });

  it('refuses random binary after a valid start, and random bytes from the first byte', async () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const junk = Buffer.from(Array.from({ length: 200_000 }, rnd));
    for (const input of [junk, Buffer.concat([Buffer.from('13/03/2024, 10:00 - A B: x\n'.repeat(500)), junk])]) {
      const e = await errorOf(parse(input));
      expect(e.code).toBe('IMPORT_UNSUPPORTED_FORMAT');
    }
  });

  it('refuses dates in another calendar rather than guessing', async () => {
    const e = await errorOf(parse('13/03/2567, 10:00 - A B: Buddhist year\n'));
    expect(e.code).toBe('IMPORT_UNSUPPORTED_FORMAT');
    expect(e.details).toMatchObject({ reason: 'no-valid-dates' });
  });

  it('refuses a file whose first message is in another layout than the rest (nothing is dropped)', async () => {
    const text = ['[13/03/2024, 10:00:00] A B: odd one', '13/03/2024, 10:00 - A B: one', '13/03/2024, 10:01 - A B: two'].join('\n');
    const e = await errorOf(parse(text));
    expect(e.details).toMatchObject({ reason: 'text-before-first-message', line: 1 });
  });

  it('refuses a line longer than the limit without reading it all', async () => {
    const e = await errorOf(parse(`13/03/2024, 10:00 - A B: ${'x'.repeat(5000)}\n`, { maxLineLength: 1000 }));
    expect(e.code).toBe('IMPORT_UNSUPPORTED_FORMAT');
  });

  it('detectChatExportFormat describes the layout', () => {
    expect(detectChatExportFormat([`[3/13/24, 2:05:09${NNBSP}PM] A B: hi`])).toMatchObject({
      platform: 'ios',
      clock: '12h-after',
      seconds: true,
      bracket: true,
      dateSeparator: '/',
      terminator: '] ',
    });
    expect(detectChatExportFormat(['2024. 3. 13. 오후 2:05 - A B: hi'])).toMatchObject({
      platform: 'android',
      clock: '12h-before',
      dateSeparator: '.',
      fieldDigits: [4, 0, 0],
    });
  });
});

describe("WhatsApp's markers in each language, and look-alikes people type", () => {
  // Each row: the content after `Alex Example: ` on an Android line, and what it must become.
  const rows: [string, string, { system: boolean; text: string; omitted: string | null; deleted: boolean }][] = [
    ['en media', '<Media omitted>', { system: true, text: '', omitted: 'media', deleted: false }],
    ['es media', '<Multimedia omitido>', { system: true, text: '', omitted: 'media', deleted: false }],
    ['it media', '<Media omessi>', { system: true, text: '', omitted: 'media', deleted: false }],
    ['en sticker', 'sticker omitted', { system: true, text: '', omitted: 'sticker', deleted: false }],
    ['it photo', 'immagine omessa', { system: true, text: '', omitted: 'photo', deleted: false }],
    ['pt document', 'documento oculto', { system: true, text: '', omitted: 'document', deleted: false }],
    ['de contact', 'Kontaktkarte ausgelassen', { system: true, text: '', omitted: 'contact', deleted: false }],
    ['it deleted', 'Questo messaggio è stato eliminato', { system: true, text: '', omitted: null, deleted: true }],
    ['nl deleted by me', 'Je hebt dit bericht verwijderd.', { system: true, text: '', omitted: null, deleted: true }],
    ['fr missed call', 'Appel vocal manqué', { system: true, text: 'Appel vocal manqué', omitted: null, deleted: false }],
    // The other languages (chat-export.wordings.ts) and a group admin's deletions.
    ['en deleted by an admin', 'This message was deleted by an admin.', { system: true, text: '', omitted: null, deleted: true }],
    ['en deleted as admin', 'You deleted this message as admin', { system: true, text: '', omitted: null, deleted: true }],
    ['pl deleted', 'Ta wiadomość została usunięta', { system: true, text: '', omitted: null, deleted: true }],
    ['ro deleted', 'Acest mesaj a fost șters', { system: true, text: '', omitted: null, deleted: true }],
    ['ur deleted', 'یہ پیغام حذف کیا گیا', { system: true, text: '', omitted: null, deleted: true }],
    ['fi media', '<Media jätetty pois>', { system: true, text: '', omitted: 'media', deleted: false }],
    ['pl media', '<pominięto multimedia>', { system: true, text: '', omitted: 'media', deleted: false }],
    ['fr media (newer)', '<Fichier omis>', { system: true, text: '', omitted: 'media', deleted: false }],
    ['tr missed call', 'Cevapsız sesli arama', { system: true, text: 'Cevapsız sesli arama', omitted: null, deleted: false }],
    ['ta missed voice call', 'தவறிய குரல் அழைப்பு', { system: true, text: 'தவறிய குரல் அழைப்பு', omitted: null, deleted: false }],
    ['ta missed video call', 'தவறிய காணொலி அழைப்பு', { system: true, text: 'தவறிய காணொலி அழைப்பு', omitted: null, deleted: false }],
    [
      'typed: a Tamil missed call inside a sentence',
      'உங்களுக்கு ஒரு தவறிய குரல் அழைப்பு வந்ததா?',
      { system: false, text: 'உங்களுக்கு ஒரு தவறிய குரல் அழைப்பு வந்ததா?', omitted: null, deleted: false },
    ],
    [
      'typed: an Android media phrase without its brackets',
      'uten vedlegg',
      { system: false, text: 'uten vedlegg', omitted: null, deleted: false },
    ],
    ['typed: an iOS media phrase without its mark', 'ei kuvaa', { system: false, text: 'ei kuvaa', omitted: null, deleted: false }],
    [
      'typed: words around a marker phrase',
      'the image omitted from the letter',
      { system: false, text: 'the image omitted from the letter', omitted: null, deleted: false },
    ],
    [
      'typed: label before a non-document phrase',
      'Flat 4 • 3 rooms image omitted',
      { system: false, text: 'Flat 4 • 3 rooms image omitted', omitted: null, deleted: false },
    ],
    [
      'typed: a deleted phrase inside a sentence',
      'I think this message was deleted by mistake',
      { system: false, text: 'I think this message was deleted by mistake', omitted: null, deleted: false },
    ],
    [
      'typed: a call phrase with words after it',
      'Voice call, tomorrow at 10?',
      { system: false, text: 'Voice call, tomorrow at 10?', omitted: null, deleted: false },
    ],
  ];
  it.each(rows)('%s', async (_n, content, want) => {
    const [m] = await parse(`13/03/2024, 10:00 - Alex Example: ${content}\n`);
    expect({ author: m?.author, system: m?.system, text: m?.text, omitted: m?.omittedMedia?.kind ?? null, deleted: m?.deleted }).toEqual({
      author: 'Alex Example',
      ...want,
    });
    expect(m?.note === null).toBe(want.omitted === null);
  });
});
