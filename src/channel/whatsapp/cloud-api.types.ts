/**
 * Meta's WhatsApp Cloud API wire shapes. Internal to `channel/whatsapp/`: nothing outside this
 * folder may import them — the mapper and the client translate to and from `channel.types.ts`.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Webhook payloads (entry[].changes[].value …). Loose objects: Meta adds fields over time and
// an unknown field must never make us reject (and so lose) a delivery.
// ---------------------------------------------------------------------------------------------

/** Unix seconds, as a string (Meta's form) or a number. */
const unixSeconds = z.union([z.string().regex(/^\d{1,12}$/, 'expected unix seconds'), z.number().int().nonnegative()]);
/** A WhatsApp id: the phone number in digits, without '+'. */
const waId = z.string().regex(/^\+?\d{5,20}$/, 'expected a phone number in digits');
/**
 * A business-scoped user id (BSUID): country code, optionally `ENT` for a parent id, and an
 * alphanumeric id, e.g. `US.13491208655302741918` or `US.ENT.11815799212886844830`. Meta's
 * "Business-scoped user IDs" guide (developers.facebook.com/documentation/business-messaging/whatsapp/
 * business-scoped-user-ids, updated March 2026): `user_id` appears in every messages webhook
 * (`contacts[].user_id`, `messages[].from_user_id`, `statuses[].recipient_user_id`), and for a user who
 * adopted a username the phone number (`wa_id`, `from`, `recipient_id`) may be omitted.
 */
export const bsuid = z.string().regex(/^[A-Z]{2}(\.ENT)?\.[A-Za-z0-9]{1,64}$/, 'expected a business-scoped user id');

export const metaErrorSchema = z.looseObject({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});

const mediaObject = z.looseObject({
  id: z.string().min(1),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
});

export const webhookMessageSchema = z.looseObject({
  from: waId.optional(),
  from_user_id: bsuid.optional(),
  id: z.string().min(1),
  timestamp: unixSeconds,
  type: z.string().min(1),
  context: z
    .looseObject({
      from: z.string().optional(),
      id: z.string().optional(),
      forwarded: z.boolean().optional(),
      frequently_forwarded: z.boolean().optional(),
    })
    .optional(),
  text: z.looseObject({ body: z.string() }).optional(),
  image: mediaObject.optional(),
  document: mediaObject.optional(),
  audio: mediaObject.optional(),
  video: mediaObject.optional(),
  sticker: mediaObject.optional(),
  location: z
    .looseObject({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
  contacts: z
    .array(
      z.looseObject({
        name: z.looseObject({ formatted_name: z.string().optional() }).optional(),
        phones: z.array(z.looseObject({ phone: z.string().optional(), wa_id: z.string().optional() })).optional(),
        vcard: z.string().optional(),
      }),
    )
    .optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string().optional(), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string().optional(), title: z.string(), description: z.string().optional() }).optional(),
      // A WhatsApp Flow's answer: `response_json` is a JSON string of the form's fields.
      nfm_reply: z
        .looseObject({ response_json: z.string().optional(), body: z.string().optional(), name: z.string().optional() })
        .optional(),
    })
    .optional(),
  button: z.looseObject({ text: z.string().optional(), payload: z.string().optional() }).optional(),
  reaction: z.looseObject({ message_id: z.string().optional(), emoji: z.string().optional() }).optional(),
  order: z
    .looseObject({
      catalog_id: z.string().optional(),
      text: z.string().optional(),
      product_items: z
        .array(
          z.looseObject({
            product_retailer_id: z.string().optional(),
            quantity: z.union([z.number(), z.string()]).optional(),
            item_price: z.union([z.number(), z.string()]).optional(),
            currency: z.string().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  system: z
    .looseObject({
      body: z.string().optional(),
      type: z.string().optional(),
      /** New number (user_changed_number); older payloads call it `new_wa_id`. */
      wa_id: z.string().optional(),
      new_wa_id: z.string().optional(),
      customer: z.string().optional(),
      user_id: z.string().optional(),
      previous_user_id: z.string().optional(),
    })
    .optional(),
  referral: z
    .looseObject({
      source_url: z.string().optional(),
      source_type: z.string().optional(),
      headline: z.string().optional(),
      body: z.string().optional(),
    })
    .optional(),
  origin: z.unknown().optional(),
  errors: z.array(metaErrorSchema).optional(),
});

export const webhookStatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp: unixSeconds,
  recipient_id: waId.optional(),
  recipient_user_id: bsuid.optional(),
  biz_opaque_callback_data: z.string().optional(),
  errors: z.array(metaErrorSchema).optional(),
});

export const webhookContactSchema = z.looseObject({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  profile: z.looseObject({ name: z.string().optional() }).optional(),
});

export const messagesChangeValueSchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  metadata: z.looseObject({
    display_phone_number: z.string().optional(),
    phone_number_id: z.string().min(1),
  }),
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
});

