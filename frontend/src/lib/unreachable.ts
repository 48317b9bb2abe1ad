/**
 * Said when no answer came: offline, or the server (or the proxy in front of it) is down. A
 * module of its own so lib/api.ts has it at hand without the messages table (messages.ts),
 * which it loads only on a failure.
 */
export const UNREACHABLE = 'The server cannot be reached right now. Nothing was lost; try again in a moment.'
