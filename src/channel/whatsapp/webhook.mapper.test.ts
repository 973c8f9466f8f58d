import { describe, expect, it } from 'vitest';
import { WebhookPayloadError } from './channel.errors.js';
import { mapWebhookPayload, normaliseSha256 } from './webhook.mapper.js';

const HEX = 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184';
const B64 = Buffer.from(HEX, 'hex').toString('base64');

function wrap(value: Record<string, unknown>, field = 'messages') {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA',
        changes: [
          {
            field,
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '447700900000', phone_number_id: 'PNID' },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

const msg = (type: string, extra: Record<string, unknown>) => ({
  from: '447700900123',
  id: `wamid.${type}`,
  timestamp: '1767258000',
  type,
  ...extra,
});

describe('mapWebhookPayload: messages', () => {
  it.each([
    ['text', { text: { body: 'Hello' } }, { type: 'text', text: 'Hello', media: null }],
    [
      'image',
      { image: { id: 'M1', mime_type: 'image/jpeg', sha256: B64, caption: 'Mould' } },
      { type: 'image', text: 'Mould', media: { mediaId: 'M1', mimeType: 'image/jpeg', sha256: HEX, fileName: null, caption: 'Mould' } },
    ],
    [
      'document',
      { document: { id: 'M2', mime_type: 'application/pdf', sha256: HEX.toUpperCase(), filename: 'lease.pdf' } },
      { type: 'document', text: null, media: { mediaId: 'M2', sha256: HEX, fileName: 'lease.pdf' } },
    ],
    ['audio', { audio: { id: 'M3', mime_type: 'audio/ogg; codecs=opus' } }, { type: 'audio', media: { mediaId: 'M3', sha256: null } }],
    ['video', { video: { id: 'M4' } }, { type: 'video', media: { mediaId: 'M4', mimeType: null } }],
    ['sticker', { sticker: { id: 'M5', mime_type: 'image/webp' } }, { type: 'sticker', media: { mediaId: 'M5' } }],
    [
      'location',
      { location: { latitude: 51.5, longitude: -0.12, name: 'Town Hall', address: '1 High St' } },
      {
        type: 'location',
        text: 'Location: Town Hall, 1 High St (51.5, -0.12)',
        location: { latitude: 51.5, longitude: -0.12, name: 'Town Hall', address: '1 High St' },
      },
    ],
    [
      'contacts',
      { contacts: [{ name: { formatted_name: 'Jo Bloggs' }, phones: [{ phone: '+44 7700 900999' }] }] },
      { type: 'contacts', text: 'Contact card: Jo Bloggs: +44 7700 900999' },
    ],
    [
      'interactive',
      { interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes please' } } },
      { type: 'interactive', text: 'Yes please' },
    ],
    [
      'interactive',
      { interactive: { type: 'list_reply', list_reply: { id: 'r2', title: 'Tuesday' } } },
      { type: 'interactive', text: 'Tuesday' },
    ],
    ['button', { button: { text: 'Stop', payload: 'STOP' } }, { type: 'button', text: 'Stop' }],
    [
      'reaction',
      { reaction: { message_id: 'wamid.OUT', emoji: '👍' } },
      { type: 'reaction', text: 'Reacted 👍', replyToProviderMessageId: 'wamid.OUT' },
    ],
    [
      'unsupported',
      { errors: [{ code: 131051, title: 'Message type unknown' }] },
      { type: 'unsupported', text: '[unsupported message] Message type unknown (131051)' },
    ],
    ['order', { order: { catalog_id: '1' } }, { type: 'order', text: 'Order from catalogue 1:' }],
  ])('%s', (type, extra, expected) => {
    const { events, problems } = mapWebhookPayload(
      wrap({ contacts: [{ profile: { name: 'Sam' }, wa_id: '447700900123' }], messages: [msg(type, extra)] }),
    );
    expect(problems).toEqual([]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'message',
      phoneNumberId: 'PNID',
      providerMessageId: `wamid.${type}`,
      from: '+447700900123',
      profileName: 'Sam',
      sentAt: new Date(1767258000 * 1000),
      forwarded: false,
      frequentlyForwarded: false,
      ...expected,
    });
  });

  it('reads reply context and forwarding, and matches profile names by wa_id', () => {
    const { events } = mapWebhookPayload(
      wrap({
        contacts: [
          { profile: { name: 'Ann' }, wa_id: '447700900111' },
          { profile: { name: 'Bo' }, wa_id: '447700900222' },
        ],
        messages: [
          { ...msg('text', { text: { body: 'a' } }), from: '447700900222', context: { id: 'wamid.PREV', from: '447700900000' } },
          { ...msg('text', { text: { body: 'b' } }), id: 'wamid.2', from: '447700900111', context: { forwarded: true } },
          { ...msg('text', { text: { body: 'c' } }), id: 'wamid.3', from: '447700900333', context: { frequently_forwarded: true } },
        ],
      }),
    );
    expect(
      events.map((e) => e.kind === 'message' && [e.profileName, e.replyToProviderMessageId, e.forwarded, e.frequentlyForwarded]),
    ).toEqual([
      ['Bo', 'wamid.PREV', false, false],
      ['Ann', null, true, false],
      [null, null, true, true],
    ]);
  });

  it('keeps going past an unreadable item: emits what it can, reports the rest by path', () => {
    const { events, problems } = mapWebhookPayload(
      wrap({
        messages: [
          msg('text', { text: { body: 'fine' } }),
          msg('text', {}), // text message without text
          { id: 'wamid.bad', type: 'text' }, // no sender or time: kept as an unreadable notice
          msg('image', { image: { id: 42 } }), // readable core, unreadable body
        ],
      }),
    );
    expect(
      events.map((e) => (e.kind === 'message' ? [e.providerMessageId, e.type, e.text] : e.kind === 'notice' ? [e.kind, e.dedupeKey] : [])),
    ).toEqual([
      ['wamid.text', 'text', 'fine'],
      ['wamid.text', 'unsupported', '[text message without its text]'],
      ['notice', 'message:wamid.bad'],
      ['wamid.image', 'unsupported', '[image message that could not be read] {"id":42}'],
    ]);
    expect(problems.map((p) => p.path)).toEqual([
      'entry[0].changes[0].value.messages[1].text',
      'entry[0].changes[0].value.messages[2].timestamp',
      'entry[0].changes[0].value.messages[2]',
      'entry[0].changes[0].value.messages[3].image.id',
    ]);
    expect(JSON.stringify(problems)).not.toContain('fine');
  });
});

describe('mapWebhookPayload: statuses', () => {
  it('maps every status with its errors and client reference; keeps states Liaise does not track as notices', () => {
    const { events } = mapWebhookPayload(
      wrap({
        statuses: [
          { id: 'wamid.O1', status: 'sent', timestamp: '1767258001', recipient_id: '447700900123', biz_opaque_callback_data: 'msg-1' },
          { id: 'wamid.O1', status: 'read', timestamp: 1767258003, recipient_id: '447700900123' },
          {
            id: 'wamid.O2',
            status: 'failed',
            timestamp: '1767258002',
            recipient_id: '447700900124',
            biz_opaque_callback_data: 'msg-2',
            errors: [{ code: 131047, title: 'Re-engagement message', error_data: { details: 'More than 24 hours' } }],
          },
          { id: 'wamid.O3', status: 'deleted', timestamp: '1767258002', recipient_id: '447700900124' },
        ],
      }),
    );
    expect(events).toEqual([
      {
        kind: 'status',
        phoneNumberId: 'PNID',
        providerMessageId: 'wamid.O1',
        status: 'sent',
        at: new Date(1767258001000),
        recipient: '+447700900123',
        clientReference: 'msg-1',
        errors: [],
      },
      expect.objectContaining({ status: 'read', clientReference: null, at: new Date(1767258003000) }),
      expect.objectContaining({
        status: 'failed',
        recipient: '+447700900124',
        clientReference: 'msg-2',
        errors: [{ code: 131047, title: 'Re-engagement message', detail: 'More than 24 hours' }],
      }),
      expect.objectContaining({ kind: 'notice', noticeKind: 'status', title: 'deleted', dedupeKey: 'status:wamid.O3:deleted:1767258002' }),
    ]);
  });

  it('maps messages and statuses from every entry and change', () => {
    const a = wrap({ messages: [msg('text', { text: { body: '1' } })] });
    const b = wrap({ statuses: [{ id: 'wamid.S', status: 'delivered', timestamp: '1', recipient_id: '447700900123' }] });
    a.entry.push(b.entry[0]!);
    a.entry[0]!.changes.push(wrap({}, 'account_update').entry[0]!.changes[0]!);
    const { events } = mapWebhookPayload(a);
    expect(events.map((e) => e.kind)).toEqual(['message', 'notice', 'status']);
  });
});

describe('mapWebhookPayload: envelope', () => {
  it.each([
    [null, '(root)'],
    [{ object: 'page', entry: [] }, 'object'],
    [{ object: 'whatsapp_business_account' }, 'entry'],
    [{ object: 'whatsapp_business_account', entry: [{ changes: 'x' }] }, 'entry[0].changes'],
  ])('rejects %j naming %s', (payload, path) => {
    expect(() => mapWebhookPayload(payload)).toThrow(WebhookPayloadError);
    try {
      mapWebhookPayload(payload);
    } catch (err) {
      expect((err as WebhookPayloadError).path || '(root)').toBe(path);
    }
  });
});

describe('normaliseSha256', () => {
  it.each([
    [HEX, HEX],
    [HEX.toUpperCase(), HEX],
    [B64, HEX],
    ['not-a-hash', 'not-a-hash'],
  ])('%s → %s', (input, output) => {
    expect(normaliseSha256(input)).toBe(output);
  });
});

describe('mapWebhookPayload: poisoned values', () => {
  const receivedAt = new Date('2026-12-03T12:00:00Z');

  it('strips NUL characters from every string, keys included', () => {
    const payload = wrap({
      contacts: [{ profile: { name: 'Ro\u0000bin' }, wa_id: '447700900123' }],
      messages: [{ ...msg('text', { text: { body: 'hel\u0000lo' } }), id: 'wamid.\u0000x' }],
    });
    const { events, problems } = mapWebhookPayload(payload, receivedAt);
    expect(problems).toEqual([]);
    expect(events[0]).toMatchObject({ providerMessageId: 'wamid.x', profileName: 'Robin', text: 'hello' });
    expect(JSON.stringify(events)).not.toContain('\\u0000');
  });

  it.each<[string, string | number, string]>([
    ['a plausible time', '1767258000', '2026-01-01T09:00:00.000Z'],
    ['a numeric 9e12', 9e12, receivedAt.toISOString()],
    ['the string 999999999999', '999999999999', receivedAt.toISOString()],
    ['before WhatsApp Business existed', '1', receivedAt.toISOString()],
    ['more than a day ahead', String(receivedAt.getTime() / 1000 + 2 * 86400), receivedAt.toISOString()],
  ])('keeps %s, or the receipt time when impossible', (_l, timestamp, iso) => {
    const { events } = mapWebhookPayload(wrap({ messages: [{ ...msg('text', { text: { body: 'x' } }), timestamp }] }), receivedAt);
    expect(events).toHaveLength(1);
    expect((events[0] as { sentAt: Date }).sentAt.toISOString()).toBe(iso);
  });
});

describe('mapWebhookPayload: template reviews', () => {
  const review = (value: unknown) => ({
    object: 'whatsapp_business_account',
    entry: [{ id: '104996000000123', time: 1767000000, changes: [{ field: 'message_template_status_update', value }] }],
  });
  const AT = new Date('2026-03-02T09:00:00Z');

  it.each([
    [
      { event: 'APPROVED', message_template_id: 5551, message_template_name: 'visit', message_template_language: 'en_GB', reason: 'NONE' },
      'APPROVED',
      null,
    ],
    [
      {
        event: 'REJECTED',
        message_template_id: '5552',
        message_template_name: 'visit',
        message_template_language: 'cy',
        reason: 'INVALID_FORMAT',
      },
      'REJECTED',
      'INVALID_FORMAT',
    ],
    [{ event: 'PAUSED', message_template_id: 5553, message_template_name: 'visit', message_template_language: 'en_GB' }, 'PAUSED', null],
    [
      { event: 'IN_APPEAL', message_template_id: 5554, message_template_name: 'visit', message_template_language: 'en_GB', reason: null },
      null,
      null,
    ],
  ])('%j → status %s, reason %s; the notice is kept too', (value, status, reason) => {
    const { events, problems } = mapWebhookPayload(review(value), AT);
    expect(problems).toEqual([]);
    expect(events[0]).toEqual({
      kind: 'template_status',
      wabaId: '104996000000123',
      providerTemplateId: String(value.message_template_id),
      name: 'visit',
      language: value.message_template_language,
      status,
      reason,
      at: AT,
    });
    expect(events[1]).toMatchObject({ kind: 'notice', noticeKind: 'field', field: 'message_template_status_update' });
  });

  it('reports a review it cannot read and keeps it as a notice', () => {
    const { events, problems } = mapWebhookPayload(review({ event: 'APPROVED' }), AT);
    expect(events.map((e) => e.kind)).toEqual(['notice']);
    expect(problems).toEqual([{ path: 'entry[0].changes[0].value', problem: 'template status update could not be read' }]);
  });
});
