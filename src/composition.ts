import { createAuditRepository } from './audit/audit.repository.js';
import { createAuditService } from './audit/audit.service.js';
import type { ChannelClient } from './channel/channel.types.js';
import { createCloudApiClient } from './channel/whatsapp/cloud-api.client.js';
import { createReviewRepository } from './review/review.repository.js';
import { createReviewService } from './review/review.service.js';
import { createChatImportService, IMPORT_JOB } from './imports/chat-import.service.js';
import { createImportBatchRepository } from './imports/import-batch.repository.js';
import { createCitizenRepository } from './citizens/citizen.repository.js';
import { createCitizenService } from './citizens/citizen.service.js';
import { createConversationRepository } from './conversations/conversation.repository.js';
import { createLivePublisher } from './conversations/conversation.events.js';
import { createConversationService } from './conversations/conversation.service.js';
import { createInboundService, FETCH_MEDIA_JOB } from './conversations/inbound/inbound.service.js';
import { createOutboundService, SEND_JOB } from './conversations/outbound/outbound.service.js';
import type { PolicyChecker } from './conversations/policy.port.js';
import { createContactService } from './contact/contact.service.js';
import { type Clock, systemClock } from './platform/clock.js';
import { createCipher } from './platform/crypto/cipher.js';
import type { Db } from './platform/db/db.client.js';
import { createNotifier } from './platform/db/notifier.js';
import { createJobQueue } from './platform/jobs/job.queue.js';
import { createJobWorker } from './platform/jobs/job.worker.js';
import type { Logger } from './platform/log/logger.js';
import { createRecordsRepository } from './records/records.repository.js';
import { createRecordsService } from './records/records.service.js';
import { createStaffRepository } from './staff/staff.repository.js';
import { createStaffService } from './staff/staff.service.js';

export interface CoreServicesOptions {
  db: Db;
  logger: Logger;
  clock?: Clock;
  sessionHours: number;
}

export interface ServicesOptions extends CoreServicesOptions {
  encryptionKeys: { current: string; keys: Record<string, Buffer> };
  whatsapp: { graphBase: string; apiVersion: string; accessToken: string; phoneNumberId: string; sendTimeoutMs: number };
  policy: PolicyChecker;
  /** The council's zone: how chat-export times are read (default Europe/London). */
  timeZone?: string;
  /** The council's locale (LIAISE_LOCALE), for chat exports whose dates read both ways. */
  locale?: string;
  /** Accept Ofcom's drama-range numbers (07700 900xxx) for citizens: simulator mode only. */
  allowFictionalNumbers?: boolean;
  /** Group concurrent inbound deliveries into one statement (default on). */
  batchInbound?: boolean;
  /** Below this age WhatsApp contact is refused (LIAISE_MIN_CONTACT_AGE; default 13). */
  minContactAge?: number;
  /** Replace the Cloud API client (only the bench and fault tests need to). */
  channel?: ChannelClient;
}

/**
 * The services that need neither WhatsApp nor the policy pack: staff, the audit sink and
 * the record log. CLI commands that only manage staff or check the chain open these.
 */
export function createCoreServices(o: CoreServicesOptions) {
  const clock = o.clock ?? systemClock;
  const { db, logger } = o;
  const audit = createAuditService({ audit: createAuditRepository() });
  const records = createRecordsService({ db, records: createRecordsRepository(), clock });
  const staffRepo = createStaffRepository();
  const staff = createStaffService({ db, staff: staffRepo, audit, clock, sessionHours: o.sessionHours });
  return { db, clock, logger, audit, records, staff, staffRepo };
}

export type CoreServices = ReturnType<typeof createCoreServices>;

