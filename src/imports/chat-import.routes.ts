import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.context.js';
import { citizenNotFound } from '../citizens/citizen.errors.js';
import { isAppError } from '../platform/errors.js';
import { formFields, IdParams } from '../platform/http/forms.js';
import { type AuthorRole, IMPORT_JOB, type InspectResult } from './chat-import.service.js';

const DATE_ORDERS = ['dmy', 'mdy', 'ymd'] as const;
const dateOrderOf = (v: string | undefined) => DATE_ORDERS.find((d) => d === v);
const NewImportQuery = z.object({ citizenId: z.guid().optional() });
const BatchQuery = z.object({ already: z.string().max(4).optional() });
/** The upload's text fields (the file itself is streamed to disk, not parsed as a field). */
const UploadFields = formFields('_csrf', 'citizenId', 'timeZone', 'dateOrder');
/** "Who is who": one `author<n>` choice per person in the chat, besides the upload's own fields. */
const AuthorsForm = formFields('_csrf', 'token', 'citizenId', 'fileName', 'timeZone', 'dateOrder').catchall(z.string().max(200));

/**
 * Importing a chat export in the staff app: upload (streamed to disk with a size
 * limit), inspect, ask who each author is if Liaise cannot tell, then run the
 * import as a job while the batch page shows progress (it refreshes itself, so it
 * works without JavaScript).
 */
/** The people an importer can name as the council side of a chat: the citizen's team, and themselves. */
const withMe = <S extends { id: string }>(staff: S[], me: S) => (staff.some((s) => s.id === me.id) ? staff : [...staff, me]);

/** Every IANA time zone this Node.js knows, for the phone's time-zone choice (a list, not a free-text box). */
const TIME_ZONES: readonly string[] = Intl.supportedValuesOf('timeZone');