export const webhookEnvelopeSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.looseObject({
      id: z.string().optional(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })),
    }),
  ),
});

export type MetaError = z.infer<typeof metaErrorSchema>;
export type WebhookMessage = z.infer<typeof webhookMessageSchema>;
export type WebhookStatus = z.infer<typeof webhookStatusSchema>;
export type WebhookContact = z.infer<typeof webhookContactSchema>;
export type MessagesChangeValue = z.infer<typeof messagesChangeValueSchema>;

/** The whole webhook body, as the simulator builds it. */
export interface WebhookPayload {
  object: 'whatsapp_business_account';
  entry: Array<{
    id: string;
    changes: Array<{
      field: 'messages';
      value: {
        messaging_product: 'whatsapp';
        metadata: { display_phone_number: string; phone_number_id: string };
        contacts?: Array<{ profile: { name: string }; wa_id: string }>;
        messages?: Array<Record<string, unknown>>;
        statuses?: Array<Record<string, unknown>>;
        errors?: MetaError[];
      };
    }>;
  }>;
}

// ---------------------------------------------------------------------------------------------
// Graph API: send message, media, errors.
// ---------------------------------------------------------------------------------------------

export interface SendMessageBody {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to: string;
  type: 'text' | 'template';
  text?: { body: string; preview_url: boolean };
  template?: {
    name: string;
    language: { code: string };
    components: Array<{ type: 'body'; parameters: Array<{ type: 'text'; text: string }> }>;
  };
  biz_opaque_callback_data?: string;
}

export interface SendMessageResponse {
  messaging_product: 'whatsapp';
  contacts: Array<{ input: string; wa_id: string }>;
  messages: Array<{ id: string; message_status?: string }>;
}

export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product: 'whatsapp'; details: string };
    is_transient?: boolean;
    fbtrace_id?: string;
  };
}

export interface MediaInfoResponse {
  messaging_product: 'whatsapp';
  url: string;
  mime_type: string;
  sha256: string;
  file_size: number | string;
  id: string;
}

// ---------------------------------------------------------------------------------------------
// Graph API: the business account's message templates (`/{waba-id}/message_templates`).
// ---------------------------------------------------------------------------------------------

export interface TemplateComponent {
  type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';
  text?: string;
  format?: string;
  /** Example values Meta's review reads: `body_text` holds one list of the body's parameters. */
  example?: { body_text?: string[][] };
}

/** One template as `GET /{waba-id}/message_templates` lists it. */
export interface MessageTemplateNode {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  components: TemplateComponent[];
  rejected_reason?: string;
}

export interface MessageTemplateList {
  data: MessageTemplateNode[];
  paging?: { cursors: { before: string; after: string }; next?: string };
}

export interface CreateMessageTemplateBody {
  name: string;
  language: string;
  category: string;
  components: TemplateComponent[];
}

export interface CreateMessageTemplateResponse {
  id: string;
  status: string;
  category: string;
}

export const messageTemplateListSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string(),
      language: z.string(),
      status: z.string(),
      category: z.string(),
      components: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).optional(),
      rejected_reason: z.string().optional(),
    }),
  ),
  paging: z.looseObject({ cursors: z.looseObject({ after: z.string().optional() }).optional(), next: z.string().optional() }).optional(),
});

/** The `message_template_status_update` change's value. */
export const templateStatusValueSchema = z.looseObject({
  event: z.string(),
  message_template_id: z.union([z.number(), z.string()]).optional(),
  message_template_name: z.string(),
  message_template_language: z.string(),
  reason: z.string().nullish(),
});
