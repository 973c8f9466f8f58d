/**
 * The JSON API's documentation page, built from the OpenAPI document Fastify
 * generates from the routes' zod schemas: what each endpoint takes and returns,
 * in plain HTML that works with a screen reader and without JavaScript.
 */

interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  maxLength?: number;
  pattern?: string;
}

interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: Array<{ in: string; name: string; required?: boolean; description?: string; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface OpenApiDocument {
  info?: { title?: string; description?: string; version?: string };
  paths?: Record<string, Record<string, Operation>>;
}

export interface ApiField {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

export interface ApiEndpoint {
  id: string;
  method: string;
  path: string;
  summary: string;
  parameters: ApiField[];
  body: ApiField[];
  responses: Array<{ status: string; description: string; fields: ApiField[] }>;
}

/** A schema's type in words: "string (uuid)", "array of object", "one of allow, warn, block". */
function typeOf(s: JsonSchema | undefined): string {
  if (!s) return 'any';
  if (s.enum) return `one of ${s.enum.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}`;
  if (s.const !== undefined) return `always ${JSON.stringify(s.const)}`;
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return alternatives.map(typeOf).join(' or ');
  const t = Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'object');
  if (t === 'array') return `array of ${typeOf(s.items)}`;
  return s.format ? `${t} (${s.format})` : t;
}

function fieldsOf(s: JsonSchema | undefined, prefix = ''): ApiField[] {
  if (!s?.properties) return [];
  const out: ApiField[] = [];
  for (const [name, p] of Object.entries(s.properties)) {
    const full = prefix ? `${prefix}.${name}` : name;
    out.push({ name: full, type: typeOf(p), required: s.required?.includes(name) ?? false, description: p.description ?? '' });
    // One level of nesting is shown; deeper structures are in the OpenAPI document.
    if (!prefix && p.properties) out.push(...fieldsOf(p, full));
    if (!prefix && p.items?.properties) out.push(...fieldsOf(p.items, `${full}[]`));
  }
  return out;
}

/** Endpoints grouped by tag, in path order. */
export function describeApi(doc: OpenApiDocument): {
  title: string;
  description: string;
  groups: Array<{ tag: string; endpoints: ApiEndpoint[] }>;
} {
  const groups = new Map<string, ApiEndpoint[]>();
  for (const [path, ops] of Object.entries(doc.paths ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [method, op] of Object.entries(ops)) {
      const endpoint: ApiEndpoint = {
        id: `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-$/, ''),
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? op.description ?? '',
        parameters: (op.parameters ?? []).map((p) => ({
          name: `${p.name} (${p.in})`,
          type: typeOf(p.schema),
          required: p.required ?? false,
          description: p.description ?? p.schema?.description ?? '',
        })),
        body: fieldsOf(op.requestBody?.content?.['application/json']?.schema),
        responses: Object.entries(op.responses ?? {}).map(([status, r]) => ({
          status,
          description: r.description ?? '',
          fields: fieldsOf(r.content?.['application/json']?.schema),
        })),
      };
      const tag = op.tags?.[0] ?? 'other';
      groups.set(tag, [...(groups.get(tag) ?? []), endpoint]);
    }
  }
  return {
    title: doc.info?.title ?? 'API',
    description: doc.info?.description ?? '',
    groups: [...groups].map(([tag, endpoints]) => ({ tag, endpoints })),
  };
}
