// Key Vault, Azure RBAC only (no access policies). It holds:
// - the key-encryption key of offer secrets (envelope encryption, docs/azure.md): an RSA key
//   that never leaves the vault; the app wraps and unwraps per-secret data keys with it
//   (Key Vault Crypto User);
// - the certification webhook signing secrets, read by the platform through a Key Vault
//   reference in the app settings (Key Vault Secrets User).

param location string
param tags object
param name string
param purgeProtection bool

@secure()
param certificationWebhookSecrets string

var secretsKeyName = 'offer-secrets-kek'
var webhookSecretName = 'certification-webhook-secrets'

module vault 'br/public:avm/res/key-vault/vault:0.14.0' = {
  name: 'keyVault'
  params: {
    name: name
    location: location
    tags: tags
    sku: 'standard'
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: purgeProtection
    // Not a vault for VMs or ARM templates to read secrets from.
    enableVaultForDeployment: false
    enableVaultForTemplateDeployment: false
    enableVaultForDiskEncryption: false
    publicNetworkAccess: 'Enabled'
    keys: [
      {
        name: secretsKeyName
        kty: 'RSA'
        keySize: 3072
        keyOps: ['wrapKey', 'unwrapKey']
        // A new version each year; older versions stay enabled so that data keys wrapped with
        // them still unwrap (each stored secret records the exact key version it used).
        rotationPolicy: {
          lifetimeActions: [
            {
              action: { type: 'rotate' }
              trigger: { timeAfterCreate: 'P1Y' }
            }
          ]
        }
      }
    ]
    secrets: [
      {
        name: webhookSecretName
        value: certificationWebhookSecrets
        contentType: 'text/plain; Standard Webhooks secrets, space-separated'
      }
    ]
  }
}

output name string = vault.outputs.name
output uri string = vault.outputs.uri
@description('Versionless key URI: the app wraps with the current version and unwraps with the one recorded.')
output secretsKeyUri string = vault.outputs.keys[0].uri
@description('Versionless secret URI: the app setting\'s Key Vault reference follows the latest version.')
output certificationWebhookSecretsUri string = vault.outputs.secrets[0].uri
