#!/usr/bin/env node
/**
 * Sums jest JSON reports (and extra "name:passed:failed" tallies for steps that are not jest
 * suites, such as lint) into the one closing line CI reads: `N passed, N failed`.
 * Usage: node scripts/test-summary.js report1.json [report2.json ...] [--step name:passed:failed ...]
 */
const fs = require('node:fs');

let passed = 0;
let failed = 0;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
	if (args[i] === '--step') {
		const [name, p, f] = args[++i].split(':');
		passed += Number(p);
		failed += Number(f);
		console.log(`${name}: ${p} passed, ${f} failed`);
		continue;
	}
	const file = args[i];
	if (!fs.existsSync(file)) {
		console.log(`${file}: no report (the suite did not run to the end)`);
		failed += 1;
		continue;
	}
	const report = JSON.parse(fs.readFileSync(file, 'utf8'));
	// A suite that failed to run (syntax error, crash) has no tests but counts as a failure.
	const brokenSuites = report.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.length === 0).length;
	passed += report.numPassedTests;
	failed += report.numFailedTests + brokenSuites;
	console.log(`${file}: ${report.numPassedTests} passed, ${report.numFailedTests + brokenSuites} failed`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
