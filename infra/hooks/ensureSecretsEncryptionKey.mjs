// azd preprovision hook: makes sure the azd environment holds SECRETS_ENCRYPTION_KEY, the
// 32-byte AES-256-GCM key that seals offer secrets (main.bicep stores it in Key Vault and the
// app reads it through a Key Vault reference).
//
// It creates a key only when the environment has none, and refuses to when the environment was
// provisioned before (AZURE_KEY_VAULT_NAME is set): a new key there would make every stored offer
// secret unreadable. Recover the key from the vault into the environment instead (docs/azure.md).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const existing = process.env.SECRETS_ENCRYPTION_KEY;
if (existing) {
  if (Buffer.from(existing, 'base64').length !== 32) {
    console.error('SECRETS_ENCRYPTION_KEY in the azd environment is not 32 bytes of base64.');
    process.exit(1);
  }
  process.exit(0);
}

if (process.env.AZURE_KEY_VAULT_NAME) {
  console.error(
    `This environment was provisioned before (vault ${process.env.AZURE_KEY_VAULT_NAME}) but has no ` +
      'SECRETS_ENCRYPTION_KEY. Copy it from the vault instead of creating a new one:\n' +
      `  azd env set SECRETS_ENCRYPTION_KEY "$(az keyvault secret show --vault-name ${process.env.AZURE_KEY_VAULT_NAME} ` +
      '--name secrets-encryption-key --query value -o tsv)"',
  );
  process.exit(1);
}

execFileSync('azd', ['env', 'set', 'SECRETS_ENCRYPTION_KEY', randomBytes(32).toString('base64')], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
console.log('Created SECRETS_ENCRYPTION_KEY for this azd environment.');
