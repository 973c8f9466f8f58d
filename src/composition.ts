import { createAuditRepository } from './audit/audit.repository.js';
import { createAuditService } from './audit/audit.service.js';
import type { ChannelClient } from './channel/channel.types.js';
import { createCloudApiClient } from './channel/whatsapp/cloud-api.client.js';
import { createReviewRepository } from './review/review.repository.js';
import { createReviewService } from './review/review.service.js';
import { createOversightRepository } from './oversight/oversight.repository.js';
import { createQueueService } from './oversight/queue.service.js';
import { createReportRepository } from './oversight/report.repository.js';
import { createReportService } from './oversight/report.service.js';
import { createShareRepository } from './oversight/share.repository.js';
import { createShareService } from './oversight/share.service.js';
import { createUsageService } from './oversight/usage.service.js';
import { createChatImportService, IMPORT_JOB } from './imports/chat-import.service.js';
import { createImportBatchRepository } from './imports/import-batch.repository.js';
import { createCitizenRepository } from './citizens/citizen.repository.js';
import { createCitizenService } from './citizens/citizen.service.js';
import { createConversationRepository } from './conversations/conversation.repository.js';
import { createLivePublisher } from './conversations/conversation.events.js';
import { createConversationService } from './conversations/conversation.service.js';
import { createAttachmentContentRepository } from './conversations/attachment-content.repository.js';
import { createAttachmentStore } from './conversations/attachment-store.js';
import { createInboundService, FETCH_MEDIA_JOB } from './conversations/inbound/inbound.service.js';
import { createChannelNoticeRepository } from './conversations/inbound/channel-notice.repository.js';
import { createChannelNoticeService } from './conversations/inbound/channel-notice.service.js';
import { createOutboundService, SEND_JOB } from './conversations/outbound/outbound.service.js';
import type { PolicyChecker } from './conversations/policy.port.js';
import { createContactService } from './contact/contact.service.js';
import { createTemplatesRepository } from './contact/templates.repository.js';
import { createTemplatesService } from './contact/templates.service.js';
import { type Clock, systemClock } from './platform/clock.js';
import { createCipher } from './platform/crypto/cipher.js';
import { freeBytes } from './platform/disk-space.js';
import { createDigester, type DigestKeys } from './platform/crypto/digest.js';
import { createDigestRekeyService } from './conversations/digest-rekey.service.js';
import { createContentVerifyService } from './records/content-verify.service.js';
import type { Db } from './platform/db/db.client.js';
import { createNotifier } from './platform/db/notifier.js';
import { createJobQueue } from './platform/jobs/job.queue.js';
import { createJobWorker } from './platform/jobs/job.worker.js';
import type { Logger } from './platform/log/logger.js';
import { createRecordsRepository } from './records/records.repository.js';
import { createRecordsService } from './records/records.service.js';
import { createRecordCheckpointRepository } from './records/chain/record-checkpoint.repository.js';
import type { CheckpointKeys } from './records/chain/checkpoint.js';
import { createCaseExportRepository } from './records/export/case-export.repository.js';
import { createCaseExportService } from './records/export/case-export.service.js';
import { createCasePushRepository } from './records/export/case-push.repository.js';
import { CASE_PUSH_JOB, createCasePushService } from './records/export/case-push.service.js';
import { createStaffRepository } from './staff/staff.repository.js';
import { createStaffService } from './staff/staff.service.js';
import { createHoldRepository } from './records/holds/hold.repository.js';
import { createHoldService } from './records/holds/hold.service.js';
import { createDisposalRepository } from './records/disposal/disposal.repository.js';
import { createDisposalService, DISPOSE_JOB } from './records/disposal/disposal.service.js';
import { loadRetentionScheduleFile } from './records/retention/retention-schedule.file.js';
import type { RetentionSchedule } from './records/retention/retention-schedule.js';
import { createCaseRepository } from './cases/case.repository.js';
import { createCaseService } from './cases/case.service.js';
import { createRetentionRepository } from './records/retention/retention.repository.js';
import { createRetentionService } from './records/retention/retention.service.js';

export interface CoreServicesOptions {
  db: Db;
  logger: Logger;
  clock?: Clock;
  sessionHours: number;
  /** Signed checkpoints of the record chain (LIAISE_CHECKPOINT_KEY); none are written without it. */
  checkpoints?: { keys: CheckpointKeys; everyRecords: number; everyMs: number };
}

