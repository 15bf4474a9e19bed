// Key Vault, Azure RBAC only (no access policies). It holds two secrets, each read by the
// platform through a Key Vault reference in an app setting, with the app's identity (Key Vault
// Secrets User); the values never appear in the app settings themselves:
// - the AES-256-GCM key that seals offer secrets before they reach Cosmos DB (docs/azure.md);
// - the certification webhook signing secrets.
// Both are versioned: a rotation adds a version, earlier versions stay readable in the vault.

param location string
param tags object
param name string
param purgeProtection bool

@secure()
param secretsEncryptionKey string

@secure()
param certificationWebhookSecrets string

var secretsKeyName = 'secrets-encryption-key'
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
    secrets: [
      {
        name: secretsKeyName
        value: secretsEncryptionKey
        contentType: 'application/octet-stream; base64, 32 bytes'
      }
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
// Versionless secret URIs: the app settings' Key Vault references follow the latest version.
output secretsEncryptionKeyUri string = vault.outputs.secrets[0].uri
output certificationWebhookSecretsUri string = vault.outputs.secrets[1].uri
