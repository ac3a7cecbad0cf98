// Suites run side by side against one PostgreSQL server, and its visibility horizon is the whole
// server's oldest open transaction: a test that reads "everything now" from a fresh reader can,
// rarely, run while another suite holds a transaction open and see less for a moment. Such a test
// gets one more try. Its first failure is printed (logErrorsBeforeRetry), so a flake stays in the
// log, and a real failure fails twice.
jest.retryTimes(1, { logErrorsBeforeRetry: true });