export interface ServicesOptions extends CoreServicesOptions {
  encryptionKeys: { current: string; keys: Record<string, Buffer> };
  /** Keys for the HMAC digests of message bodies (LIAISE_DIGEST_KEY): first is current. */
  digestKeys: DigestKeys;
  whatsapp: {
    graphBase: string;
    apiVersion: string;
    accessToken: string;
    phoneNumberId: string;
    sendTimeoutMs: number;
    /** The business account whose message templates Liaise manages (absent: templates cannot be synced or created). */
    wabaId?: string | null;
  };
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
  /** The Record Retention Schedule, loaded once at start (LIAISE_RETENTION_SCHEDULE); default the shipped one. */
  retentionSchedule?: RetentionSchedule;
  /** Where disposition review writes archive transfer packages (default: ./data/archive). */
  archiveDir?: string;
  /** Where the embedded database (PGlite) writes: imports check its free space before they start. */
  storageDir?: string;
  /** Records per disposal batch (tests make it small to see batching). */
  disposalBatchSize?: number;
  /** The council's case system (LIAISE_CASE_SYSTEM_URL and _SECRET); null or absent: nothing is pushed. */
  caseSystem?: { url: string; secret: string; maxAttempts?: number } | null;
}

/**
 * The services that need neither WhatsApp nor the policy pack: staff, the audit sink and
 * the record log. CLI commands that only manage staff or check the chain open these.
 */
