/** Fast suite: unit tests of the shared runtime and workflow tests on the built package. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// The real-n8n suites have their own configs and commands (npm run test:e2e, test:queue).
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/queue/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	
	testTimeout: 60000,
	maxWorkers: 2,
};
