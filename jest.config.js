const { availableParallelism } = require('node:os');

/** Unit and contract specs beside the code; cross-process suites under test/e2e. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const moduleNameMapper = {
  '^@crm/domain$': '<rootDir>/libs/domain/src',
  '^@crm/event-store$': '<rootDir>/libs/event-store/src',
  '^@crm/read-models$': '<rootDir>/libs/read-models/src',
  '^@crm/platform$': '<rootDir>/libs/platform/src',
  '^@crm/policy$': '<rootDir>/libs/policy/src',
  '^@crm/api-kit$': '<rootDir>/libs/api-kit/src',
  '^@crm/contracts$': '<rootDir>/libs/contracts/src',
  '^@crm/messaging$': '<rootDir>/libs/messaging/src',
  '^@crm/risk$': '<rootDir>/libs/risk/src',
  '^@crm/inbound$': '<rootDir>/libs/inbound/src',
  '^@crm/testing$': '<rootDir>/libs/testing/src',
  '^@crm/sql$': '<rootDir>/libs/sql/src',
};

const common = {
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testEnvironment: 'node',
  setupFilesAfterEnv: ['<rootDir>/test/jest-retry.js'],
};

module.exports = {
  // Jest's default on a 2-core machine is one worker, which runs every suite in band; most suites
  // spend their time waiting on child processes, fsync, Kafka and PostgreSQL, so two run side by
  // side in well under half the time (measured on a 2-core machine: all of jest in 394 s with two
  // workers; the last CI run with one took 1,452 s end to end).
  maxWorkers: Math.max(2, availableParallelism()),
  // A global option (jest ignores it per project). Durable commits fsync, e2e suites start real
  // processes, and on a busy shared machine either has been seen to take seconds.
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/test/architecture/**/*.spec.ts',
        '<rootDir>/test/observability/**/*.spec.ts',
      ],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
  ],
};
