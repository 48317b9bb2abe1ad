// The repository and isolation suites run against PostgreSQL too when TEST_DATABASE_URL
// names a server (`.ci/run` starts a throwaway one). In CI a missing server is a failure,
// never a silent skip.
export default function setup(): void {
  if (!process.env.TEST_DATABASE_URL) {
    if (process.env.CI) {
      throw new Error('TEST_DATABASE_URL is not set: CI must run the PostgreSQL suites (see .ci/run)')
    }
    console.warn('TEST_DATABASE_URL is not set: PostgreSQL suites are skipped (SQLite suites still run)')
  }
}
