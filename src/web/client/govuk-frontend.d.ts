// Types for GOV.UK Frontend's browser bundle, which the app serves at /static/govuk/
// (mapped to this file by `paths` in this folder's tsconfig.json).
export function initAll(): void;
