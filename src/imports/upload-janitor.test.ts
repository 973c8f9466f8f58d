import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../test/db.js';
import { createServiceTestContext, type ServiceTestContext } from '../../test/services.js';
import { createImportBatchRepository } from './import-batch.repository.js';

describe.each(DB_KINDS)('the upload janitor (%s)', (kind) => {
  let t: ServiceTestContext;
  let dir: string;
  beforeAll(async () => {
    t = await createServiceTestContext(kind);
    dir = mkdtempSync(join(tmpdir(), 'liaise-uploads-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  /** A file in the uploads folder, last written `hoursAgo` hours ago. */
  const upload = (name: string, hoursAgo: number) => {
    const path = join(dir, name);
    writeFileSync(path, '12/03/2026, 09:15 - Sam: hello\n');
    const when = new Date(Date.now() - hoursAgo * 3_600_000);
    utimesSync(path, when, when);
    return path;
  };

  it('deletes old uploads no import waits on, and keeps fresh ones, a pending import’s, and anything else', async () => {
    const abandoned = upload(`${randomUUID()}.upload`, 30);
    const fresh = upload(`${randomUUID()}.upload`, 1);
    const waiting = upload(`${randomUUID()}.upload`, 72);
    upload('notes.txt', 72);
    const citizen = await t.addCitizen();
    await createImportBatchRepository().insert(t.db, {
      id: randomUUID(),
      fileSha256: 'a'.repeat(64),
      fileName: 'chat.txt',
      fileBytes: 31,
      uploadedBy: t.caseworker.id,
      teamId: citizen.teamId,
      citizenId: citizen.id,
      caseId: citizen.caseId,
      conversationId: null,
      authorMap: {},
      options: {},
      messagesTotal: 1,
      now: new Date(),
      state: 'pending',
      storedPath: waiting,
    });

    expect(await t.services.imports.sweepUploads(dir)).toBe(1);
    const left = readdirSync(dir).sort();
    expect(left).not.toContain(abandoned.split('/').at(-1));
    expect(left).toEqual(
      [fresh, waiting]
        .map((p) => p.split('/').at(-1)!)
        .concat('notes.txt')
        .sort(),
    );
    // A second sweep finds nothing more to do; a missing folder is not an error.
    expect(await t.services.imports.sweepUploads(dir)).toBe(0);
    expect(await t.services.imports.sweepUploads(join(dir, 'not-there'))).toBe(0);
  });
});
