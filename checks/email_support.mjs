// The caniemail scan for `invoke check` (email_rules.py): node email_support.mjs '<clients JSON>' FILE...
// Prints {file: [error messages]} as JSON. Only errors (unsupported features) are reported;
// doiuse-email's notes and partial-support warnings would drown the few that matter.
import { readFileSync } from 'node:fs';
import { doIUseEmail } from '@jsx-email/doiuse-email';

const [clients, ...files] = process.argv.slice(2);
const emailClients = JSON.parse(clients);
const results = {};
for (const file of files) {
  const result = doIUseEmail(readFileSync(file, 'utf8'), { emailClients });
  results[file] = result.success ? [] : [...new Set(result.errors)];
}
process.stdout.write(JSON.stringify(results));
