/**
 * Every webhook shape Meta documents for the WhatsApp Cloud API, as the simulator sends them and as
 * the payload tests replay them. Built from Meta's published examples (the messages webhook
 * reference: text, media, location, contacts, interactive, button, reaction, order, system, unsupported,
 * referral, group and statuses; the business-scoped user ID guide for `user_id`, `from_user_id`,
 * `recipient_user_id` and REQUEST_CONTACT_INFO replies; the account-level webhook fields), with
 * synthetic numbers (Ofcom drama range) and ids.
 *
 * Each shape says what Liaise must keep of it (`expect`), so the table-driven test can check that
 * every item is stored once, with its content.
 */

export interface ShapeContext {
  /** WhatsApp Business Account id (entry[].id). */
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  /** The citizen's number in digits, without '+'. */
  waId: string;
  /** The citizen's business-scoped user id. */
  userId: string;
  /** Makes ids unique to one sending (wamid.<prefix>…). */
  prefix: string;
  /** Unix seconds, as Meta writes them. */
  now: number;
  /** The provider id of a message Liaise already holds, for statuses about it. */
  knownMessageId?: string;
}

/** What must be kept of a shape: messages (by provider id, with text they must contain), notices, statuses. */
export type ShapeExpectation =
  | { message: string; kind: string; contains: string[]; offeredNumber?: string; userId?: string }
  | { notice: 'account_error' | 'status' | 'field' | 'unreadable'; field: string; contains: string[] }
  | { status: string; on: 'known' };

export interface MetaShape {
  name: string;
  description: string;
  /** Needs `knownMessageId` (a status about a message Liaise holds). */
  needsKnownMessage?: boolean;
  build(c: ShapeContext): { payload: Record<string, unknown>; expect: ShapeExpectation[] };
}

const id = (c: ShapeContext, name: string) => `wamid.${c.prefix}.${name}`;

function envelope(c: ShapeContext, value: Record<string, unknown>, field = 'messages'): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: c.wabaId, changes: [{ value: withMetadata(c, value, field), field }] }],
  };
}

function withMetadata(c: ShapeContext, value: Record<string, unknown>, field: string) {
  return field === 'messages'
    ? {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: c.displayPhoneNumber, phone_number_id: c.phoneNumberId },
        ...value,
      }
    : value;
}

const contact = (c: ShapeContext, name = 'Sam Synthetic') => ({ profile: { name }, wa_id: c.waId, user_id: c.userId });

/** One inbound message of `type`, with its contacts entry, expecting a message row that contains `contains`. */
function inbound(
  name: string,
  description: string,
  type: string,
  body: Record<string, unknown>,
  kind: string,
  contains: string[],
  extra: Partial<Extract<ShapeExpectation, { message: string }>> = {},
): MetaShape {
  return {
    name,
    description,
    build: (c) => ({
      payload: envelope(c, {
        contacts: [contact(c)],
        messages: [{ from: c.waId, from_user_id: c.userId, id: id(c, name), timestamp: String(c.now), type, ...body }],
      }),
      expect: [{ message: id(c, name), kind, contains, ...extra }],
    }),
  };
}

const HEX = 'a3b1c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