export function createCoreServices(o: CoreServicesOptions) {
  const clock = o.clock ?? systemClock;
  const { db, logger } = o;
  const audit = createAuditService({ audit: createAuditRepository() });
  const records = createRecordsService({
    db,
    records: createRecordsRepository(),
    clock,
    checkpoints: o.checkpoints ? { repo: createRecordCheckpointRepository(), ...o.checkpoints } : undefined,
  });
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
  const digester = createDigester(o.digestKeys);
  const cloudApi = createCloudApiClient({
    graphBase: o.whatsapp.graphBase,
    apiVersion: o.whatsapp.apiVersion,
    accessToken: o.whatsapp.accessToken,
    phoneNumberId: o.whatsapp.phoneNumberId,
    wabaId: o.whatsapp.wabaId ?? null,
    timeoutMs: o.whatsapp.sendTimeoutMs,
  });
  const channel = o.channel ?? cloudApi;
  const citizensRepo = createCitizenRepository();
  const conversationsRepo = createConversationRepository();
  // Attachment bytes at rest, sealed in chunks: every writer and reader of attachment content goes through it.
  const attachmentContentsRepo = createAttachmentContentRepository();
  const attachments = createAttachmentStore({ db, cipher, contents: attachmentContentsRepo });
  const timeZone = o.timeZone ?? 'Europe/London';
  const caseRepo = createCaseRepository();
  const retentionSchedule = o.retentionSchedule ?? loadRetentionScheduleFile();
  const retention = createRetentionService({
    db,
    retention: createRetentionRepository(),
    schedule: retentionSchedule,
    clock,
    timeZone,
    audit,
    records,
    cases: caseRepo,
    conversations: conversationsRepo,
    citizens: citizensRepo,
  });
  const cases = createCaseService({
    db,
    cases: caseRepo,
    conversations: conversationsRepo,
    teams: staffRepo,
    retention,
    records,
    audit,
    clock,
    timeZone,
  });
  const noticesRepo = createChannelNoticeRepository();
  const citizens = createCitizenService({
    db,
    citizens: citizensRepo,
    audit,
    records,
    clock,
    allowFictionalNumbers: o.allowFictionalNumbers ?? false,
    onCitizensChanged: () => inbound.invalidateRoutes(),
    conversations: conversationsRepo,
    cases,
    retention,
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
    digester,
    policy: o.policy,
    clock,
    publish,
    phoneNumberId,
    contact,
    onRoutesChanged: () => inbound.invalidateRoutes(),
    attachments,
  });
  // Oversight: reports to the manager (inbound reports offensive content through it), sharing, the queue and usage.
  const reportsRepo = createReportRepository();
  const sharesRepo = createShareRepository();
  const messageAccess = { conversations: conversationsRepo, visibleConversation: conversations.getConversationSummary };
  const reports = createReportService({ db, reports: reportsRepo, access: messageAccess, records, audit, clock, timeZone, digester });
  const shares = createShareService({
    db,
    shares: sharesRepo,
    access: messageAccess,
    staff: staffRepo,
    records,
    audit,
    cipher,
    digester,
    policy: o.policy,
    clock,
  });
  const inbound = createInboundService({
    db,
    conversations: conversationsRepo,
    notices: noticesRepo,
    records,
    jobs,
    cipher,
    digester,
    policy: o.policy,
    channel,
    clock,
    logger,
    publish,
    batchInbound: o.batchInbound ?? true,
    autoReports: reports.autoReports,
    minContactAge: o.minContactAge,
    onContactSignals: (s) => contact.applyInboundSignals(s),
    attachments,
  });
  // WhatsApp templates: admins manage them through the Cloud API's template endpoints; sends fill approved ones.
  const templates = createTemplatesService({
    db,
    templates: createTemplatesRepository(),
    channel: cloudApi,
    audit,
    clock,
    policy: o.policy,
    wabaId: o.whatsapp.wabaId ?? null,
  });
  const outbound = createOutboundService({
    db,
    conversations: conversationsRepo,
    conversationService: conversations,
    contact,
    templates,
    citizens: citizensRepo,
    records,
    audit,
    jobs,
    cipher,
    digester,
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
    digester,
    policy: o.policy,
    clock,
    defaultTimeZone: o.timeZone ?? 'Europe/London',
    locale: o.locale ?? 'en-GB',
    attachments,
    ...(o.storageDir ? { freeDiskBytes: () => freeBytes(o.storageDir!) } : {}),
  });

  const reviewRepo = createReviewRepository();
  const review = createReviewService({ db, review: reviewRepo, clock });
  const oversightRepo = createOversightRepository();
  const queue = createQueueService({ db, oversight: oversightRepo, reports: reportsRepo, review: reviewRepo, clock, timeZone });
  const usage = createUsageService({ db, oversight: oversightRepo, clock, timeZone });

  const holds = createHoldService({
    db,
    holds: createHoldRepository(),
    audit,
    clock,
    schedule: retentionSchedule,
    staff,
    allowFictionalNumbers: o.allowFictionalNumbers ?? false,
  });
  const disposal = createDisposalService({
    db,
    disposal: createDisposalRepository(),
    holds,
    conversations: conversationsRepo,
    importBatches: createImportBatchRepository(),
    reports: reportsRepo,
    shares: sharesRepo,
    records,
    audit,
    jobs,
    cipher,
    clock,
    logger,
    schedule: retentionSchedule,
    timeZone: o.timeZone ?? 'Europe/London',
    archiveDir: o.archiveDir ?? 'data/archive',
    // Messages without a class and disposal date get one before each run selects what is due.
    assignMissing: () => retention.assignMissing(),
    batchSize: o.disposalBatchSize,
    attachmentContents: attachmentContentsRepo,
    attachments,
  });

  const casePush = createCasePushService({
    db,
    pushes: createCasePushRepository(),
    jobs,
    cipher,
    audit,
    clock,
    target: o.caseSystem ?? null,
  });
  const caseExport = createCaseExportService({
    db,
    exports: createCaseExportRepository(),
    cipher,
    audit,
    clock,
    timeZone: o.timeZone ?? 'Europe/London',
  });
  const channelNotices = createChannelNoticeService({ db, notices: noticesRepo, cipher, audit });
  // Keyed body digests: re-keying (at start and `records rekey-digests`) and `records verify --deep`.
  const digestRekey = createDigestRekeyService({
    db,
    conversations: conversationsRepo,
    records,
    audit,
    cipher,
    digester,
    attachments,
    logger,
  });
  const contentVerify = createContentVerifyService({
    db,
    conversations: conversationsRepo,
    records: createRecordsRepository(),
    cipher,
    digester,
    attachments,
  });

  const createWorker = (opts: { concurrency?: number; pollMs?: number } = {}) =>
    createJobWorker({
      db,
      queue: jobs,
      logger,
      ...opts,
      handlers: {
        [SEND_JOB]: outbound.runSendJob,
        [FETCH_MEDIA_JOB]: inbound.runFetchMediaJob,
        [CASE_PUSH_JOB]: casePush.runPushJob,
        [IMPORT_JOB]: async (job) => {
          await imports.runImportJob(String(job.payload['batchId']));
          return { result: 'done' };
        },
        [DISPOSE_JOB]: disposal.runDisposeJob,
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
   * so their files can be imported again, abandoned uploads in `uploadsDir` are deleted, and new messages get
   * their retention class and disposal date (`retention.assignMissing`). Runs once at
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
        .catch((err) => logger.error({ err }, 'upload janitor failed'))
        // Once a day (whichever scheduler node is first): the records.dispose-expired job.
        .then(() => disposal.scheduleDaily())
        .catch((err) => logger.error({ err }, 'scheduling the disposal job failed'))
        // New messages get their retention class and disposal date here, off the webhook's path.
        .then(() => retention.assignMissing())
        .then((r) => {
          if (r.assigned > 0 || r.adopted > 0) logger.info(r, 'retention classes assigned');
        })
        .catch((err) => logger.error({ err }, 'retention assignment failed'));
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

  /** Queues pushes to the case system for newly sealed message records, on a timer (nodes with the scheduler role). */
  function startCasePush(intervalMs = 2000) {
    let running: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      running = running.then(() => casePush.pump()).catch((err) => logger.error({ err }, 'case-system push pump failed'));
    }, intervalMs);
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
    templates,
    inbound,
    outbound,
    imports,
    review,
    reports,
    shares,
    queue,
    usage,
    holds,
    disposal,
    retentionSchedule,
    cases,
    retention,
    casePush,
    caseExport,
    channelNotices,
    digestRekey,
    contentVerify,
    attachments,
    policy: o.policy,
    createWorker,
    startSequencer,
    startMaintenance,
    startCasePush,
  };
}

export type Services = ReturnType<typeof createServices>;
