// The Function App: Flex Consumption plan, Node.js 20, user-assigned managed identity, and
// every app setting the app reads. `appSettings` below is the ONE place where settings are
// written; test/infra/configNames.test.ts compares its names with app/config.ts.

param name string
param planName string
param location string
param tags object
param identityResourceId string
param identityClientId string
param hostStorageAccountName string
param deploymentContainerUrl string
param applicationInsightsConnectionString string
param durableTaskHubName string
param maximumInstanceCount int
param instanceMemoryMB int

param cosmosEndpoint string
param cosmosDatabaseName string
param assetsBlobEndpoint string
param emailEndpoint string
param emailSenderAddress string
param authIssuer string
param authAudience string
param authJwksUrl string
param authAccountClaim string
param secretsEncryptionKeyUri string
param httpMaxBodyBytes int
param certificationWebhookSecretsUri string

@description('Certification service root URL (the publish pipeline sends packages there).')
param certificationEndpoint string = 'https://certification.invalid/'

@description('CRM package provisioning service root URL.')
param crmProvisioningEndpoint string = 'https://crm-provisioning.invalid/'

@description('Seconds the publish pipeline waits for certification before timing out (5 days).')
param certificationDeadlineSeconds int = 432000

var appSettings = {
  // --- Platform-owned (read by the Functions host, not by app/config.ts) ---------------------
  // Host storage through the managed identity: no connection string, no key. The Durable
  // task hub uses the same connection (queues and tables of this account).
  AzureWebJobsStorage__accountName: hostStorageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // host.json reads the hub name from here ("%DURABLE_TASK_HUB_NAME%").
  DURABLE_TASK_HUB_NAME: durableTaskHubName
  // Telemetry is sent with the identity's token (the component has local auth off).
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

  // --- Read by app/config.ts --------------------------------------------------------------
  // Read by the Functions host and by the app (OpenTelemetry export is on only when it is set).
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  AZURE_CLIENT_ID: identityClientId
  COSMOS_ENDPOINT: cosmosEndpoint
  COSMOS_DATABASE: cosmosDatabaseName
  ASSETS_BLOB_ENDPOINT: assetsBlobEndpoint
  EMAIL_ENDPOINT: emailEndpoint
  EMAIL_SENDER_ADDRESS: emailSenderAddress
  AUTH_ISSUER: authIssuer
  AUTH_AUDIENCE: authAudience
  AUTH_JWKS_URL: authJwksUrl
  AUTH_ACCOUNT_CLAIM: authAccountClaim
  HTTP_MAX_BODY_BYTES: string(httpMaxBodyBytes)
  CERTIFICATION_ENDPOINT: certificationEndpoint
  CRM_PROVISIONING_ENDPOINT: crmProvisioningEndpoint
  CERTIFICATION_DEADLINE_SECONDS: string(certificationDeadlineSeconds)
  // Test drives and lead delivery: the public Microsoft cloud and the CRM form endpoints.
  ENTRA_AUTHORITY_HOST: environment().authentication.loginEndpoint
  ARM_ENDPOINT: environment().resourceManager
  MARKETO_FORM_BASE_URL: 'https://app-{serverId}.marketo.com'
  SALESFORCE_WEB_TO_LEAD_URL: 'https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8'
  // Quotas on paid work (docs/test-drives-and-leads.md): <count>/<n><s|m|h|d>, sliding window.
  QUOTA_TEST_DRIVE_STARTS_PER_CUSTOMER: '10/1d'
  QUOTA_TEST_DRIVE_STARTS_PER_OFFER: '500/1h'
  QUOTA_CONTACT_REQUESTS_PER_CUSTOMER: '20/1d'
  QUOTA_CONTACT_REQUESTS_PER_OFFER: '1000/1h'
  // Resolved by the platform from Key Vault with the app's identity: the app reads the values,
  // the site's configuration only holds the references.
  SECRETS_ENCRYPTION_KEY: '@Microsoft.KeyVault(SecretUri=${secretsEncryptionKeyUri})'
  CERTIFICATION_WEBHOOK_SECRETS: '@Microsoft.KeyVault(SecretUri=${certificationWebhookSecretsUri})'
}

module plan 'br/public:avm/res/web/serverfarm:0.7.0' = {
  name: 'plan'
  params: {
    name: planName
    location: location
    tags: tags
    skuName: 'FC1'
    reserved: true
  }
}

module site 'br/public:avm/res/web/site:0.24.0' = {
  name: 'site'
  params: {
    name: name
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    kind: 'functionapp,linux'
    serverFarmResourceId: plan.outputs.resourceId
    httpsOnly: true
    clientAffinityEnabled: false
    managedIdentities: {
      userAssignedResourceIds: [identityResourceId]
    }
    // Key Vault references in app settings are resolved with this identity.
    keyVaultAccessIdentityResourceId: identityResourceId
    siteConfig: {
      alwaysOn: false
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: '20'
      }
    }
    configs: [
      {
        name: 'appsettings'
        // The template is the whole truth: a setting removed here disappears from the app.
        retainCurrentAppSettings: false
        properties: appSettings
      }
    ]
  }
}

output name string = site.outputs.name
output defaultHostname string = site.outputs.defaultHostname
