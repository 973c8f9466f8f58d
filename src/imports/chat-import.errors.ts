import { AppError } from '../platform/errors.js';

/** The citizen named for an import is not one the uploader can see (or does not exist). */
export const importCitizenNotFound = () => new AppError('CITIZEN_NOT_FOUND', 'Citizen for this case not found', 404);

/** A case reference shared by more than one citizen: the uploader must choose the citizen. */
export const importCaseAmbiguous = () =>
  new AppError('IMPORT_CASE_AMBIGUOUS', 'More than one citizen is linked to that case: choose the citizen', 400, { field: 'citizenId' });

/** Some chat authors could not be matched to the citizen, staff or someone else: the caller must say who they are. */
export const importAuthorsUnmapped = (details: { authors: unknown; unresolved: string[] }) =>
  new AppError('IMPORT_AUTHORS_UNMAPPED', 'Say who each person in the chat is', 422, details);

export const importStaffUnknown = () => new AppError('IMPORT_STAFF_UNKNOWN', 'A chat author is mapped to an unknown staff member', 400);

export const importStaffOutsideTeam = () =>
  new AppError('IMPORT_STAFF_OUTSIDE_TEAM', 'A chat author is mapped to a member of staff outside this citizen’s team', 400);

export const importNotFound = () => new AppError('IMPORT_NOT_FOUND', 'Import not found', 404);

/** The same file for the same citizen is already on its way (rather than trip over the unique index). */
export const importInProgress = (batchId: string) =>
  new AppError(
    'IMPORT_IN_PROGRESS',
    'This file is already being imported for this citizen. Wait for that import to finish; if the server restarted during it, it is marked failed within 10 minutes and the file can be imported again.',
    409,
    { batchId },
  );

/** Not enough free disk for the import's content, its encrypted copy and the database's log of it. */
export const importDiskSpace = (details: { neededMiB: number; freeMiB: number }) =>
  new AppError(
    'IMPORT_DISK_SPACE',
    'There is not enough free disk space on the server to import this file safely. Nothing was imported: ask IT to free some space, then import it again.',
    507,
    details,
  );