export const META_SHAPES: MetaShape[] = [
  inbound('text', 'A text message', 'text', { text: { body: 'Hello, my boiler is broken' } }, 'text', ['Hello, my boiler is broken']),
  inbound(
    'text-reply',
    'A text replying to an earlier message (context)',
    'text',
    { context: { from: '447700900000', id: 'wamid.earlier' }, text: { body: 'Yes, Tuesday works' } },
    'text',
    ['Yes, Tuesday works'],
  ),
  inbound('text-forwarded', 'A forwarded text', 'text', { context: { forwarded: true }, text: { body: 'Forwarded notice text' } }, 'text', [
    'Forwarded notice text',
  ]),
  inbound(
    'text-frequently-forwarded',
    'A frequently forwarded text',
    'text',
    { context: { frequently_forwarded: true }, text: { body: 'Chain message text' } },
    'text',
    ['Chain message text'],
  ),
  inbound(
    'text-referral',
    'A text from a click-to-WhatsApp ad (referral)',
    'text',
    {
      text: { body: 'I saw your advert' },
      referral: {
        source_url: 'https://example.org/ad',
        source_id: 'AD1',
        source_type: 'ad',
        headline: 'Council tax help',
        body: 'Ask us',
        media_type: 'image',
        image_url: 'https://example.org/ad.png',
        ctwa_clid: 'CLID',
      },
    },
    'text',
    ['I saw your advert', 'Council tax help'],
  ),
  inbound('text-group', 'A text sent in a group', 'text', { group_id: 'GROUP1', text: { body: 'Group hello' } }, 'text', ['Group hello']),
  inbound(
    'image',
    'An image with a caption',
    'image',
    { image: { caption: 'Mould in the bathroom', mime_type: 'image/jpeg', sha256: HEX, id: 'MEDIA-IMG' } },
    'image',
    ['Mould in the bathroom'],
  ),
  inbound(
    'document',
    'A document with its file name',
    'document',
    {
      document: { caption: 'My lease', filename: 'Lease - Sam Synthetic.pdf', mime_type: 'application/pdf', sha256: HEX, id: 'MEDIA-DOC' },
    },
    'document',
    ['My lease'],
  ),
  inbound(
    'audio',
    'A voice note',
    'audio',
    { audio: { mime_type: 'audio/ogg; codecs=opus', sha256: HEX, id: 'MEDIA-AUD', voice: true } },
    'audio',
    [],
  ),
  inbound('video', 'A video', 'video', { video: { caption: 'The leak', mime_type: 'video/mp4', sha256: HEX, id: 'MEDIA-VID' } }, 'video', [
    'The leak',
  ]),
  inbound(
    'sticker',
    'An animated sticker',
    'sticker',
    { sticker: { mime_type: 'image/webp', sha256: HEX, id: 'MEDIA-STK', animated: true } },
    'sticker',
    [],
  ),
  inbound(
    'location',
    'A location with a name and address',
    'location',
    { location: { address: '1 High Street', latitude: 51.5072, longitude: -0.1276, name: 'Town Hall', url: 'https://example.org' } },
    'location',
    ['Town Hall', '1 High Street', '51.5072'],
  ),
  inbound('location-pin', 'A dropped pin (no name)', 'location', { location: { latitude: 53.48, longitude: -2.24 } }, 'location', [
    '53.48',
    '-2.24',
  ]),
  inbound(
    'contacts',
    'A shared contact card',
    'contacts',
    {
      contacts: [
        {
          addresses: [{ city: 'Leeds', country: 'United Kingdom', type: 'HOME' }],
          emails: [{ email: 'jo@example.org', type: 'WORK' }],
          name: { formatted_name: 'Jo Example', first_name: 'Jo', last_name: 'Example' },
          org: { company: 'Example Ltd' },
          phones: [{ phone: '+44 7700 900999', wa_id: '447700900999', type: 'MOBILE' }],
        },
      ],
    },
    'contacts',
    ['Jo Example', '+44 7700 900999'],
  ),
  inbound(
    'contact-info-reply',
    'A reply to a REQUEST_CONTACT_INFO button: the user shares their own number',
    'contacts',
    {
      origin: 'contact_request',
      contacts: [
        {
          vcard: 'BEGIN:VCARD\nTEL:+447700900555\nEND:VCARD',
          name: { formatted_name: 'Sam Synthetic' },
          phones: [{ phone: '+44 7700 900555' }],
        },
      ],
    },
    'contacts',
    ['+447700900555'],
    { offeredNumber: '+447700900555' },
  ),
  inbound(
    'button-reply',
    'An interactive reply button',
    'interactive',
    {
      context: { from: '447700900000', id: 'wamid.q' },
      interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes please' } },
    },
    'interactive',
    ['Yes please'],
  ),
  inbound(
    'list-reply',
    'An interactive list choice',
    'interactive',
    { interactive: { type: 'list_reply', list_reply: { id: 'tue', title: 'Tuesday', description: 'Morning slot' } } },
    'interactive',
    ['Tuesday', 'Morning slot'],
  ),
  inbound(
    'flow-reply',
    "A WhatsApp Flow's answer (interactive nfm_reply)",
    'interactive',
    {
      context: { from: '447700900000', id: 'wamid.flow' },
      interactive: {
        type: 'nfm_reply',
        nfm_reply: {
          response_json: '{"flow_token":"T1","repair_type":"Boiler","preferred_day":"Tuesday"}',
          body: 'Sent',
          name: 'flow',
        },
      },
    },
    'interactive',
    ['repair_type: Boiler', 'preferred_day: Tuesday', 'Sent'],
  ),
  inbound(
    'template-button',
    "A template's quick-reply button",
    'button',
    { context: { from: '447700900000', id: 'wamid.t' }, button: { payload: 'STOP_REMINDERS', text: 'Stop reminders' } },
    'button',
    ['Stop reminders'],
  ),
  inbound('reaction', 'A reaction', 'reaction', { reaction: { message_id: 'wamid.out1', emoji: '\u{1F44D}' } }, 'reaction', [
    'Reacted \u{1F44D}',
  ]),
  inbound('reaction-removed', 'A reaction taken back', 'reaction', { reaction: { message_id: 'wamid.out1' } }, 'reaction', [
    'Removed a reaction',
  ]),
  inbound(
    'order',
    'An order from the catalogue (items and text)',
    'order',
    {
      order: {
        catalog_id: 'CAT1',
        text: 'Please deliver after 5pm',
        product_items: [
          { product_retailer_id: 'BIN-240L', quantity: 2, item_price: 25, currency: 'GBP' },
          { product_retailer_id: 'CADDY', quantity: '1', item_price: '5.50', currency: 'GBP' },
        ],
      },
    },
    'order',
    ['2 × BIN-240L at 25 GBP', '1 × CADDY at 5.50 GBP', 'Please deliver after 5pm'],
  ),
  {
    name: 'system-user-changed-number',
    description: 'System: the user changed their number (new number offered to staff)',
    build: (c) => ({
      payload: envelope(c, {
        messages: [
          {
            from: c.waId,
            id: id(c, 'system-user-changed-number'),
            timestamp: String(c.now),
            type: 'system',
            system: {
              body: 'User Sam changed from 447700900123 to 447700900456',
              wa_id: '447700900456',
              type: 'user_changed_number',
              user_id: `${c.userId}9`,
              previous_user_id: c.userId,
            },
          },
        ],
      }),
      expect: [
        {
          message: id(c, 'system-user-changed-number'),
          kind: 'system',
          contains: ['changed from', '447700900456'],
          offeredNumber: '+447700900456',
        },
      ],
    }),
  },
  inbound(
    'system-customer-changed-number',
    'System: the older customer_changed_number form (new_wa_id)',
    'system',
    { system: { body: 'Customer changed their number', new_wa_id: '447700900457', type: 'customer_changed_number', customer: 'C1' } },
    'system',
    ['Customer changed their number'],
    { offeredNumber: '+447700900457' },
  ),
  inbound(
    'system-user-changed-user-id',
    "System: the user's business-scoped user id changed",
    'system',
    { system: { type: 'user_changed_user_id', user_id: 'GB.88877766655544433322', previous_user_id: 'GB.11122233344455566677' } },
    'system',
    ['identity changed'],
  ),
  inbound(
    'system-identity-changed',
    "System: the customer's identity (security code) changed",
    'system',
    { system: { body: 'Security code changed', type: 'customer_identity_changed', identity: 'HASH', customer: 'C1' } },
    'system',
    ['Security code changed'],
  ),
  inbound('system-other', 'System: a subtype Liaise does not know', 'system', { system: { type: 'something_new' } }, 'system', [
    'something_new',
  ]),
  inbound(
    'unsupported',
    'A message type WhatsApp does not support (with errors)',
    'unsupported',
    {
      errors: [
        {
          code: 131051,
          title: 'Message type unknown',
          message: 'Message type unknown',
          error_data: { details: 'Message type is currently not supported.' },
        },
      ],
    },
    'unsupported',
    ['Message type unknown (131051)', 'not supported'],
  ),
  inbound(
    'unknown',
    'The older "unknown" type, with errors',
    'unknown',
    { errors: [{ code: 131051, details: 'Message type is not currently supported', title: 'Unsupported message type' }] },
    'unsupported',
    ['Unsupported message type (131051)'],
  ),
  inbound('request-welcome', 'The user opened the chat for the first time', 'request_welcome', {}, 'request_welcome', ['Opened the chat']),
  inbound(
    'future-type',
    'A message type Meta adds later (kept with its content)',
    'poll_vote',
    { poll_vote: { option: 'Blue bins' } },
    'unsupported',
    ['poll_vote', 'Blue bins'],
  ),
  inbound('unreadable-body', 'A message whose content is not the shape Meta documents', 'image', { image: { id: 42 } }, 'unsupported', [
    'could not be read',
    '42',
  ]),
  {
    name: 'bsuid-only',
    description: 'A message from a username user: no number, only the business-scoped user id',
    build: (c) => ({
      payload: envelope(c, {
        contacts: [{ profile: { name: 'Username user', username: '@synthetic' }, user_id: `${c.userId}7` }],
        messages: [
          {
            from_user_id: `${c.userId}7`,
            id: id(c, 'bsuid-only'),
            timestamp: String(c.now),
            type: 'text',
            text: { body: 'Hi from a username' },
          },
        ],
      }),
      expect: [{ message: id(c, 'bsuid-only'), kind: 'text', contains: ['Hi from a username'], userId: `${c.userId}7` }],
    }),
  },
  {
    name: 'bsuid-contact-only',
    description: 'A message whose sender is named only by the contacts entry (user_id, no from or from_user_id)',
    build: (c) => ({
      payload: envelope(c, {
        contacts: [{ profile: { name: 'Username user' }, user_id: `${c.userId}6` }],
        messages: [{ id: id(c, 'bsuid-contact-only'), timestamp: String(c.now), type: 'text', text: { body: 'Sender in contacts only' } }],
      }),
      expect: [{ message: id(c, 'bsuid-contact-only'), kind: 'text', contains: ['Sender in contacts only'], userId: `${c.userId}6` }],
    }),
  },
  {
    name: 'no-sender',
    description: 'A message with no sender at all: kept as a notice that could not be read',
    build: (c) => ({
      payload: envelope(c, {
        messages: [{ id: id(c, 'no-sender'), timestamp: String(c.now), type: 'text', text: { body: 'Who sent me' } }],
      }),
      expect: [{ notice: 'unreadable', field: 'messages', contains: ['Who sent me'] }],
    }),
  },
  ...(['sent', 'delivered', 'read'] as const).map((status): MetaShape => ({
    name: `status-${status}`,
    description: `A ${status} status with conversation and pricing`,
    needsKnownMessage: true,
    build: (c) => ({
      payload: envelope(c, {
        statuses: [
          {
            id: c.knownMessageId,
            status,
            timestamp: String(c.now + 1),
            recipient_id: c.waId,
            recipient_user_id: c.userId,
            conversation: { id: 'CONV1', expiration_timestamp: String(c.now + 86400), origin: { type: 'service' } },
            pricing: { billable: true, pricing_model: 'PMP', category: 'service', type: 'regular' },
          },
        ],
      }),
      expect: [{ status, on: 'known' }],
    }),
  })),
  {
    name: 'status-failed',
    description: 'A failed status with its errors',
    needsKnownMessage: true,
    build: (c) => ({
      payload: envelope(c, {
        statuses: [
          {
            id: c.knownMessageId,
            status: 'failed',
            timestamp: String(c.now + 2),
            recipient_id: c.waId,
            errors: [
              {
                code: 131047,
                title: 'Re-engagement message',
                message: 'Re-engagement message',
                error_data: { details: 'More than 24 hours' },
              },
            ],
          },
        ],
      }),
      expect: [{ status: 'failed', on: 'known' }],
    }),
  },
  {
    name: 'status-bsuid-only',
    description: 'A status with recipient_user_id and no recipient_id',
    build: (c) => ({
      payload: envelope(c, {
        statuses: [{ id: id(c, 'elsewhere-1'), status: 'delivered', timestamp: String(c.now), recipient_user_id: c.userId }],
      }),
      expect: [{ notice: 'status', field: 'messages', contains: [c.userId, 'delivered'] }],
    }),
  },
  {
    name: 'status-unmatched',
    description: 'A status for a message Liaise does not hold (sent from another app)',
    build: (c) => ({
      payload: envelope(c, { statuses: [{ id: id(c, 'elsewhere-2'), status: 'sent', timestamp: String(c.now), recipient_id: c.waId }] }),
      expect: [{ notice: 'status', field: 'messages', contains: ['elsewhere-2'] }],
    }),
  },
  ...(['deleted', 'warning', 'played'] as const).map((status): MetaShape => ({
    name: `status-${status}`,
    description: `A "${status}" status (a state Liaise does not track)`,
    build: (c) => ({
      payload: envelope(c, {
        statuses: [
          {
            id: id(c, `out-${status}`),
            status,
            timestamp: String(c.now),
            recipient_id: c.waId,
            ...(status === 'warning' ? { errors: [{ code: 131053, title: 'Media upload error' }] } : {}),
          },
        ],
      }),
      expect: [{ notice: 'status', field: 'messages', contains: [status] }],
    }),
  })),
  {
    name: 'account-error',
    description: 'An account-level error (value.errors[])',
    build: (c) => ({
      payload: envelope(c, {
        errors: [
          {
            code: 131042,
            title: 'Business eligibility payment issue',
            message: 'Business eligibility payment issue',
            error_data: { details: 'Add a payment method' },
          },
        ],
      }),
      expect: [{ notice: 'account_error', field: 'messages', contains: ['131042', 'Add a payment method'] }],
    }),
  },
  {
    name: 'message-with-errors-and-statuses',
    description: 'One change with a message, an account error and a status together',
    needsKnownMessage: true,
    build: (c) => ({
      payload: envelope(c, {
        contacts: [contact(c)],
        messages: [{ from: c.waId, id: id(c, 'combo'), timestamp: String(c.now), type: 'text', text: { body: 'Combined delivery' } }],
        statuses: [{ id: c.knownMessageId, status: 'read', timestamp: String(c.now + 5), recipient_id: c.waId }],
        errors: [{ code: 130429, title: 'Rate limit hit' }],
      }),
      expect: [
        { message: id(c, 'combo'), kind: 'text', contains: ['Combined delivery'] },
        { notice: 'account_error', field: 'messages', contains: ['130429'] },
      ],
    }),
  },
  {
    name: 'multiple-entries',
    description: 'Several entries and changes in one delivery',
    build: (c) => {
      const one = envelope(c, {
        contacts: [contact(c)],
        messages: [{ from: c.waId, id: id(c, 'multi-1'), timestamp: String(c.now), type: 'text', text: { body: 'First entry' } }],
      }) as { entry: Array<{ id: string; changes: unknown[] }> };
      const two = envelope(c, {
        contacts: [contact(c)],
        messages: [{ from: c.waId, id: id(c, 'multi-2'), timestamp: String(c.now), type: 'text', text: { body: 'Second change' } }],
      }) as { entry: Array<{ id: string; changes: unknown[] }> };
      const three = envelope(c, {
        contacts: [contact(c)],
        messages: [{ from: c.waId, id: id(c, 'multi-3'), timestamp: String(c.now), type: 'text', text: { body: 'Second entry' } }],
      }) as { entry: Array<{ id: string; changes: unknown[] }> };
      one.entry[0]!.changes.push(two.entry[0]!.changes[0]);
      one.entry.push(three.entry[0]!);
      return {
        payload: one,
        expect: [
          { message: id(c, 'multi-1'), kind: 'text', contains: ['First entry'] },
          { message: id(c, 'multi-2'), kind: 'text', contains: ['Second change'] },
          { message: id(c, 'multi-3'), kind: 'text', contains: ['Second entry'] },
        ],
      };
    },
  },
  {
    name: 'messages-unreadable-change',
    description: 'A messages change whose value is not the shape Meta documents',
    build: (c) => ({
      payload: envelope(c, { messaging_product: 'instagram', metadata: { phone_number_id: c.phoneNumberId }, note: 'odd change' }),
      expect: [{ notice: 'unreadable', field: 'messages', contains: ['odd change'] }],
    }),
  },
  ...(
    [
      [
        'message_template_status_update',
        {
          event: 'APPROVED',
          message_template_id: 12345,
          message_template_name: 'liaise_first_contact',
          message_template_language: 'en_GB',
          reason: 'NONE',
        },
        'liaise_first_contact',
      ],
      [
        'template_category_update',
        {
          message_template_id: 12345,
          message_template_name: 'liaise_first_contact',
          previous_category: 'MARKETING',
          new_category: 'UTILITY',
        },
        'UTILITY',
      ],
      ['account_update', { phone_number: '447700900000', event: 'VERIFIED_ACCOUNT' }, 'VERIFIED_ACCOUNT'],
      ['account_review_update', { decision: 'APPROVED' }, 'APPROVED'],
      ['phone_number_quality_update', { display_phone_number: '447700900000', event: 'DOWNGRADE', current_limit: 'TIER_1K' }, 'DOWNGRADE'],
      [
        'phone_number_name_update',
        { display_phone_number: '447700900000', decision: 'APPROVED', requested_verified_name: 'Council' },
        'Council',
      ],
      [
        'account_alerts',
        {
          entity_type: 'WABA',
          entity_id: '1',
          alert_severity: 'WARNING',
          alert_status: 'ACTIVE',
          alert_type: 'OBA_APPROVED',
          alert_description: 'Official business account approved',
        },
        'Official business account approved',
      ],
      [
        'business_capability_update',
        { max_daily_conversation_per_phone: 1000, max_phone_numbers_per_business: 2 },
        'max_daily_conversation_per_phone',
      ],
      ['security', { display_phone_number: '447700900000', event: 'PIN_CHANGED' }, 'PIN_CHANGED'],
      [
        'user_preferences',
        {
          messaging_product: 'whatsapp',
          metadata: { phone_number_id: 'P' },
          user_preferences: [
            {
              wa_id: '447700900123',
              detail: 'User requested to stop marketing messages',
              category: 'marketing_messages',
              value: 'stop',
              timestamp: 1,
            },
          ],
        },
        'stop marketing',
      ],
      [
        'smb_message_echoes',
        {
          messaging_product: 'whatsapp',
          message_echoes: [
            {
              from: '447700900000',
              to: '447700900123',
              id: 'wamid.echo',
              timestamp: '1',
              type: 'text',
              text: { body: 'Sent from the phone app' },
            },
          ],
        },
        'Sent from the phone app',
      ],
      [
        'calls',
        { messaging_product: 'whatsapp', calls: [{ id: 'CALL1', from: '447700900123', event: 'connect', timestamp: '1' }] },
        'CALL1',
      ],
    ] as const
  ).map(([field, value, seen]): MetaShape => ({
    name: `field-${field}`,
    description: `A change on the ${field} field`,
    build: (c) => ({
      payload: envelope(c, { ...value, marker: `${c.prefix}-${field}` }, field),
      expect: [{ notice: 'field', field, contains: [seen] }],
    }),
  })),
];

/** The shape called `name`, or undefined. */
export const findShape = (name: string) => META_SHAPES.find((s) => s.name === name);
