/** Fast suite: unit tests of the shared runtime and workflow tests on the built package. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	
	testTimeout: 60000,
	maxWorkers: 2,
};
