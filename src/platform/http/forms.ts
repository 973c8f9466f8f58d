import { z } from 'zod';
import { type AppError } from '../errors.js';

/** The GOV.UK error summary's shape: every problem listed, each linking to its field, and each field's own message. */
export interface FormErrors {
  list: Array<{ text: string; href: string | undefined }>;
  fields: Record<string, string>;
}

/** One problem a service found with a form, shown in the summary and beside the field it names (`details.field`). */
export function formErrors(err: AppError, href?: string): FormErrors {
  const field = typeof err.details?.['field'] === 'string' ? err.details['field'] : null;
  return {
    list: [{ text: err.message, href: href ?? (field ? `#${field}` : undefined) }],
    fields: field ? { [field]: err.message } : {},
  };
}

/** Longest value accepted in any one form field (a message is at most 4,096 characters; the form body at most 64 KB). */
const FIELD_MAX = 20_000;

type FieldsShape<K extends string> = { [P in K]: z.ZodOptional<z.ZodString> };

/**
 * A page form as a browser posts it: each named field optional text, anything else dropped.
 * The route declares it as its body schema, so a handler reads typed fields and never casts.
 * What the fields must say is checked after, by `parseForm` or by the service.
 */
export function formFields<K extends string>(...names: K[]): z.ZodObject<FieldsShape<K>> {
  const shape = {} as FieldsShape<K>;
  for (const n of names) shape[n] = z.string().max(FIELD_MAX).optional();
  return z.object(shape);
}

/** A zod issue may name the element its summary entry links to (`params.href`), e.g. a date's day box. */
const hrefOf = (issue: z.core.$ZodIssue): string | undefined => {
  const params = 'params' in issue ? (issue.params as { href?: unknown } | undefined) : undefined;
  return typeof params?.href === 'string' ? params.href : undefined;
};

/**
 * Checks a posted form against its rules: the typed value, or every problem at once as the
 * GOV.UK error summary, each entry linking to its field (the issue's path, or its `href`).
 */
export function parseForm<T>(schema: z.ZodType<T>, body: unknown): { ok: true; value: T } | { ok: false; errors: FormErrors } {
  const r = schema.safeParse(body);
  if (r.success) return { ok: true, value: r.data };
  const errors: FormErrors = { list: [], fields: {} };
  for (const issue of r.error.issues) {
    const field = issue.path.map(String).join('.');
    errors.list.push({ text: issue.message, href: `#${hrefOf(issue) ?? field}` });
    if (field && !(field in errors.fields)) errors.fields[field] = issue.message;
  }
  return { ok: false, errors };
}

/** Route ids are UUIDs, checked once here at the edge; a page with a malformed id is "Page not found". */
export const IdParams = z.object({ id: z.guid() });

/** A "done" banner key on a page after a redirect (`?done=updated`). */
export const DoneQuery = z.object({ done: z.string().max(40).optional() });
