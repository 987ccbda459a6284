// Tests run Lit's development build (vitest resolves the `development` export), which warns once per test
// file that it is in dev mode. Lit skips a warning already in this set; its other warnings still show.
const lit = globalThis as { litIssuedWarnings?: Set<string> };
lit.litIssuedWarnings ??= new Set();
lit.litIssuedWarnings.add('dev-mode');