/** The composition root: every service wired with its collaborators, once. */
export function createServices(o: ServicesOptions) {
  const core = createCoreServices(o);
  const { db, logger, clock, audit, records, staffRepo, staff } = core;
  const notifier = createNotifier(db, { onError: (err) => logger.warn({ err }, 'notification failed') });
  const jobs = createJobQueue({ db, clock, notifier });
  const cipher = createCipher(o.encryptionKeys);
  const channel =
    o.channel ??
    createCloudApiClient({
      graphBase: o.whatsapp.graphBase,
      apiVersion: o.whatsapp.apiVersion,
      accessToken: o.whatsapp.accessToken,
      phoneNumberId: o.whatsapp.phoneNumberId,
      timeoutMs: o.whatsapp.sendTimeoutMs,
    });
  const citizensRepo = createCitizenRepository();
  const conversationsRepo = createConversationRepository();
  const citizens = createCitizenService({
    db,
    citizens: citizensRepo,
    audit,
    records,
    clock,
    allowFictionalNumbers: o.allowFictionalNumbers ?? false,
    onCitizensChanged: () => inbound.invalidateRoutes(),
    conversations: conversationsRepo,
  });
  const publish = createLivePublisher(notifier);
  const phoneNumberId = o.whatsapp.phoneNumberId;
  const contact = createContactService({
    db,
    conversations: conversationsRepo,
    citizens: citizensRepo,
    records,
    audit,
    clock,
    publish,
    minContactAge: o.minContactAge,
    queueSystemMessage: (tx, conv, text, reason) => outbound.queueSystemMessage(tx, conv, text, reason),
    wakeOutbox: () => jobs.wake(SEND_JOB),
  });
  const conversations = createConversationService({
    db,
    conversations: conversationsRepo,
    citizens: citizensRepo,
    staff: staffRepo,
    records,
    audit,
    cipher,
    policy: o.policy,
    clock,
    publish,
    phoneNumberId,
    contact,
    onRoutesChanged: () => inbound.invalidateRoutes(),
  });
  const inbound = createInboundService({
    db,
    conversations: conversationsRepo,
    records,
    jobs,
    cipher,
    policy: o.policy,
    channel,
    clock,
    logger,
    publish,
    batchInbound: o.batchInbound ?? true,
    minContactAge: o.minContactAge,
    onContactSignals: (s) => contact.applyInboundSignals(s),
  });
  const outbound = createOutboundService({
    db,
    conversations: conversationsRepo,
    conversationService: conversations,
    contact,
    citizens: citizensRepo,
    records,
    audit,
    jobs,
    cipher,
    policy: o.policy,
    channel,
    clock,
    publish,
    phoneNumberId,
  });

  const imports = createChatImportService({
    db,
    citizens: citizensRepo,
    staff: staffRepo,
    conversations: conversationsRepo,
    batches: createImportBatchRepository(),
    records,
    audit,
    cipher,
    policy: o.policy,
    clock,
    defaultTimeZone: o.timeZone ?? 'Europe/London',
    locale: o.locale ?? 'en-GB',
  });

  const review = createReviewService({ db, review: createReviewRepository(), clock });

  const createWorker = (opts: { concurrency?: number; pollMs?: number } = {}) =>
    createJobWorker({
      db,
      queue: jobs,
      logger,
      ...opts,
      handlers: {
        [SEND_JOB]: outbound.runSendJob,
        [FETCH_MEDIA_JOB]: inbound.runFetchMediaJob,
        [IMPORT_JOB]: async (job) => {
          await imports.runImportJob(String(job.payload['batchId']));
          return { result: 'done' };
        },
      },
    });

  /** Seals committed records into the chain on a timer (a no-op on nodes that do not hold the sequencer lock). */
  function startSequencer(intervalMs = 250) {
    let stopped = false;
    let running: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      running = running.then(() => (stopped ? 0 : records.sealPending())).catch((err) => logger.error({ err }, 'sealing records failed'));
    }, intervalMs);
    return {
      /** Stops the timer and seals whatever is pending (graceful shutdown). */
      async stop() {
        stopped = true;
        clearInterval(timer);
        await running;
        await records.sealPending(1000);
      },
    };
  }

  /**
   * Housekeeping on a timer (nodes with the scheduler role): imports cut off by a crash are marked failed
   * so their files can be imported again, and abandoned uploads in `uploadsDir` are deleted. Runs once at
   * start, then every `intervalMs`.
   */
  function startMaintenance(intervalMs = 60_000, opts: { uploadsDir?: string } = {}) {
    let running: Promise<unknown> = Promise.resolve();
    const tick = () => {
      running = running
        .then(() => imports.reapInterrupted())
        .then((ids) => {
          if (ids.length > 0) logger.warn({ batchIds: ids }, 'imports cut off by a restart marked failed');
        })
        .catch((err) => logger.error({ err }, 'import reaper failed'))
        .then(() => (opts.uploadsDir ? imports.sweepUploads(opts.uploadsDir) : 0))
        .then((deleted) => {
          if (deleted > 0) logger.info({ deleted }, 'abandoned uploads deleted');
        })
        .catch((err) => logger.error({ err }, 'upload janitor failed'));
    };
    tick();
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
        await running;
      },
    };
  }

  return {
    db,
    clock,
    logger,
    notifier,
    audit,
    records,
    jobs,
    cipher,
    channel,
    staff,
    citizens,
    conversations,
    contact,
    inbound,
    outbound,
    imports,
    review,
    policy: o.policy,
    createWorker,
    startSequencer,
    startMaintenance,
  };
}

export type Services = ReturnType<typeof createServices>;