export function chatImportRoutes(ctx: AppContext) {
  const { services, pages } = ctx;
  const uploadsDir = ctx.uploadsDir!;
  const maxBytes = ctx.importMaxBytes ?? 1024 ** 3;

  const { render, guard, csrfOk, renderCsrfExpired } = pages;

  async function formPage(
    req: FastifyRequest,
    reply: FastifyReply,
    citizenId: string | undefined,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    if (!citizenId) throw citizenNotFound();
    const citizen = await services.citizens.getCitizen(req.auth!.actor, citizenId);
    return render(
      req,
      reply,
      'import-new.njk',
      { citizen, maxMb: Math.round(maxBytes / 1024 / 1024), timeZone: ctx.timeZone, timeZones: TIME_ZONES, ...extra },
      status,
    );
  }

  async function queue(
    req: FastifyRequest,
    reply: FastifyReply,
    input: {
      path: string;
      fileName: string;
      citizenId: string;
      authors: Record<string, AuthorRole>;
      options: { timeZone?: string; dateOrder?: 'dmy' | 'mdy' | 'ymd' };
      info: InspectResult;
    },
  ) {
    const { batchId, alreadyImported } = await services.imports.queueImport(req.auth!.actor, input, (tx, payload) =>
      services.jobs.enqueue(tx, IMPORT_JOB, payload),
    );
    if (alreadyImported) await rm(input.path, { force: true });
    else services.jobs.wake(IMPORT_JOB);
    return reply.redirect(`/imports/${batchId}${alreadyImported ? '?already=1' : ''}`, 303);
  }

  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    // Uploads are chats about citizens: owner-only, like the data directory (each file is written 0600).
    await mkdir(uploadsDir, { recursive: true, mode: 0o700 });
    await chmod(uploadsDir, 0o700);

    app.get('/imports/new', { schema: { querystring: NewImportQuery }, preHandler: guard('import.create') }, async (req, reply) =>
      formPage(req, reply, req.query.citizenId),
    );

    // Multipart: the fields are read from the stream below and checked with UploadFields.
    app.post('/imports', { config: { rawBody: 'multipart' }, preHandler: guard('import.create') }, async (req, reply) => {
      if (!req.isMultipart())
        return reply
          .status(415)
          .send({ error: { code: 'REQUEST_UNSUPPORTED_MEDIA_TYPE', message: 'Upload the file with the form', requestId: req.id } });
      const raw: Record<string, string> = {};
      const path = join(uploadsDir, `${randomUUID()}.upload`);
      let fileName: string | null = null;
      let truncated = false;
      try {
        for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 4096 } })) {
          if (part.type === 'file') {
            fileName = part.filename || 'chat.txt';
            await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
            truncated = part.file.truncated;
          } else raw[part.fieldname] = String(part.value);
        }
      } catch (err) {
        await rm(path, { force: true });
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
          truncated = true;
        else throw err;
      }
      const fields = UploadFields.safeParse(raw).data ?? {};
      const citizenId = z.guid().safeParse(fields.citizenId).data;
      if (!csrfOk(req, fields._csrf)) {
        await rm(path, { force: true });
        return renderCsrfExpired(req, reply);
      }
      const fail = async (status: number, message: string) => {
        await rm(path, { force: true });
        return formPage(req, reply, citizenId, { errors: { list: [{ text: message, href: '#file' }], fields: { file: message } } }, status);
      };
      if (truncated)
        return fail(413, `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB. Import it with the command line instead.`);
      if (!fileName) return fail(400, 'Choose the exported chat file (.txt or .zip)');
      const options = { timeZone: fields.timeZone || undefined, dateOrder: dateOrderOf(fields.dateOrder) };
      try {
        if (!citizenId) throw citizenNotFound();
        const citizen = await services.citizens.getCitizen(req.auth!.actor, citizenId);
        const info = await services.imports.inspect(path, options);
        const me = req.auth!.staff;
        const { map, unresolved } = services.imports.mapAuthors(
          info.authors.map((a) => a.name),
          citizen,
          me,
          {},
        );
        // Ask when someone in the chat is unknown, or when the dates read both ways and the
        // council's locale decided: the user confirms or changes it on the same page.
        const dateOrderGuessed = info.dateOrder !== null && info.dateOrder.source === 'locale' && info.dateOrder.choices.length > 1;
        if (unresolved.length || dateOrderGuessed) {
          const staff = await services.staff.listTeamStaff(req.auth!.actor, citizen.teamId);
          return render(req, reply, 'import-authors.njk', {
            citizen,
            info,
            token: path.split('/').at(-1),
            fileName,
            options,
            known: map,
            staff: withMe(staff, me),
          });
        }
        return await queue(req, reply, { path, fileName, citizenId: citizen.id, authors: map, options, info });
      } catch (err) {
        if (!isAppError(err)) {
          await rm(path, { force: true });
          throw err;
        }
        return fail(err.status, err.message);
      }
    });

    app.post('/imports/authors', { schema: { body: AuthorsForm }, preHandler: guard('import.create') }, async (req, reply) => {
      const b = req.body;
      if (!csrfOk(req, b._csrf)) return renderCsrfExpired(req, reply);
      const token = b.token ?? '';
      if (!/^[0-9a-f-]{36}\.upload$/.test(token))
        return render(req, reply, 'error.njk', { title: 'Upload not found', message: 'Upload the file again.' }, 400);
      const path = join(uploadsDir, token);
      const options = { timeZone: b.timeZone || undefined, dateOrder: dateOrderOf(b.dateOrder) };
      const citizenId = z.guid().safeParse(b.citizenId).data;
      try {
        const info = await services.imports.inspect(path, options);
        const authors: Record<string, AuthorRole> = {};
        info.authors.forEach((a, i) => {
          const v = b[`author${i}`] ?? '';
          if (v === 'citizen') authors[a.name] = { role: 'citizen' };
          else if (v === 'third_party') authors[a.name] = { role: 'third_party' };
          else if (v.startsWith('staff:') && z.guid().safeParse(v.slice(6)).success)
            authors[a.name] = { role: 'staff', staffId: v.slice(6) };
        });
        if (Object.keys(authors).length !== info.authors.length) {
          if (!citizenId) throw citizenNotFound();
          const citizen = await services.citizens.getCitizen(req.auth!.actor, citizenId);
          const staff = await services.staff.listTeamStaff(req.auth!.actor, citizen.teamId);
          return render(
            req,
            reply,
            'import-authors.njk',
            {
              citizen,
              info,
              token,
              fileName: b.fileName,
              options,
              known: authors,
              staff: withMe(staff, req.auth!.staff),
              errors: { list: [{ text: 'Say who each person in the chat is' }], fields: {} },
            },
            400,
          );
        }
        return await queue(req, reply, {
          path,
          fileName: b.fileName ?? 'chat.txt',
          citizenId: citizenId ?? '',
          authors,
          options,
          info,
        });
      } catch (err) {
        if (!isAppError(err)) throw err;
        return render(req, reply, 'error.njk', { title: 'The chat could not be imported', message: err.message }, err.status);
      }
    });

    app.get(
      '/imports/:id',
      { schema: { params: IdParams, querystring: BatchQuery }, preHandler: guard('import.create') },
      async (req, reply) => {
        const batch = await services.imports.getBatch(req.auth!.actor, req.params.id);
        return render(req, reply, 'import-batch.njk', { batch, already: req.query.already === '1' });
      },
    );
  };
}
