// The input limits people meet in forms: the schemas below enforce them on the server and
// the frontend imports them (`@contract/limits`, a value import) to say so before sending.
// Plain numbers with no imports at all, so the browser bundle gains only these constants.
// (The per-account quotas are another matter: limits/quotas.ts.)

/** A task's title, after trimming. */
export const TITLE_MAX_LENGTH = 200
/** A task's description, after trimming. */
export const DESCRIPTION_MAX_LENGTH = 2000
/** One message to the assistant. */
export const MESSAGE_MAX_LENGTH = 4000
export const MIN_PASSWORD_LENGTH = 8
export const MAX_PASSWORD_LENGTH = 128
