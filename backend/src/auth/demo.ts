// The demo account `npm run seed` creates for local development.
export const DEMO_EMAIL = 'demo@example.com'
/** A known password is the point of a demo account; it exists only where someone seeds it. */
export const DEMO_PASSWORD = 'demo-password'
