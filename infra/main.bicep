targetScope = 'subscription'

// Everything the publishing backend needs in Azure, in one resource group. Check it with
// `az bicep build --file infra/main.bicep`; deploy it with `azd up` (see docs/azure.md).

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it seeds the resource token and tags every resource.')
param environmentName string

@minLength(1)
@description('Region of every resource; it must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the developer running azd; gets data access for debugging. Empty: none.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal'])
@description('Kind of principalId: User for a developer, ServicePrincipal for a CI pipeline.')
param principalType string = 'User'

@description('Issuer of the publishers\' bearer tokens. Empty: Microsoft Entra ID v2 of this tenant.')
param authIssuer string = ''

@minLength(1)
@description('Audience the publishers\' bearer tokens must carry (the API app registration\'s application id URI or client id).')
param authAudience string

@description('JWKS URL of the issuer. Empty: Microsoft Entra ID v2 keys of this tenant.')
param authJwksUrl string = ''

@description('Claim of the bearer token that names the publisher account.')
param authAccountClaim string = 'extension_publisherAccountId'

@secure()
@description('AES-256-GCM key sealing offer secrets: 32 random bytes, base64. The preprovision hook creates it once per azd environment; the app reads it from Key Vault. Never replace it by hand (docs/azure.md).')
param secretsEncryptionKey string

@secure()
@minLength(1)
@description('Certification webhook signing secrets (Standard Webhooks "whsec_..." values, space-separated; several during a rotation). Stored in Key Vault only.')
param certificationWebhookSecrets string

@description('Data location of the Communication Services and e-mail resources (for example "United States", "Europe").')
param emailDataLocation string = 'United States'

@description('Name of the Durable Functions task hub. Changing it starts an empty hub: drain the old one first.')
@minLength(3)
@maxLength(45)
param durableTaskHubName string = 'publishing'

@description('Upper bound of Flex Consumption instances (the bill\'s ceiling under load).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Largest JSON request body the publisher API accepts, in bytes.')
param httpMaxBodyBytes int = 262144

@allowed([512, 2048, 4096])
@description('Memory of each Flex Consumption instance, in MB.')
param instanceMemoryMB int = 2048

@description('Turn on purge protection for the Key Vault (recommended in production: its key protects every offer secret). Once on, it cannot be turned off.')
param keyVaultPurgeProtection bool = false

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
// The Flex Consumption deployment package lives in a container of the host storage account.
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var entraIssuer = '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
var entraJwksUrl = '${environment().authentication.loginEndpoint}${tenant().tenantId}/discovery/v2.0/keys'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

// One user-assigned identity for the app: every data-plane role below is granted to it, and
// AZURE_CLIENT_ID tells the SDKs' DefaultAzureCredential to use it.
module apiIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.6.0' = {
  name: 'apiIdentity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    hostStorageAccountName: '${abbrs.storageStorageAccounts}${resourceToken}'
    assetsStorageAccountName: '${abbrs.storageStorageAccounts}as${resourceToken}'
    deploymentContainerName: deploymentContainerName
  }
}

module cosmos 'app/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    location: location
    tags: tags
    accountName: '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
    dataContributorPrincipalIds: concat([apiIdentity.outputs.principalId], empty(principalId) ? [] : [principalId])
  }
}

module email 'app/email.bicep' = {
  name: 'email'
  scope: rg
  params: {
    tags: tags
    communicationServiceName: '${abbrs.communicationCommunicationServices}${resourceToken}'
    emailServiceName: '${abbrs.communicationEmailServices}${resourceToken}'
    dataLocation: emailDataLocation
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyVault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    purgeProtection: keyVaultPurgeProtection
    secretsEncryptionKey: secretsEncryptionKey
    certificationWebhookSecrets: certificationWebhookSecrets
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    appPrincipalId: apiIdentity.outputs.principalId
    developerPrincipalId: principalId
    developerPrincipalType: principalType
    hostStorageAccountName: storage.outputs.hostStorageAccountName
    assetsStorageAccountName: storage.outputs.assetsStorageAccountName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    communicationServiceName: email.outputs.communicationServiceName
    keyVaultName: keyVault.outputs.name
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityResourceId: apiIdentity.outputs.resourceId
    identityClientId: apiIdentity.outputs.clientId
    hostStorageAccountName: storage.outputs.hostStorageAccountName
    deploymentContainerUrl: '${storage.outputs.hostBlobEndpoint}${deploymentContainerName}'
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    durableTaskHubName: durableTaskHubName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    assetsBlobEndpoint: storage.outputs.assetsBlobEndpoint
    emailEndpoint: email.outputs.endpoint
    emailSenderAddress: email.outputs.senderAddress
    authIssuer: empty(authIssuer) ? entraIssuer : authIssuer
    authAudience: authAudience
    authJwksUrl: empty(authJwksUrl) ? entraJwksUrl : authJwksUrl
    authAccountClaim: authAccountClaim
    httpMaxBodyBytes: httpMaxBodyBytes
    secretsEncryptionKeyUri: keyVault.outputs.secretsEncryptionKeyUri
    certificationWebhookSecretsUri: keyVault.outputs.certificationWebhookSecretsUri
  }
  // The app resolves its Key Vault reference and reaches its data at start: grant first.
  dependsOn: [rbac]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output API_URL string = 'https://${api.outputs.defaultHostname}/api'
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output ASSETS_BLOB_ENDPOINT string = storage.outputs.assetsBlobEndpoint
output EMAIL_SENDER_ADDRESS string = email.outputs.senderAddress
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
