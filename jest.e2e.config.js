/** End-to-end suite: a real n8n (Node 24) with the packed package, sandboxes, and Chromium. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	testTimeout: 180000,
	maxWorkers: 1,
};
